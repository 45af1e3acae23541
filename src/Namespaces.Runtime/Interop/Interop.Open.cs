using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

internal static partial class Interop
{
    internal static class OpenFlags
    {
        internal const int O_RDONLY = 0x0;
        internal const int O_WRONLY = 0x1;
        internal const int O_CREAT = 0x40;
        internal const int O_EXCL = 0x80;
        internal const int O_NOCTTY = 0x100;
        internal const int O_NONBLOCK = 0x800;
        internal const int O_CLOEXEC = 0x80000;
        internal const int O_PATH = 0x200000;
        // O_DIRECTORY and O_NOFOLLOW differ between x86-64 and arm64 (asm-generic vs x86 headers).
        internal static int O_DIRECTORY => RuntimeInformation.ProcessArchitecture is Architecture.Arm64 ? 0x4000 : 0x10000;
        internal static int O_NOFOLLOW => RuntimeInformation.ProcessArchitecture is Architecture.Arm64 ? 0x8000 : 0x20000;
    }

    private const int F_DUPFD_CLOEXEC = 1030;

    [LibraryImport(Libraries.Libc, EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int OpenRaw(string path, int flags, int mode);

    [LibraryImport(Libraries.Libc, EntryPoint = "openat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int OpenAtRaw(SafeFileHandle directory, string path, int flags, int mode);

    [LibraryImport(Libraries.Libc, EntryPoint = "fcntl", SetLastError = true)]
    private static partial int FcntlRaw(SafeFileHandle fd, int command, int argument);

    /// <summary>open(2) with O_CLOEXEC always added, EINTR retried; <paramref name="handle"/> is invalid on failure.</summary>
    internal static Error Open(string path, int flags, out SafeFileHandle handle, int mode = 0)
    {
        int fd;
        do
        {
            fd = OpenRaw(path, flags | OpenFlags.O_CLOEXEC, mode);
        }
        while (Interrupted(fd));
        return Adopt(fd, out handle);
    }

    /// <summary>openat(2) relative to <paramref name="directory"/>, O_CLOEXEC always added, EINTR retried.</summary>
    internal static Error OpenAt(SafeFileHandle directory, string path, int flags, out SafeFileHandle handle)
    {
        int fd;
        do
        {
            fd = OpenAtRaw(directory, path, flags | OpenFlags.O_CLOEXEC, 0);
        }
        while (Interrupted(fd));
        return Adopt(fd, out handle);
    }

    /// <summary>dup with close-on-exec (F_DUPFD_CLOEXEC), so a duplicate never leaks into a child process; never interrupted.</summary>
    internal static Error Dup(SafeFileHandle fd, out SafeFileHandle duplicate) => Adopt(FcntlRaw(fd, F_DUPFD_CLOEXEC, 0), out duplicate);

    private static Error Adopt(int fd, out SafeFileHandle handle)
    {
        if (fd < 0)
        {
            Error error = GetLastError();
            handle = new SafeFileHandle();
            return error;
        }

        handle = new SafeFileHandle(fd, ownsHandle: true);
        return Error.SUCCESS;
    }
}

using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static class MountFlags
    {
        internal const ulong MS_RDONLY = 1;
        internal const ulong MS_NOSUID = 2;
        internal const ulong MS_NODEV = 4;
        internal const ulong MS_NOEXEC = 8;
        internal const ulong MS_REMOUNT = 32;
        internal const ulong MS_BIND = 4096;
        internal const ulong MS_REC = 16384;
        internal const ulong MS_PRIVATE = 1 << 18;
        internal const ulong MS_SLAVE = 1 << 19;
        internal const ulong MS_SHARED = 1 << 20;
    }

    internal const int MNT_DETACH = 2;
    internal const int UMOUNT_NOFOLLOW = 8;

    [LibraryImport(Libraries.Libc, EntryPoint = "mount", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int MountRaw(string? source, string target, string? fileSystemType, ulong flags, string? data);

    [LibraryImport(Libraries.Libc, EntryPoint = "statvfs", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static unsafe partial int StatVfsRaw(string path, byte* buffer);

    [LibraryImport(Libraries.Libc, EntryPoint = "umount2", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int UnmountRaw(string target, int flags);

    /// <summary>mount(2) in the calling thread's mount namespace; returns 0 or the errno.</summary>
    internal static int Mount(string? source, string target, string? fileSystemType, ulong flags, string? data = null)
        => MountRaw(source, target, fileSystemType, flags, data) < 0 ? Marshal.GetLastPInvokeError() : 0;

    /// <summary>The ST_* mount flags of the file system holding <paramref name="path"/> (they equal MS_RDONLY..MS_NOEXEC bit for bit); returns 0 or the errno.</summary>
    internal static unsafe int GetMountFlags(string path, out ulong flags)
    {
        // struct statvfs on 64-bit Linux: nine 8-byte fields, then f_flag.
        byte* buffer = stackalloc byte[256];
        int rc = StatVfsRaw(path, buffer);
        flags = rc < 0 ? 0 : *(ulong*)(buffer + 72);
        return rc < 0 ? Marshal.GetLastPInvokeError() : 0;
    }

    /// <summary>umount2(2); returns 0 or the errno.</summary>
    internal static int Unmount(string target, int flags)
        => UnmountRaw(target, flags) < 0 ? Marshal.GetLastPInvokeError() : 0;
}

using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

internal static partial class Interop
{
    internal const uint MFD_CLOEXEC = 0x1;
    internal const uint MFD_ALLOW_SEALING = 0x2;
    // Linux 6.3: an executable memfd must say so when vm.memfd_noexec asks; older kernels refuse the bit (EINVAL).
    internal const uint MFD_EXEC = 0x10;

    private const int F_ADD_SEALS = 1033;
    // Nothing can change the file once sealed: no write, no resize, no new seals.
    internal const int F_SEAL_SEAL = 0x1;
    internal const int F_SEAL_SHRINK = 0x2;
    internal const int F_SEAL_GROW = 0x4;
    internal const int F_SEAL_WRITE = 0x8;

    [LibraryImport(Libraries.Libc, EntryPoint = "memfd_create", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int MemfdCreateRaw(string name, uint flags);

    [LibraryImport(Libraries.Libc, EntryPoint = "fcntl", SetLastError = true)]
    private static partial int FcntlSealsRaw(SafeFileHandle fd, int command, int seals);

    /// <summary>memfd_create(2); the descriptor is always close-on-exec.</summary>
    internal static Error MemfdCreate(string name, uint flags, out SafeFileHandle handle)
    {
        int fd = MemfdCreateRaw(name, flags | MFD_CLOEXEC);
        Error error = Check(fd);
        handle = new SafeFileHandle(error == Error.SUCCESS ? fd : -1, ownsHandle: true);
        return error;
    }

    /// <summary>fcntl(F_ADD_SEALS).</summary>
    internal static Error AddSeals(SafeFileHandle fd, int seals) => Check(FcntlSealsRaw(fd, F_ADD_SEALS, seals));
}

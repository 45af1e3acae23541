using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

internal static partial class Interop
{
    /// <summary>f_type of the nsfs pseudo file system (linux/magic.h).</summary>
    internal const long NSFS_MAGIC = 0x6e736673;

    /// <summary>f_type of procfs (linux/magic.h).</summary>
    internal const long PROC_SUPER_MAGIC = 0x9fa0;

    [LibraryImport(Libraries.Libc, EntryPoint = "fstatfs", SetLastError = true)]
    private static unsafe partial int FStatFsRaw(SafeFileHandle fd, byte* buffer);

    /// <summary>The file system type (f_type) of an open fd; returns 0 or the errno.</summary>
    internal static unsafe int GetFileSystemType(SafeFileHandle fd, out long type)
    {
        // struct statfs is 120 bytes on x86-64 and arm64; f_type is its first field (a long on both).
        byte* buffer = stackalloc byte[256];
        int rc;
        do
        {
            rc = FStatFsRaw(fd, buffer);
        }
        while (rc < 0 && Marshal.GetLastPInvokeError() == Errno.EINTR);
        type = rc < 0 ? 0 : *(long*)buffer;
        return rc < 0 ? Marshal.GetLastPInvokeError() : 0;
    }
}

using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

internal static partial class Interop
{
    private const int AT_EMPTY_PATH = 0x1000;
    private const uint STATX_INO = 0x100;

    [LibraryImport(Libraries.Libc, EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static unsafe partial int StatxRaw(SafeFileHandle directory, string path, int flags, uint mask, byte* buffer);

    /// <summary>The inode number of an open fd (for a namespace file: the namespace's id); returns 0 or the errno.</summary>
    internal static unsafe int GetInode(SafeFileHandle fd, out ulong inode)
    {
        // struct statx has one layout on every architecture; stx_ino is the u64 at offset 32.
        byte* buffer = stackalloc byte[256];
        int rc = StatxRaw(fd, "", AT_EMPTY_PATH, STATX_INO, buffer);
        inode = rc < 0 ? 0 : *(ulong*)(buffer + 32);
        return rc < 0 ? Marshal.GetLastPInvokeError() : 0;
    }
}

using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

internal static partial class Interop
{
    private const int AT_EMPTY_PATH = 0x1000;
    private const int AT_FDCWD = -100;
    private const int AT_SYMLINK_NOFOLLOW = 0x100;
    private const uint STATX_TYPE = 0x1;
    private const uint STATX_INO = 0x100;
    private const uint STATX_SIZE = 0x200;
    internal const int S_IFMT = 0xF000;
    internal const int S_IFREG = 0x8000;
    internal const int S_IFLNK = 0xA000;

    /// <summary>The start of struct statx (linux/stat.h: one layout on every architecture, 256 bytes), up to stx_size.</summary>
    [StructLayout(LayoutKind.Sequential, Size = 256)]
    internal struct Statx
    {
        public uint Mask;
        public uint BlockSize;
        public ulong Attributes;
        public uint LinkCount;
        public uint Uid;
        public uint Gid;
        public ushort Mode;
        private ushort _spare0;
        public ulong Inode;
        public ulong Size;
    }

    [LibraryImport(Libraries.Libc, EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static unsafe partial int StatxRaw(SafeFileHandle directory, string path, int flags, uint mask, Statx* buffer);

    [LibraryImport(Libraries.Libc, EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static unsafe partial int StatxRaw(int directory, string path, int flags, uint mask, Statx* buffer);

    /// <summary>The inode number of an open fd (for a namespace file: the namespace's id), EINTR retried.</summary>
    internal static unsafe Error GetInode(SafeFileHandle fd, out ulong inode)
    {
        Statx buffer;
        int rc;
        do
        {
            rc = StatxRaw(fd, "", AT_EMPTY_PATH, STATX_INO, &buffer);
        }
        while (Interrupted(rc));
        inode = rc < 0 ? 0 : buffer.Inode;
        return Check(rc);
    }

    /// <summary>The file type bits (S_IFMT) and size of <paramref name="path"/>, not following a final symlink, EINTR retried.</summary>
    internal static unsafe Error GetFileTypeAndSize(string path, out int type, out ulong size)
    {
        Statx buffer;
        int rc;
        do
        {
            rc = StatxRaw(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, STATX_TYPE | STATX_SIZE, &buffer);
        }
        while (Interrupted(rc));
        type = rc < 0 ? 0 : buffer.Mode & S_IFMT;
        size = rc < 0 ? 0 : buffer.Size;
        return Check(rc);
    }
}

using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

internal static partial class Interop
{
    private const int AT_EMPTY_PATH = 0x1000;
    private const uint STATX_INO = 0x100;

    /// <summary>The start of struct statx (linux/stat.h: one layout on every architecture, 256 bytes), up to stx_ino.</summary>
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
    }

    [LibraryImport(Libraries.Libc, EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static unsafe partial int StatxRaw(SafeFileHandle directory, string path, int flags, uint mask, Statx* buffer);

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
}

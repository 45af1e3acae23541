using System.Runtime.InteropServices;

internal static partial class Interop
{
    private const int AT_FDCWD_VALUE = -100;
    private const int AT_SYMLINK_NOFOLLOW = 0x100;
    private const uint STATX_TYPE = 0x1;
    private const uint STATX_SIZE = 0x200;
    internal const int S_IFMT = 0xF000;
    internal const int S_IFREG = 0x8000;

    /// <summary>The head of struct statx (one layout on every architecture), padded to the kernel's 256 bytes.</summary>
    [StructLayout(LayoutKind.Sequential, Size = 256)]
    private struct StatxHead
    {
        public uint Mask;
        public uint BlockSize;
        public ulong Attributes;
        public uint Links;
        public uint Uid;
        public uint Gid;
        public ushort Mode;
        private ushort _spare;
        public ulong Inode;
        public ulong Size;
    }

    [LibraryImport(Libraries.Libc, EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static unsafe partial int StatxPathRaw(int directory, string path, int flags, uint mask, StatxHead* buffer);

    /// <summary>The file type bits (S_IFMT) and size of <paramref name="path"/>, not following a final symlink.</summary>
    internal static unsafe Error GetFileTypeAndSize(string path, out int type, out ulong size)
    {
        StatxHead head;
        int rc;
        do
        {
            rc = StatxPathRaw(AT_FDCWD_VALUE, path, AT_SYMLINK_NOFOLLOW, STATX_TYPE | STATX_SIZE, &head);
        }
        while (Interrupted(rc));
        type = rc < 0 ? 0 : head.Mode & S_IFMT;
        size = rc < 0 ? 0 : head.Size;
        return Check(rc);
    }
}

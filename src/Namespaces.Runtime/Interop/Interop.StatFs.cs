using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

internal static partial class Interop
{
    /// <summary>f_type of the nsfs pseudo file system (linux/magic.h).</summary>
    internal const long NSFS_MAGIC = 0x6e736673;

    /// <summary>f_type of procfs (linux/magic.h).</summary>
    internal const long PROC_SUPER_MAGIC = 0x9fa0;

    /// <summary>glibc's struct statfs on 64-bit Linux (x86-64 and arm64 agree: 120 bytes).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct StatFs
    {
        public long Type;
        public long BlockSize;
        public ulong Blocks;
        public ulong BlocksFree;
        public ulong BlocksAvailable;
        public ulong Files;
        public ulong FilesFree;
        public fixed int FileSystemId[2];
        public long NameLength;
        public long FragmentSize;
        public long Flags;
        public fixed long Spare[4];
    }

    /// <summary>glibc's struct statvfs on 64-bit Linux (112 bytes); f_flag holds ST_* mount flags.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct StatVfs
    {
        public ulong BlockSize;
        public ulong FragmentSize;
        public ulong Blocks;
        public ulong BlocksFree;
        public ulong BlocksAvailable;
        public ulong Files;
        public ulong FilesFree;
        public ulong FilesAvailable;
        public ulong FileSystemId;
        public ulong Flags;
        public ulong NameMax;
        public fixed int Spare[6];
    }

    [LibraryImport(Libraries.Libc, EntryPoint = "fstatfs", SetLastError = true)]
    private static unsafe partial int FStatFsRaw(SafeFileHandle fd, StatFs* buffer);

    [LibraryImport(Libraries.Libc, EntryPoint = "statvfs", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static unsafe partial int StatVfsRaw(string path, StatVfs* buffer);

    /// <summary>The file system type (f_type, a *_MAGIC) of an open fd, EINTR retried.</summary>
    internal static unsafe Error GetFileSystemType(SafeFileHandle fd, out long type)
    {
        StatFs buffer;
        int rc;
        do
        {
            rc = FStatFsRaw(fd, &buffer);
        }
        while (Interrupted(rc));
        type = rc < 0 ? 0 : buffer.Type;
        return Check(rc);
    }

    /// <summary>The ST_* mount flags of the file system holding <paramref name="path"/> (they equal MS_RDONLY..MS_NOEXEC bit for bit), EINTR retried.</summary>
    internal static unsafe Error GetMountFlags(string path, out ulong flags)
    {
        StatVfs buffer;
        int rc;
        do
        {
            rc = StatVfsRaw(path, &buffer);
        }
        while (Interrupted(rc));
        flags = rc < 0 ? 0 : buffer.Flags;
        return Check(rc);
    }
}

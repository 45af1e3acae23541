using System.Runtime.InteropServices;

internal static partial class Interop
{
    /// <summary>mount(2) flags (linux/mount.h).</summary>
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

    /// <summary>umount2(2) flags.</summary>
    internal static class UnmountFlags
    {
        internal const int MNT_DETACH = 2;
        internal const int UMOUNT_NOFOLLOW = 8;
    }

    [LibraryImport(Libraries.Libc, EntryPoint = "mount", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int MountRaw(string? source, string target, string? fileSystemType, ulong flags, string? data);

    [LibraryImport(Libraries.Libc, EntryPoint = "umount2", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int UnmountRaw(string target, int flags);

    /// <summary>mount(2) in the calling thread's mount namespace (EINTR retried: a mount may wait on a file system).</summary>
    internal static Error Mount(string? source, string target, string? fileSystemType, ulong flags, string? data = null)
    {
        int rc;
        do
        {
            rc = MountRaw(source, target, fileSystemType, flags, data);
        }
        while (Interrupted(rc));
        return Check(rc);
    }

    /// <summary>umount2(2), EINTR retried.</summary>
    internal static Error Unmount(string target, int flags)
    {
        int rc;
        do
        {
            rc = UnmountRaw(target, flags);
        }
        while (Interrupted(rc));
        return Check(rc);
    }
}

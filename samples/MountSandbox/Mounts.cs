using System.ComponentModel;
using System.Runtime.InteropServices;

namespace MountSandbox;

/// <summary>mount(2) for the calling thread's mount namespace: call it from a [RunInNamespace(NS.Mnt)] body.</summary>
internal static partial class Mounts
{
    private const ulong MS_RDONLY = 0x1, MS_NOSUID = 0x2, MS_NODEV = 0x4, MS_NOEXEC = 0x8, MS_REMOUNT = 0x20, MS_BIND = 0x1000;

    public static void Tmpfs(string target, string options) =>
        Check(mount("tmpfs", target, "tmpfs", MS_NOSUID | MS_NODEV, options), "mount tmpfs on " + target);

    /// <summary>
    /// Binds <paramref name="source"/> onto <paramref name="target"/>, then makes the bind read-only. A bind mount takes
    /// its flags only from the remount, which must keep the source's nosuid/nodev/noexec: inside a user namespace the
    /// kernel locks those and refuses (EPERM) a remount that would drop them.
    /// </summary>
    public static void BindReadOnly(string source, string target)
    {
        Check(mount(source, target, null, MS_BIND, null), $"bind {source} on {target}");
        Check(statvfs(target, out StatVfs stat), "statvfs " + target);
        ulong kept = (ulong)stat.f_flag & (MS_NOSUID | MS_NODEV | MS_NOEXEC); // ST_* and MS_* share these bits
        Check(mount("none", target, null, MS_REMOUNT | MS_BIND | MS_RDONLY | kept, null), "remount read-only " + target);
    }

    private static void Check(int result, string what)
    {
        if (result != 0)
            throw new Win32Exception(Marshal.GetLastPInvokeError(), what + ": " + Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError()));
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int mount(string source, string target, string? filesystemType, ulong flags, string? data);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int statvfs(string path, out StatVfs buffer);

    /// <summary>struct statvfs on 64-bit Linux (x86-64 and arm64 share it).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct StatVfs
    {
        public nuint f_bsize, f_frsize;
        public ulong f_blocks, f_bfree, f_bavail, f_files, f_ffree, f_favail;
        public nuint f_fsid, f_flag, f_namemax;
        public int f_type; // glibc's __f_spare begins here; unused
        private unsafe fixed int _spare[5];
    }
}

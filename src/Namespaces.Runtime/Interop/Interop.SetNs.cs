using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

internal static partial class Interop
{
    [LibraryImport(Libraries.Libc, EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNsRaw(SafeFileHandle fd, int nstype);

    [LibraryImport(Libraries.Libc, EntryPoint = "unshare", SetLastError = true)]
    private static partial int UnshareRaw(int flags);

    /// <summary>setns(2) for the calling thread, EINTR retried; <paramref name="nstype"/> is the CLONE_NEW* type the fd must be (0: any).</summary>
    internal static Error SetNs(SafeFileHandle fd, int nstype)
    {
        int rc;
        do
        {
            rc = SetNsRaw(fd, nstype);
        }
        while (Interrupted(rc));
        return Check(rc);
    }

    /// <summary>unshare(2) for the calling thread, EINTR retried; <paramref name="flags"/> are CLONE_NEW* and <see cref="CloneFlags"/> values.</summary>
    internal static Error Unshare(int flags)
    {
        int rc;
        do
        {
            rc = UnshareRaw(flags);
        }
        while (Interrupted(rc));
        return Check(rc);
    }
}

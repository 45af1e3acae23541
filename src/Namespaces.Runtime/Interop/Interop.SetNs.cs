using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

internal static partial class Interop
{
    internal const int CLONE_VM = 0x00000100;
    internal const int CLONE_FS = 0x00000200;

    [LibraryImport(Libraries.Libc, EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNsRaw(SafeFileHandle fd, int nstype);

    [LibraryImport(Libraries.Libc, EntryPoint = "unshare", SetLastError = true)]
    private static partial int UnshareRaw(int flags);

    /// <summary>setns(2) for the calling thread; returns 0 or the errno.</summary>
    internal static int SetNs(SafeFileHandle fd, int nstype)
    {
        int rc;
        do
        {
            rc = SetNsRaw(fd, nstype);
        }
        while (rc < 0 && Marshal.GetLastPInvokeError() == Errno.EINTR);
        return rc < 0 ? Marshal.GetLastPInvokeError() : 0;
    }

    /// <summary>unshare(2) for the calling thread; returns 0 or the errno.</summary>
    internal static int Unshare(int flags)
    {
        int rc;
        do
        {
            rc = UnshareRaw(flags);
        }
        while (rc < 0 && Marshal.GetLastPInvokeError() == Errno.EINTR);
        return rc < 0 ? Marshal.GetLastPInvokeError() : 0;
    }
}

using System.ComponentModel;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Namespaces.Benchmarks;

/// <summary>
/// The kernel calls the baselines make by hand, without the library: setns(2) and unshare(2) as a naive caller
/// would write them, plus open/close for the baseline that also opens the new namespace's file.
/// </summary>
internal static partial class Native
{
    public const int CLONE_NEWNET = 0x40000000;
    public const int O_RDONLY = 0x0;
    public const int O_CLOEXEC = 0x80000;

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    public static partial int SetNs(SafeFileHandle fd, int nstype);

    [LibraryImport("libc", EntryPoint = "unshare", SetLastError = true)]
    public static partial int Unshare(int flags);

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    public static partial uint GetEuid();

    /// <summary>Throws with the errno when a libc call returned -1.</summary>
    public static int Check(int rc, string call)
    {
        if (rc < 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), call + " failed");
        }

        return rc;
    }
}

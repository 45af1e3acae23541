using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal const int SIGKILL = 9;
    // Wait for children whatever their exit signal: ours have none (0), which keeps them invisible to waitpid(-1) elsewhere.
    private const int __WALL = 0x40000000;

    [LibraryImport(Libraries.Libc, EntryPoint = "waitpid", SetLastError = true)]
    private static unsafe partial int WaitPidRaw(int pid, int* status, int options);

    [LibraryImport(Libraries.Libc, EntryPoint = "kill", SetLastError = true)]
    private static partial int KillRaw(int pid, int signal);

    /// <summary>kill(2); returns 0 or the errno.</summary>
    internal static int Kill(int pid, int signal) => KillRaw(pid, signal) < 0 ? Marshal.GetLastPInvokeError() : 0;

    /// <summary>Reaps a child made by <see cref="CloneBlockedChild"/> (EINTR retried); returns 0 or the errno.</summary>
    internal static unsafe int Reap(int pid)
    {
        int status;
        int rc;
        do
        {
            rc = WaitPidRaw(pid, &status, __WALL);
        }
        while (rc < 0 && Marshal.GetLastPInvokeError() == Errno.EINTR);
        return rc < 0 ? Marshal.GetLastPInvokeError() : 0;
    }
}

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

    /// <summary>kill(2); never interrupted (it does not wait).</summary>
    internal static Error Kill(int pid, int signal) => Check(KillRaw(pid, signal));

    /// <summary>Waits for a child of ours to end and reaps it, whatever its exit signal, EINTR retried.</summary>
    internal static unsafe Error Reap(int pid)
    {
        int status;
        int rc;
        do
        {
            rc = WaitPidRaw(pid, &status, __WALL);
        }
        while (Interrupted(rc));
        return Check(rc);
    }
}

using Microsoft.Win32.SafeHandles;

namespace Namespaces.Processes;

/// <summary>
/// A pipe whose write end only this process holds, for as long as it lives. A child of ours opens the read end
/// (through /proc/PID/fd) right after PR_SET_PDEATHSIG: POLLHUP then means we died before the signal was armed,
/// the one race PR_SET_PDEATHSIG leaves, and one getppid() cannot see from inside a new pid namespace (it reads 0).
/// </summary>
internal static class Lifeline
{
    private static readonly object s_lock = new();
    private static SafeFileHandle? s_read;
    private static SafeFileHandle? s_write;
    private static string? s_path;

    /// <summary>/proc/PID/fd/N of the read end, for the helper's -l.</summary>
    public static string ReadEndPath
    {
        get
        {
            lock (s_lock)
            {
                if (s_path is null)
                {
                    Interop.Error error = Interop.Pipe(out SafeFileHandle read, out SafeFileHandle write);
                    if (error != Interop.Error.SUCCESS)
                    {
                        read.Dispose();
                        write.Dispose();
                        throw NamespaceException.FromErrno("Creating the lifeline pipe for child processes", error, NS.None);
                    }

                    (s_read, s_write) = (read, write);
                    s_path = ProcPath.Of(s_read);
                }

                return s_path;
            }
        }
    }
}

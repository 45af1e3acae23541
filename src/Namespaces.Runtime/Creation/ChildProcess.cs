using System.Collections.Concurrent;
using System.Threading;

namespace Namespaces.Creation;

/// <summary>
/// A child of ours made by the native helper that holds namespaces: the helper itself, waiting until it is killed,
/// or a new pid namespace's init (the helper forks it with CLONE_PARENT, so it is our child too). Either was
/// exec'd, so it shares nothing with us but the namespaces it holds, reaps whatever is reparented to it, and dies
/// with the launcher thread that started it (PR_SET_PDEATHSIG), SIGKILL of this process included.
/// </summary>
internal sealed class ChildProcess
{
    private static readonly ConcurrentDictionary<int, ChildProcess> s_live = new();

    private int _references = 1;

    private ChildProcess(int pid) => Pid = pid;

    public int Pid { get; }

    /// <summary>Takes charge of child <paramref name="pid"/>: the last <see cref="Release"/> kills and reaps it.</summary>
    public static ChildProcess Adopt(int pid)
    {
        var child = new ChildProcess(pid);
        s_live[pid] = child;
        return child;
    }

    /// <summary>
    /// One more owner (a set that shares the pid namespace this child is init of), unless the last owner has already
    /// let go: then the child is being killed or is gone, and this returns null.
    /// </summary>
    public ChildProcess? TryAcquire()
    {
        int references = Volatile.Read(ref _references);
        while (references > 0)
        {
            int seen = Interlocked.CompareExchange(ref _references, references + 1, references);
            if (seen == references)
            {
                return this;
            }

            references = seen;
        }
        return null;
    }

    /// <summary>Drops an owner; the last one kills the child, and the <see cref="ChildReaper"/> reaps it.</summary>
    public void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0 && s_live.TryRemove(Pid, out _))
        {
            // Not reaped yet, so the pid cannot have been reused: the signal reaches this child (or its zombie).
            Interop.Kill(Pid, Interop.SIGKILL);
            ChildReaper.Enqueue(() => Interop.Reap(Pid));
        }
    }

    /// <summary>How many such children are alive or not yet reaped (tests check that none leak).</summary>
    internal static int LiveCount => s_live.Count + ChildReaper.Pending;
}

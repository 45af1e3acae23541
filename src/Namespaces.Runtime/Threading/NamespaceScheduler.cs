using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading;

namespace Namespaces.Threading;

/// <summary>
/// The process's namespace threads, shared by every set: at most <see cref="Tunables.MaxThreads"/>, created (from
/// home) only when every existing one is busy, so their number follows how many calls run at once, not how many
/// sets exist. A group that may take one more thread asks here: the thread that served it last first (it may still
/// stand in the group's namespaces: no setns at all), then any idle one, then a new one; when none can be had, the
/// group waits in a queue that threads look at before they go idle.
/// </summary>
/// <remarks>
/// Two lanes: threads that share the process's fs_struct (its working directory) serve calls without a mount
/// namespace; threads that did unshare(CLONE_FS), as joining a mount namespace needs, serve calls with one. A thread
/// moves from the first lane to the second when it is needed there, never back.
/// </remarks>
internal static class NamespaceScheduler
{
    private static readonly object s_lock = new();
    private static NamespaceThread[] s_threads = [];
    private static int s_starting;
    private static readonly ConcurrentQueue<(NamespaceThreadGroup Group, WorkItem? Item)>[] s_waiting = [new(), new()];

    /// <summary>The live namespace threads (a snapshot).</summary>
    public static NamespaceThread[] Threads => Volatile.Read(ref s_threads);

    /// <summary>Groups waiting for a thread, over both lanes (a snapshot, for gauges).</summary>
    public static int Waiting => s_waiting[0].Count + s_waiting[1].Count;

    /// <summary>
    /// Gives <paramref name="group"/>, which the caller activated (<see cref="NamespaceThreadGroup.TryActivate"/>), a
    /// thread that serves it, starting with <paramref name="item"/> (or the group's queue when null).
    /// </summary>
    public static void Assign(NamespaceThreadGroup group, WorkItem? item)
    {
        bool ownFs = group.NeedsOwnFs;
        NamespaceException? error = null;
        NamespaceThread? thread = TryClaim(group, ownFs) ?? SpinClaim(group, ownFs) ?? TryStart(ownFs, out error);
        if (thread is not null)
        {
            thread.Post(group, item);
            return;
        }

        if (error is not null && Threads.Length == 0)
        {
            // No thread at all, and none can be started: refuse the call (and what queued behind it) with the reason.
            item?.Fail(error);
            group.FailPending(error);
            group.TryLeave();
            return;
        }

        s_waiting[ownFs ? 1 : 0].Enqueue((group, item));
        // A thread that went idle after our look would not see the entry: wake one to look at the queue.
        NamespaceThread? idle = TryClaim(null, ownFs) ?? (ownFs ? TryClaim(null, ownFs: false) : null);
        if (idle is not null)
        {
            idle.Post(NamespaceThread.LookAtQueue, null);
        }
    }

    /// <summary>Takes a group that waits for a thread of the given lane.</summary>
    public static bool TryTakeWaiting(bool ownFs, out NamespaceThreadGroup group, out WorkItem? item)
    {
        if (s_waiting[ownFs ? 1 : 0].TryDequeue(out (NamespaceThreadGroup Group, WorkItem? Item) entry))
        {
            (group, item) = entry;
            return true;
        }

        (group, item) = (null!, null);
        return false;
    }

    public static bool HasWaiting(bool ownFs) => !s_waiting[ownFs ? 1 : 0].IsEmpty;

    /// <summary>Sends every idle thread standing in <paramref name="group"/> home; busy ones go when they finish.</summary>
    public static void SendHome(NamespaceThreadGroup group)
    {
        foreach (NamespaceThread thread in Threads)
        {
            if (thread.Standing == group && thread.TryClaim())
            {
                thread.Post(NamespaceThreadGroup.Home, null);
            }
        }
    }

    /// <summary>Whether an idle thread may retire: more are alive than the minimum kept.</summary>
    public static bool MayRetireIdle => Threads.Length > Tunables.MinThreads;

    public static void OnExited(NamespaceThread thread)
    {
        lock (s_lock)
        {
            s_threads = Array.FindAll(s_threads, t => t != thread);
        }

        NamespaceMetrics.ThreadExited();
    }

    private static NamespaceThread? TryClaim(NamespaceThreadGroup? group, bool ownFs)
    {
        if (group?.Affine is { } affine && affine.OwnsFs == ownFs && affine.TryClaim())
        {
            return affine;
        }

        foreach (NamespaceThread thread in Threads)
        {
            if (thread.OwnsFs == ownFs && thread.TryClaim())
            {
                return thread;
            }
        }
        return null;
    }

    /// <summary>
    /// A thread that has just run a caller's last body is about to go idle, and that caller (back first) may already be
    /// asking for the next one: a few microseconds of looking again beat starting a thread (about 100–200 µs).
    /// </summary>
    private static NamespaceThread? SpinClaim(NamespaceThreadGroup group, bool ownFs)
    {
        if (Threads.Length == 0)
        {
            return null;
        }

        long deadline = Stopwatch.GetTimestamp() + Tunables.ClaimSpinTicks;
        SpinWait spinner = default;
        do
        {
            spinner.SpinOnce(sleep1Threshold: -1);
            if (TryClaim(group, ownFs) is { } claimed)
            {
                return claimed;
            }
        }
        while (Stopwatch.GetTimestamp() < deadline);
        return null;
    }

    /// <summary>Starts a thread (from home), claimed for the caller; null at the cap or when the kernel refuses.</summary>
    private static NamespaceThread? TryStart(bool ownFs, out NamespaceException? error)
    {
        error = null;
        lock (s_lock)
        {
            if (s_threads.Length + s_starting >= Tunables.MaxThreads)
            {
                return null;
            }

            s_starting++;
        }
        var thread = new NamespaceThread(ownFs);
        bool started = false;
        try
        {
            HomeThread.StartThread(thread.Run, "ns worker");
            started = true;
        }
        catch (NamespaceException e)
        {
            error = e;
            NamespaceMetrics.StartFailed();
        }
        finally
        {
            lock (s_lock)
            {
                s_starting--;
                if (started)
                {
                    s_threads = [.. s_threads, thread];
                }
            }
        }
        if (started)
        {
            NamespaceMetrics.ThreadStarted();
        }

        Debug.Assert(!started || thread.IsClaimed, "a new thread is born claimed by its starter");
        return started ? thread : null;
    }
}

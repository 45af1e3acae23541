using System;
using System.Diagnostics;
using System.Threading;
using Microsoft.Win32.SafeHandles;
using Namespaces.CompilerServices;

namespace Namespaces.Threading;

/// <summary>
/// One of the process's namespace threads (<see cref="NamespaceScheduler"/>). Started from home, it serves whichever
/// group it is handed: it setns's into the namespaces that differ from those it stands in, runs the group's calls,
/// and stays there, so the next call for the same set costs no setns. It never queues to the thread pool and never
/// starts a thread. Nothing escapes it: a body's exception goes to its caller; an interrupt or a fault of its own
/// retires it (counted by the Meter), and later calls get another thread.
/// </summary>
internal sealed class NamespaceThread
{
    // Idle → Claimed by whoever hands it work (or by itself); Idle → Retired by itself. Only the claimer posts mail.
    private const int Idle = 0, Claimed = 1, Retired = 2;
    private int _state = Claimed; // born claimed by the scheduler that starts it
    private int _parked;
    private readonly Parker _parker = new();
    private NamespaceThreadGroup? _mailGroup;
    private WorkItem? _mailItem;

    // What the thread joined, per type (NamespaceKinds.Index): handles of the group it stands in, compared by reference.
    private readonly SafeFileHandle?[] _joined = (SafeFileHandle?[])NamespaceThreadGroup.Home.Target.Clone();
    private NamespaceThreadGroup? _standing = NamespaceThreadGroup.Home; // null while between two (switching, or a failed switch)
    private bool _ownsFs;
    private bool _fsUnshared;
    private int _switches; // odd while switching: the audit skips what it reads then
    private volatile string? _retireReason;

    public NamespaceThread(bool ownsFs) => _ownsFs = ownsFs;

    /// <summary>Posted to make an idle thread look at the scheduler's waiting queue.</summary>
    public static readonly NamespaceThreadGroup LookAtQueue = new(HomeNamespaces.Set.Handles, NS.None, NS.None, 0);

    /// <summary>The namespace thread the calling code runs on, or null on any other thread.</summary>
    public static NamespaceThread? Current => t_current;

    [ThreadStatic]
    private static NamespaceThread? t_current;

    /// <summary>The kernel thread id, once started.</summary>
    public int Tid { get; private set; }

    /// <summary>Whether the thread serves calls with a mount namespace (it has, or will have, its own fs_struct).</summary>
    public bool OwnsFs => Volatile.Read(ref _ownsFs);

    /// <summary>The group whose namespaces the thread stands in; null while it switches.</summary>
    public NamespaceThreadGroup? Standing => Volatile.Read(ref _standing);

    /// <summary>The group the thread's current (outermost) call belongs to.</summary>
    public NamespaceThreadGroup? Serving { get; private set; }

    /// <summary>Changes with every switch; odd while one is under way.</summary>
    public int SwitchCount => Volatile.Read(ref _switches);

    public bool IsClaimed => Volatile.Read(ref _state) == Claimed;

    public bool TryClaim() => Volatile.Read(ref _state) == Idle && Interlocked.CompareExchange(ref _state, Claimed, Idle) == Idle;

    /// <summary>Hands the claimed thread a group to serve, starting with <paramref name="item"/>.</summary>
    public void Post(NamespaceThreadGroup group, WorkItem? item)
    {
        Debug.Assert(IsClaimed, "only the claimer posts");
        Debug.Assert(Volatile.Read(ref _mailGroup) is null, "a claimed thread has one piece of mail at most");
        _mailItem = item;
        // A full fence between the mail and the look at _parked (the thread fences between _parked and its look at the mail).
        Interlocked.Exchange(ref _mailGroup, group);
        if (Volatile.Read(ref _parked) == 1 && Interlocked.Exchange(ref _parked, 0) == 1)
        {
            _parker.Unpark();
        }
    }

    /// <summary>Asks the thread to retire once it is idle (or now, if it is); the audit does so when it drifted.</summary>
    public void RequestRetire(string reason)
    {
        _retireReason ??= reason;
        if (TryClaim())
        {
            Post(LookAtQueue, null);
        }
    }

    /// <summary>The thread's body: wait for mail, serve, go idle; retire when asked, idle too long, or interrupted.</summary>
    public void Run()
    {
        t_current = this;
        Tid = Interop.GetTid();
        // Registered before the first setns: from then on the audit knows this thread is ours.
        ThreadRegistry.AddCurrent(this);
        try
        {
            while (WaitForMail(out NamespaceThreadGroup group, out WorkItem? item))
            {
                if (Serve(group, item, mayIdleEarly: true))
                {
                    if (!AfterIdle())
                    {
                        break;
                    }

                    continue;
                }

                ServeWaiting();
                if (_retireReason is not null || !GoIdle())
                {
                    break; // still claimed: nobody can hand us anything
                }
            }
        }
        catch (Exception e)
        {
            // A fault of the loop itself (never a body's: those go to their callers). Retire; the Meter counts it.
            _retireReason ??= "fault: " + e.GetType().Name;
        }
        finally
        {
            t_current = null;
            NamespaceMetrics.Retired(_retireReason ?? "idle");
            TrySwitch(NamespaceThreadGroup.Home, out _); // best effort: the moment the kernel keeps the task shows home
            ThreadRegistry.MarkCurrentExited();
            NamespaceScheduler.OnExited(this);
        }
    }

    private bool WaitForMail(out NamespaceThreadGroup group, out WorkItem? item)
    {
        while (true)
        {
            if (Volatile.Read(ref _mailGroup) is { } mail)
            {
                Debug.Assert(IsClaimed, "mail only comes to a claimed thread");
                group = mail;
                item = _mailItem;
                _mailItem = null;
                Volatile.Write(ref _mailGroup, null);
                return true;
            }
            try
            {
                if (SpinBudget.SpinUntil(this, static t => Volatile.Read(ref t._mailGroup) is not null, SpinBudget.WorkerTicks))
                {
                    continue;
                }

                // Announce the intent to park, then look again: a Post that missed the announcement is seen here.
                Interlocked.Exchange(ref _parked, 1);
                if (Volatile.Read(ref _mailGroup) is not null)
                {
                    Interlocked.Exchange(ref _parked, 0); // if the poster reset it first, its permit only makes a later Park return early
                    continue;
                }
                if (!_parker.Park((int)Tunables.IdleTimeout.TotalMilliseconds))
                {
                    Interlocked.Exchange(ref _parked, 0);
                    if (NamespaceScheduler.MayRetireIdle && TryRetire())
                    {
                        group = null!;
                        item = null;
                        return false;
                    }
                }
            }
            catch (ThreadInterruptedException)
            {
                // Thread.Interrupt on an idle namespace thread: contained. Retire now, or after the mail a claimer is sending.
                Interlocked.Exchange(ref _parked, 0);
                _retireReason ??= "interrupted";
                if (TryRetire())
                {
                    group = null!;
                    item = null;
                    return false;
                }
            }
        }
    }

    private bool TryRetire() => Interlocked.CompareExchange(ref _state, Retired, Idle) == Idle;

    /// <summary>Makes the thread claimable; false when it claimed itself back to retire.</summary>
    private bool GoIdle()
    {
        Interlocked.Exchange(ref _state, Idle);
        return AfterIdle();
    }

    /// <summary>Just made claimable: serve what nobody could hand over meanwhile; false when it claimed itself back to retire.</summary>
    private bool AfterIdle()
    {
        while (true)
        {
            // Dekker with Assign (queue, then look for an idle thread) and Stop (mark, then look for idle threads).
            bool waiting = NamespaceScheduler.HasWaiting(OwnsFs) || (!OwnsFs && NamespaceScheduler.HasWaiting(ownFs: true));
            bool setGone = Standing is { IsStopping: true };
            if (!(waiting || setGone || _retireReason is not null) || !TryClaim())
            {
                return true;
            }

            if (_retireReason is not null)
            {
                return false;
            }

            if (setGone)
            {
                TrySwitch(NamespaceThreadGroup.Home, out _);
            }

            ServeWaiting();
            Interlocked.Exchange(ref _state, Idle);
        }
    }

    private void ServeWaiting()
    {
        while (_retireReason is null)
        {
            if (NamespaceScheduler.TryTakeWaiting(OwnsFs, out NamespaceThreadGroup group, out WorkItem? item))
            {
                Serve(group, item, mayIdleEarly: false);
            }
            else if (!OwnsFs && NamespaceScheduler.TryTakeWaiting(ownFs: true, out group, out item))
            {
                Volatile.Write(ref _ownsFs, true); // this lane has nobody free: join it (unshare(CLONE_FS) on the switch)
                Serve(group, item, mayIdleEarly: false);
            }
            else
            {
                return;
            }
        }
    }

    /// <summary>Serves <paramref name="group"/> (which took a place for us) until its queue is empty.</summary>
    /// <param name="group">The group to serve.</param>
    /// <param name="first">The item handed over with it, if any.</param>
    /// <param name="mayIdleEarly">Whether the thread may make itself claimable before it tells the last caller.</param>
    /// <returns>Whether the thread is idle (claimable) already.</returns>
    private bool Serve(NamespaceThreadGroup group, WorkItem? first, bool mayIdleEarly)
    {
        if (group == LookAtQueue)
        {
            return false;
        }

        if (group == NamespaceThreadGroup.Home)
        {
            TrySwitch(group, out _);
            return false;
        }

        Serving = group;
        try
        {
            if (!group.IsStopping && !TrySwitch(group, out NamespaceException? error))
            {
                // The namespaces cannot be joined (or the set was just disposed): refuse what waits, go home.
                Exception reason = group.IsStopping ? NamespaceThreadGroup.Disposed() : error!;
                first?.Fail(reason);
                do
                {
                    group.FailPending(reason);
                }
                while (!group.TryLeave());
                if (!TrySwitch(NamespaceThreadGroup.Home, out _))
                {
                    _retireReason ??= "could not go home";
                }

                return false;
            }

            group.Affine = this;
            WorkItem? item = first ?? NextOrLeave(group);
            while (item is not null)
            {
                if (group.IsStopping)
                {
                    item.Fail(NamespaceThreadGroup.Disposed());
                    item = NextOrLeave(group);
                    continue;
                }

                RunBody(item);
                WorkItem? next = NextOrLeave(group);
                if (next is null)
                {
                    // The group is left. Go home if its set is gone, and become claimable before the caller hears:
                    // its next call (often at once, often for another set) then finds this thread instead of a new one.
                    if (group.IsStopping)
                    {
                        TrySwitch(NamespaceThreadGroup.Home, out _);
                    }

                    bool idle = mayIdleEarly && _retireReason is null;
                    if (idle)
                    {
                        Interlocked.Exchange(ref _state, Idle);
                    }

                    item.NotifyDone();
                    return idle;
                }

                item.NotifyDone();
                item = next;
            }
            if (group.IsStopping)
            {
                TrySwitch(NamespaceThreadGroup.Home, out _);
            }

            return false;
        }
        finally
        {
            Serving = null;
        }
    }

    /// <summary>The group's next item; or null once the thread gave its place back (or handed the group off to retire).</summary>
    private WorkItem? NextOrLeave(NamespaceThreadGroup group)
    {
        while (true)
        {
            if (_retireReason is null && group.TryTake(out WorkItem? item))
            {
                return item;
            }

            // A thread asked to retire (it drifted) runs nothing more: what is queued goes to another thread.
            if (_retireReason is null ? group.TryLeave() : HandOff(group))
            {
                return null;
            }
        }
    }

    /// <summary>Leaves <paramref name="group"/> and, if work is queued, has another thread serve it.</summary>
    private static bool HandOff(NamespaceThreadGroup group)
    {
        group.Leave();
        if (group.HasWork && group.TryActivate())
        {
            NamespaceScheduler.Assign(group, null);
        }

        return true;
    }

    private static void RunBody(WorkItem item)
    {
        // One read on each side: a body that made the pool create a worker created it here, in these namespaces.
        int poolThreads = ThreadPool.ThreadCount;
        item.RunWork();
        if (ThreadPool.ThreadCount > poolThreads)
        {
            PoolGuard.OnPoolGrewInBody();
        }
    }

    /// <summary>
    /// Runs a call made on this thread (by a body it runs) right here: switch into the callee's namespaces, run, switch
    /// back. A thread never waits for another to run its own call chain, so nesting cannot deadlock.
    /// </summary>
    public TResult RunNested<TState, TResult>(NamespaceThreadGroup group, ref TState state, NamespaceAction<TState>? action, NamespaceFunc<TState, TResult>? func)
        where TState : struct
    {
        ObjectDisposedException.ThrowIf(group.IsStopping, typeof(NamespaceSet));
        NamespaceThreadGroup? outer = Standing;
        Debug.Assert(outer is not null, "a body runs on a thread that stands in its group");
        if (!TrySwitch(group, out NamespaceException? error))
        {
            TrySwitchBackOrRetire(outer!, group);
            throw error!;
        }
        try
        {
            if (action is not null)
            {
                action(ref state);
                return default!;
            }

            return func!(ref state);
        }
        finally
        {
            if (!TrySwitch(outer!, out NamespaceException? back))
            {
                _retireReason ??= "could not switch back after a nested call";
                throw new NamespaceException(
                    $"After a nested call into {group.Name}, the namespace thread could not go back to {outer!.Name} for the calling body: {back!.Message} The thread is retired after the outer call.",
                    back.Errno, back.Namespace, back);
            }
        }
    }

    private void TrySwitchBackOrRetire(NamespaceThreadGroup outer, NamespaceThreadGroup callee)
    {
        if (!TrySwitch(outer, out _))
        {
            _retireReason ??= "could not switch back from " + callee.Name;
        }
    }

    /// <summary>setns into every namespace of <paramref name="group"/>'s target this thread does not stand in.</summary>
    /// <returns>false with the reason when one failed; the thread then stands in no group (<see cref="Standing"/> null).</returns>
    private bool TrySwitch(NamespaceThreadGroup group, out NamespaceException? error)
    {
        error = null;
        if (Standing == group)
        {
            return true;
        }

        SafeFileHandle?[] target = group.Target;
        Volatile.Write(ref _standing, null);
        Volatile.Write(ref _switches, _switches + 1); // odd: switching
        try
        {
            if (group.NeedsOwnFs && !_fsUnshared)
            {
                Interop.Error errno = Interop.Unshare(Interop.CloneFlags.CLONE_FS);
                if (errno != Interop.Error.SUCCESS)
                {
                    error = NamespaceException.FromErrno($"unshare(CLONE_FS) before joining the mount namespace of {group.Name}", errno, NS.Mnt);
                    return false;
                }

                _fsUnshared = true;
                Volatile.Write(ref _ownsFs, true);
            }
            for (int i = 0; i < NamespaceKinds.JoinOrder.Length; i++)
            {
                NS ns = NamespaceKinds.JoinOrder[i];
                SafeFileHandle? handle = target[i];
                if (handle is null || ReferenceEquals(_joined[i], handle))
                {
                    continue;
                }

                Interop.Error errno;
                try
                {
                    errno = Interop.SetNs(handle, (int)ns);
                }
                catch (ObjectDisposedException)
                {
                    error = new NamespaceException($"The {NamespaceKinds.ProcName(ns)} namespace of {group.Name} was closed (its set was disposed) while a thread joined it.", Interop.Error.EBADF, ns);
                    return false;
                }
                if (errno != Interop.Error.SUCCESS)
                {
                    error = NamespaceException.FromErrno($"Joining {group.Name}", errno, ns, permissionHint: errno == Interop.Error.EPERM ? JoinPermission.Hint(handle, ns) : null);
                    return false;
                }

                _joined[i] = handle;
            }
            NamespaceMetrics.Switched();
            Volatile.Write(ref _standing, group);
            return true;
        }
        finally
        {
            Volatile.Write(ref _switches, _switches + 1);
        }
    }

    public override string ToString() => $"ns worker (tid {Tid}, in {Standing?.Name ?? "transit"})";
}

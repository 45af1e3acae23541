using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using Microsoft.Win32.SafeHandles;

namespace Namespaces.Threading;

/// <summary>
/// The calls of one set that need one combination of its namespaces: their queue, how many namespace threads serve
/// them at once (at most <see cref="Concurrency"/>), and the namespaces a thread must stand in to run them
/// (<see cref="Target"/>). A group owns no thread: any thread of the <see cref="NamespaceScheduler"/> switches into
/// the target and serves it. It does not reference its set either, so a set dropped without Dispose can be collected.
/// </summary>
internal sealed class NamespaceThreadGroup
{
    private static readonly Lazy<NamespaceThreadGroup> s_home = new(() => new NamespaceThreadGroup(HomeNamespaces.Set.Handles, NS.None, NS.None, 1));

    // Made on first contention: most sets of a process serving thousands are called one call at a time, and an empty
    // ConcurrentQueue costs about 600 bytes.
    private ConcurrentQueue<WorkItem>? _queue;
    private readonly NS _setFlags;
    private string? _name;
    private int _active;
    private int _concurrency;
    private volatile bool _stopping;
    private NamespaceThread? _affine;
    private string?[]? _expectedLinks;

    /// <param name="handles">The set's handle table.</param>
    /// <param name="namespaces">The namespaces the calls need; every other type is the home one.</param>
    /// <param name="setFlags">What the set holds, for messages.</param>
    /// <param name="concurrency">How many threads may serve the group at once.</param>
    public NamespaceThreadGroup(NamespaceHandles handles, NS namespaces, NS setFlags, int concurrency)
    {
        Debug.Assert((namespaces & NamespaceKinds.Unjoinable) == 0, "user and time namespaces are never joined");
        NamespaceHandles home = namespaces == NS.None ? handles : HomeNamespaces.Set.Handles;
        Target = new SafeFileHandle?[NamespaceKinds.JoinOrder.Length];
        for (int i = 0; i < Target.Length; i++)
        {
            NS ns = NamespaceKinds.JoinOrder[i];
            if ((ns & NamespaceKinds.Unjoinable) == 0 && ((namespaces & ns) != 0 ? handles : home).TryGet(ns, out SafeFileHandle? handle))
            {
                Target[i] = handle;
            }
        }
        Namespaces = namespaces;
        _setFlags = setFlags;
        _concurrency = concurrency;
    }

    /// <summary>The process's home namespaces, where idle threads go back to when their set is gone.</summary>
    public static NamespaceThreadGroup Home => s_home.Value;

    /// <summary>For each joinable type, in <see cref="NamespaceKinds.JoinOrder"/>, the handle a serving thread must have joined (the set's, or the home one).</summary>
    public SafeFileHandle?[] Target { get; }

    /// <summary>The namespaces taken from the set.</summary>
    public NS Namespaces { get; }

    /// <summary>Whether serving needs a thread with its own fs_struct (unshare(CLONE_FS)): only a mount namespace does.</summary>
    public bool NeedsOwnFs => (Namespaces & NS.Mnt) != 0;

    /// <summary>"net+uts of a set holding net+uts+mnt", for messages and the audit (made when first asked for).</summary>
    public string Name => _name ??= Namespaces == NS.None ? "home" : $"{NamespaceKinds.Describe(Namespaces)} of a set holding {NamespaceKinds.Describe(_setFlags)}";

    public bool IsStopping => _stopping;

    public bool HasWork => Volatile.Read(ref _queue) is { IsEmpty: false };

    /// <summary>Items queued and not yet taken by a thread (a snapshot, for gauges).</summary>
    public int Pending => Volatile.Read(ref _queue)?.Count ?? 0;

    /// <summary>Threads serving the group now.</summary>
    public int Active => Volatile.Read(ref _active);

    public int Concurrency
    {
        get => Volatile.Read(ref _concurrency);
        set => Volatile.Write(ref _concurrency, value);
    }

    /// <summary>The thread that served the group last: the first one asked, as it may still stand in the target.</summary>
    public NamespaceThread? Affine
    {
        get => Volatile.Read(ref _affine);
        set => Volatile.Write(ref _affine, value);
    }

    /// <summary>Hands <paramref name="item"/> to the group: straight to a thread when one more may serve it, else queued.</summary>
    public void Enqueue(WorkItem item)
    {
        if (!HasWork && TryActivate())
        {
            NamespaceScheduler.Assign(this, item);
        }
        else
        {
            Queue.Enqueue(item);
            // A thread that left the group after our look at _active would not see this item: activate one now.
            if (TryActivate())
            {
                NamespaceScheduler.Assign(this, null);
            }
        }
        // A Stop that drained the queue before our Enqueue landed would strand the item: fail it here instead.
        if (_stopping)
        {
            FailPending();
        }
    }

    public bool TryTake([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out WorkItem? item)
    {
        if (Volatile.Read(ref _queue) is { } queue)
        {
            return queue.TryDequeue(out item);
        }

        item = null;
        return false;
    }

    private ConcurrentQueue<WorkItem> Queue
    {
        get
        {
            ConcurrentQueue<WorkItem>? queue = Volatile.Read(ref _queue);
            return queue ?? Interlocked.CompareExchange(ref _queue, new ConcurrentQueue<WorkItem>(), null) ?? _queue;
        }
    }

    /// <summary>Takes one of the <see cref="Concurrency"/> places; the taker must then serve the group until <see cref="TryLeave"/>.</summary>
    public bool TryActivate()
    {
        int active = Volatile.Read(ref _active);
        while (active < Concurrency)
        {
            int seen = Interlocked.CompareExchange(ref _active, active + 1, active);
            if (seen == active)
            {
                return true;
            }

            active = seen;
        }
        return false;
    }

    /// <summary>A serving thread found the queue empty: gives its place back, unless work arrived meanwhile and it took the place again.</summary>
    /// <returns>Whether the thread left (false: serve on).</returns>
    public bool TryLeave()
    {
        int left = Interlocked.Decrement(ref _active);
        Debug.Assert(left >= 0, "more threads left the group than served it");
        return !HasWork || !TryActivate();
    }

    /// <summary>Gives a place back without looking at the queue (the caller hands the queue to another thread).</summary>
    public void Leave()
    {
        int left = Interlocked.Decrement(ref _active);
        Debug.Assert(left >= 0, "more threads left the group than served it");
    }

    /// <summary>Fails every queued item with <paramref name="error"/> (or ObjectDisposedException).</summary>
    public void FailPending(Exception? error = null)
    {
        while (TryTake(out WorkItem? item))
        {
            item.Fail(error ??= Disposed());
        }
    }

    public static ObjectDisposedException Disposed() => new(nameof(NamespaceSet), "The namespace set was disposed before this call ran.");

    /// <summary>
    /// Fails queued work with <see cref="ObjectDisposedException"/>, sends idle threads standing in the group home (so
    /// the kernel can free the namespaces), and waits up to <paramref name="timeout"/> for bodies still running.
    /// </summary>
    /// <returns>How many threads were still running a body when the wait ended (abandoned: they go home when it returns).</returns>
    public int Stop(TimeSpan timeout)
    {
        _stopping = true;
        Interlocked.MemoryBarrier(); // Dekker with a thread going idle: it sees _stopping, or we see it idle.
        FailPending();
        NamespaceScheduler.SendHome(this);
        // A body that disposes its own set runs on one of the serving threads: it cannot wait for itself.
        int self = NamespaceThread.Current?.Serving == this ? 1 : 0;
        bool infinite = timeout == Timeout.InfiniteTimeSpan;
        long deadline = infinite ? long.MaxValue : Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        var spinner = default(SpinWait);
        while (Active - self > 0 && Stopwatch.GetTimestamp() < deadline)
        {
            spinner.SpinOnce(sleep1Threshold: 20);
        }
        return Math.Max(0, Active - self);
    }

    /// <summary>What /proc/TID/ns shows for a thread standing in the target (link name → "net:[4026532281]"); null where unknown.</summary>
    /// <returns>null when the set's handles are already closed (the set was disposed: its threads are going home).</returns>
    public string?[]? ExpectedLinks()
    {
        if (_expectedLinks is { } known)
        {
            return known;
        }

        string[] names = HomeNamespaces.AuditedLinks;
        var links = new string?[names.Length];
        try
        {
            for (int i = 0; i < names.Length; i++)
            {
                NS ns = names[i] switch
                {
                    "pid_for_children" => NS.Pid,
                    "net" => NS.Net,
                    "mnt" => NS.Mnt,
                    "uts" => NS.Uts,
                    "ipc" => NS.Ipc,
                    "cgroup" => NS.Cgroup,
                    _ => NS.None, // user, time, time_for_children and pid itself never change on a thread of ours
                };
                links[i] = ns == NS.None
                    ? (HomeNamespaces.Ids.TryGetValue(names[i], out string? home) ? home : null)
                    : Target[Array.IndexOf(NamespaceKinds.JoinOrder, ns)] is { } handle ? NamespaceFile.Id(handle, ns) : null;
            }
        }
        catch (Exception e) when (e is ObjectDisposedException or NamespaceException or System.IO.IOException)
        {
            return null;
        }
        return _expectedLinks = links;
    }

    public override string ToString() => Name;
}

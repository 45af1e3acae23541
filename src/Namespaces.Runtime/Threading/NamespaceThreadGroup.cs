using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading;

namespace Namespaces.Threading;

/// <summary>
/// The namespace threads of one set that joined one combination of its namespaces, and the queue they serve.
/// Callers enqueue; an idle thread spinning on the queue picks the item up at once, a parked one is woken.
/// </summary>
internal sealed class NamespaceThreadGroup
{
    private readonly ConcurrentQueue<WorkItem> _queue = new();
    private readonly object _gate = new();
    private NamespaceThread[] _workers = [];
    private int _parkedCount;
    private volatile bool _stopping;

    public NamespaceThreadGroup(NamespaceSet set, NS namespaces, bool isHome = false)
    {
        Set = set;
        Namespaces = namespaces;
        IsHome = isHome;
        ThreadName = isHome ? "Namespaces home" : "ns " + Describe(namespaces);
    }

    public NamespaceSet Set { get; }

    /// <summary>The namespaces every thread of the group joined.</summary>
    public NS Namespaces { get; }

    /// <summary>Whether this is the home thread's group (threads in the process's own namespaces).</summary>
    public bool IsHome { get; }

    public string ThreadName { get; }

    public bool IsStopping => _stopping;

    public bool HasWork => !_queue.IsEmpty;

    /// <summary>Items queued and not yet taken by a thread (a snapshot: for the queue-length gauge, not the hot path).</summary>
    public int Pending => _queue.Count;

    public int WorkerCount => Volatile.Read(ref _workers).Length;

    /// <summary>Hands <paramref name="item"/> to the group's threads. Never blocks, never allocates in steady state.</summary>
    public void Enqueue(WorkItem item)
    {
        // A group of one thread with nothing queued takes the item through that thread's mailbox. Only then: with
        // several threads, a busy one's mailbox would hold the item while another sits idle; and with items queued,
        // the mailbox would let a caller's later item overtake its earlier ones.
        NamespaceThread[] workers = Volatile.Read(ref _workers);
        if (workers.Length == 1 && _queue.IsEmpty && workers[0].TryPost(item))
        {
            // Full fences on both sides (this CAS, the worker's exchange of _parked): it sees the mail or we see it parked.
            if (workers[0].IsParked)
            {
                TryWake(workers[0]);
            }
        }
        else
        {
            _queue.Enqueue(item);
            if (Volatile.Read(ref _parkedCount) > 0)
            {
                WakeOne();
            }
        }
        // A Stop that drained the queue before our Enqueue landed would strand the item: fail it here instead.
        if (_stopping)
        {
            FailPending();
        }
    }

    public bool TryTake([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out WorkItem? item) => _queue.TryDequeue(out item);

    public void OnParking() => Interlocked.Increment(ref _parkedCount);

    public void OnUnparked() => Interlocked.Decrement(ref _parkedCount);

    private void WakeOne()
    {
        foreach (NamespaceThread worker in Volatile.Read(ref _workers))
        {
            if (TryWake(worker))
            {
                return;
            }
        }
    }

    private void WakeAll()
    {
        foreach (NamespaceThread worker in Volatile.Read(ref _workers))
        {
            TryWake(worker);
        }
    }

    /// <summary>Wakes <paramref name="worker"/> if it is parked and nobody else claimed it first.</summary>
    private bool TryWake(NamespaceThread worker)
    {
        if (!worker.TryClaimParked())
        {
            return false;
        }

        Interlocked.Decrement(ref _parkedCount);
        worker.Unpark();
        return true;
    }

    /// <summary>Starts threads until the group has <paramref name="count"/>, each created by the home thread; waits until they joined.</summary>
    /// <exception cref="NamespaceException">A thread could not join the namespaces.</exception>
    public void EnsureWorkers(int count)
    {
        if (WorkerCount >= count)
        {
            return;
        }

        lock (_gate)
        {
            while (_workers.Length < count)
            {
                ObjectDisposedException.ThrowIf(_stopping, Set);
                var worker = new NamespaceThread(this);
                if (IsHome)
                {
                    worker.StartFromHere();
                }
                else
                {
                    HomeThread.Spawn(worker);
                }

                worker.WaitUntilStarted();
                Volatile.Write(ref _workers, [.. _workers, worker]);
                if (!IsHome)
                {
                    NamespaceMetrics.ThreadStarted();
                }
            }
        }
    }

    /// <summary>Called on a new thread of the group, before it serves anything: join the group's namespaces.</summary>
    public void JoinNamespaces()
    {
        if (IsHome)
        {
            HomeNamespaces.JoinFromForeignThread();
        }
        else
        {
            Set.JoinOnCurrentThread(Namespaces);
        }
    }

    /// <summary>
    /// Called on an ending thread of the group: go back to the home namespaces, so that the moment the kernel still
    /// keeps the task after its last line shows no foreign thread. Failures are ignored: the thread is ending anyway.
    /// </summary>
    public void LeaveNamespaces()
    {
        if (IsHome)
        {
            return;
        }

        try
        {
            HomeNamespaces.Set.JoinOnCurrentThread(Namespaces);
        }
        catch (NamespaceException)
        {
        }
    }

    public void OnWorkerExited(NamespaceThread worker)
    {
        lock (_gate)
        {
            Volatile.Write(ref _workers, Array.FindAll(_workers, w => w != worker));
        }

        if (!IsHome)
        {
            NamespaceMetrics.ThreadExited();
        }
    }

    /// <summary>
    /// Fails queued work with <see cref="ObjectDisposedException"/>, wakes the threads so they exit, and waits up to
    /// <paramref name="timeout"/> for each. A thread still running a body then is abandoned: it exits when the body returns.
    /// </summary>
    /// <returns>How many threads were abandoned.</returns>
    public int Stop(TimeSpan timeout)
    {
        // Under _gate: EnsureWorkers checks _stopping and publishes each worker it starts under the same lock, so from
        // here on every started worker is in _workers (and is woken below), and no other will start.
        lock (_gate)
        {
            _stopping = true;
        }

        WakeAll();
        FailPending();
        int abandoned = 0;
        bool infinite = timeout == Timeout.InfiniteTimeSpan;
        long deadline = infinite ? long.MaxValue : Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        foreach (NamespaceThread worker in Volatile.Read(ref _workers))
        {
            // A body that disposes its own set runs on one of these threads: it cannot wait for itself.
            if (worker.Thread is not { } thread || thread == Thread.CurrentThread)
            {
                continue;
            }

            TimeSpan remaining = infinite ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(Math.Max(0, deadline - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency);
            if (!thread.Join(remaining))
            {
                abandoned++;
            }
        }
        return abandoned;
    }

    private void FailPending()
    {
        ObjectDisposedException? error = null;
        foreach (NamespaceThread worker in Volatile.Read(ref _workers))
        {
            if (worker.TakeMail() is { } mail)
            {
                mail.Fail(error ??= new ObjectDisposedException(nameof(NamespaceSet), "The namespace set was disposed before this call ran."));
            }
        }

        while (TryTake(out WorkItem? item))
        {
            item.Fail(error ??= new ObjectDisposedException(nameof(NamespaceSet), "The namespace set was disposed before this call ran."));
        }
    }

    private static string Describe(NS namespaces) => NamespaceKinds.Describe(namespaces);
}

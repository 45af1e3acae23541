using System;
using System.Threading;

namespace Namespaces.Threading;

/// <summary>
/// A dedicated OS thread that joined a set's namespaces once and then only runs work handed to it. It is started
/// by the home thread (a new thread inherits its creator's namespaces), never runs anything else, never queues to
/// the thread pool and never starts a thread, so it never needs restoring and never leaks a namespace.
/// </summary>
internal sealed class NamespaceThread
{
    private readonly NamespaceThreadGroup _group;
    private readonly Parker _parker = new();
    private readonly ManualResetEventSlim _started = new();
    private Exception? _startError;
    private Thread? _thread;

    // 1 while parked (or deciding to park); whoever flips it back to 0 owes the thread an Unpark.
    private int _parked;

    // One item handed straight to this thread (see NamespaceThreadGroup.Enqueue): a hand-off through one field moves
    // fewer cache lines between the two cores than one through the queue.
    private WorkItem? _mailbox;

    public NamespaceThread(NamespaceThreadGroup group) => _group = group;

    /// <summary>The namespace thread the calling code runs on, or null on any other thread.</summary>
    public static NamespaceThread? Current => t_current;

    [ThreadStatic]
    private static NamespaceThread? t_current;

    public NamespaceThreadGroup Group => _group;

    /// <summary>The kernel thread id, once started.</summary>
    public int Tid { get; private set; }

    public Thread? Thread => _thread;

    /// <summary>Creates the OS thread from the calling thread, which must stand in the process's home namespaces.</summary>
    public void StartFromHere()
    {
        var thread = new Thread(Run, maxStackSize: 0)
        {
            IsBackground = true,
            Name = _group.ThreadName,
        };
        _thread = thread;
        // UnsafeStart: the spawning thread's ExecutionContext (AsyncLocals) must not leak into a thread that lives for the set's lifetime.
        thread.UnsafeStart();
    }

    /// <summary>Blocks until the thread has joined its namespaces; rethrows the reason it could not.</summary>
    public void WaitUntilStarted()
    {
        _started.Wait();
        if (_startError is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(_startError);
        }
    }

    public bool TryClaimParked() => Interlocked.CompareExchange(ref _parked, 0, 1) == 1;

    public bool IsParked => Volatile.Read(ref _parked) == 1;

    public bool HasMail => Volatile.Read(ref _mailbox) is not null;

    /// <summary>Puts <paramref name="item"/> in the mailbox if it is empty.</summary>
    public bool TryPost(WorkItem item) => Interlocked.CompareExchange(ref _mailbox, item, null) is null;

    /// <summary>Takes what is in the mailbox, if anything.</summary>
    public WorkItem? TakeMail() => Volatile.Read(ref _mailbox) is null ? null : Interlocked.Exchange(ref _mailbox, null);

    public void Unpark() => _parker.Unpark();

    private void Run()
    {
        t_current = this;
        Tid = Interop.GetTid();
        // Registered before the first setns: from then on the audit must know this thread is ours.
        ThreadRegistry.AddCurrent(this);
        try
        {
            _group.JoinNamespaces();
        }
        catch (Exception e)
        {
            _startError = e;
        }
        if (_startError is not null)
        {
            t_current = null;
            _group.LeaveNamespaces(); // it may have joined some before one failed
            ThreadRegistry.MarkCurrentExited();
            _started.Set();
            return;
        }
        _started.Set();
        try
        {
            Serve();
        }
        finally
        {
            t_current = null;
            _group.LeaveNamespaces();
            ThreadRegistry.MarkCurrentExited();
            _group.OnWorkerExited(this);
        }
    }

    private void Serve()
    {
        NamespaceThreadGroup group = _group;
        while (true)
        {
            if ((TakeMail() ?? (group.TryTake(out WorkItem? queued) ? queued : null)) is { } item)
            {
                item.Execute();
                continue;
            }
            if (group.IsStopping)
            {
                return;
            }

            if (SpinBudget.SpinUntil(this, static t => t.HasMail || t._group.HasWork || t._group.IsStopping, SpinBudget.WorkerTicks))
            {
                continue;
            }

            // Announce the intent to park, then look again: an Enqueue that missed the announcement is seen here.
            Interlocked.Exchange(ref _parked, 1);
            group.OnParking();
            if ((HasMail || group.HasWork || group.IsStopping) && TryClaimParked())
            {
                group.OnUnparked();
                continue;
            }
            _parker.Park();
        }
    }

    /// <summary>Whether the calling thread is this set's namespace thread standing in at least <paramref name="namespaces"/>.</summary>
    public static bool CanRunInline(NamespaceSet set, NS namespaces)
    {
        NamespaceThread? current = t_current;
        return current is not null
            && ReferenceEquals(current._group.Set, set)
            && (current._group.Namespaces & namespaces) == namespaces;
    }

    public override string ToString() => $"{_group.ThreadName} (tid {Tid})";
}

using System;
using System.Threading;
using Namespaces.CompilerServices;
using Namespaces.Creation;
using Namespaces.Threading;

namespace Namespaces;

public sealed partial class NamespaceSet
{
    /// <summary>
    /// How many calls of each combination of namespaces this set is entered with may run at once (default 1: calls run
    /// one after another, in order). Raise it when many callers dispatch to the set at once: throughput grows with it up
    /// to the number of cores. The threads come from the process's namespace threads, shared by every set; lowering
    /// the value does not stop calls already running.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Less than 1 or more than 1024.</exception>
    public int Concurrency
    {
        get => Volatile.Read(ref _concurrency);
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 1024);
            lock (_groupsLock)
            {
                Volatile.Write(ref _concurrency, value);
                foreach ((_, NamespaceThreadGroup group) in _groups)
                {
                    group.Concurrency = value;
                }
            }
        }
    }

    /// <summary>
    /// How long <see cref="Dispose"/> waits for the namespace threads still running a body (default 10 s);
    /// <see cref="Timeout.InfiniteTimeSpan"/> waits for every body, <see cref="TimeSpan.Zero"/> does not wait.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative, other than <see cref="Timeout.InfiniteTimeSpan"/>.</exception>
    public TimeSpan DisposeTimeout
    {
        get => _disposeTimeout;
        set
        {
            if (value < TimeSpan.Zero && value != Timeout.InfiniteTimeSpan)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "DisposeTimeout must be zero or more, or Timeout.InfiniteTimeSpan to wait for every body.");
            }

            _disposeTimeout = value;
        }
    }

    /// <summary>
    /// Runs <paramref name="action"/> inside all of the set's namespaces, on one of its namespace threads, and waits
    /// for it (gonso's <c>Do</c>, without a new OS thread per call). Prefer a <see cref="RunInNamespaceAttribute"/>
    /// method: no lambda, no allocation, and the analyzers check its body.
    /// </summary>
    /// <param name="action">The work. Must not hop threads (await, Task.Run): what runs elsewhere is outside the namespaces.</param>
    /// <exception cref="NamespaceException">The set holds a user or time namespace other than the process's own (no
    /// thread of a multithreaded process can join one; <see cref="Dup"/> the set without it), or a namespace thread could not join.</exception>
    /// <exception cref="ObjectDisposedException">The set was disposed.</exception>
    public void Do(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var state = new DelegateState<Action>(action);
        Dispatcher.Invoke(this, Flags, "NamespaceSet.Do", ref state, static (ref DelegateState<Action> s) => s.Body());
    }

    /// <summary>Runs <paramref name="func"/> inside all of the set's namespaces on a namespace thread and returns its result.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="func">The work.</param>
    /// <returns>What <paramref name="func"/> returned.</returns>
    /// <exception cref="NamespaceException">As for <see cref="Do(Action)"/>.</exception>
    /// <exception cref="ObjectDisposedException">The set was disposed.</exception>
    public T Do<T>(Func<T> func)
    {
        ArgumentNullException.ThrowIfNull(func);
        var state = new DelegateState<Func<T>>(func);
        return Dispatcher.Invoke(this, Flags, "NamespaceSet.Do", ref state, static (ref DelegateState<Func<T>> s) => s.Body());
    }

    /// <summary>
    /// gonso's <c>DoRaw</c>: runs <paramref name="func"/> on a thread of its own that joins the set's namespaces, and
    /// afterwards either returns that thread to the home namespaces for reuse (when <paramref name="restore"/> is
    /// true, <paramref name="func"/> returned true, and the thread can be restored: it did not join a mount namespace)
    /// or ends it. When in doubt, return false: a thread thrown away is always safe.
    /// </summary>
    /// <param name="func">The work; returns whether its thread is clean enough to be reused.</param>
    /// <param name="restore">Whether to try restoring the thread at all.</param>
    /// <exception cref="NamespaceException">As for <see cref="Do(Action)"/>.</exception>
    /// <exception cref="ObjectDisposedException">The set was disposed.</exception>
    public void DoRaw(Func<bool> func, bool restore)
    {
        ArgumentNullException.ThrowIfNull(func);
        ThrowIfDisposed();
        NS join = JoinableOrThrow(Flags, "NamespaceSet.DoRaw");
        RestorableThread.Run(thread =>
        {
            thread.Join(this, join);
            if (!(func() && restore))
            {
                thread.Discard();
            }

            return 0;
        });
    }

    /// <summary>The group that runs calls needing <paramref name="required"/>, made on first use (no thread is started for it).</summary>
    internal NamespaceThreadGroup ResolveGroup(NS required, string method)
    {
        if (required == NS.None || (required & ~NamespaceKinds.All) != 0)
        {
            NamespaceKinds.Validate(required, allowNone: false, "namespaces");
        }

        ThrowIfDisposed(method);
        ThrowIfMissing(required, method, "set");

        foreach ((NS key, NamespaceThreadGroup group) in Volatile.Read(ref _groups))
        {
            if (key == required)
            {
                return group;
            }
        }
        return StartGroup(required, method);
    }

    private NamespaceThreadGroup StartGroup(NS required, string method)
    {
        NS join = JoinableOrThrow(required, method);
        HomeThread.EnsureStarted(); // the home thread and the runtime's service threads exist before any body runs
        lock (_groupsLock)
        {
            ThrowIfDisposed(method);
            foreach ((NS key, NamespaceThreadGroup existing) in _groups)
            {
                if (key == required)
                {
                    return existing;
                }
            }

            // The group keeps the handle table, never the set: a set dropped without Dispose stays collectable.
            var group = new NamespaceThreadGroup(Handles, join, Flags, Volatile.Read(ref _concurrency));
            Volatile.Write(ref _groups, [.. _groups, (required, group)]);
            return group;
        }
    }

    /// <summary>
    /// Ends the set's calls (Dispose, or the finalizer of a set dropped without it): queued calls fail, threads standing
    /// in the set's namespaces go home, and running bodies are waited for up to <paramref name="timeout"/>.
    /// </summary>
    /// <returns>Whether this call marked the set disposed (false: it already was).</returns>
    private bool StopGroups(TimeSpan timeout)
    {
        (NS Key, NamespaceThreadGroup Group)[] groups;
        lock (_groupsLock)
        {
            if (_disposed != 0)
            {
                return false;
            }

            Volatile.Write(ref _disposed, 1);
            groups = _groups;
            _groups = [];
        }
        foreach ((_, NamespaceThreadGroup group) in groups)
        {
            NamespaceMetrics.Abandoned(group.Stop(timeout));
        }
        return true;
    }

    /// <summary>
    /// A set that became unreachable without Dispose: reclaim it as Dispose would, without waiting for bodies (none can
    /// run: a call keeps its set reachable), and count it, so the leak shows in the Meter.
    /// </summary>
    ~NamespaceSet()
    {
        if (Volatile.Read(ref _disposed) == 0)
        {
            NamespaceMetrics.SetReclaimed();
            DisposeCore(TimeSpan.Zero);
        }
    }

    /// <summary>
    /// <paramref name="required"/> without the user and time namespaces a thread already stands in (joining them is a
    /// no-op); throws when a foreign user or time namespace would have to be joined, which the kernel refuses.
    /// </summary>
    private NS JoinableOrThrow(NS required, string method)
    {
        NS join = required;
        foreach (NS ns in (ReadOnlySpan<NS>)[NS.User, NS.Time])
        {
            if ((required & ns) == 0)
            {
                continue;
            }

            if (HomeNamespaces.IsHome(this, ns))
            {
                join &= ~ns;
                continue;
            }
            string name = NamespaceKinds.ProcName(ns);
            throw new NamespaceException(
                $"{method} cannot run in this set: it holds a {name} namespace ({Id(ns)}) that is not the process's own, and the kernel lets no thread of a multithreaded process (every .NET process is one) join a {name} namespace (setns fails with {(ns == NS.User ? "EINVAL" : "EUSERS")}). " +
                $"Enter the other namespaces with set.Dup(set.Flags & ~NS.{ns}), or start a child process inside.",
                ns == NS.User ? Interop.Error.EINVAL : Interop.Error.EUSERS, ns);
        }
        return join;
    }

    /// <summary>The argument struct for <see cref="Do(Action)"/>: the delegate is the only argument.</summary>
    private readonly struct DelegateState<TDelegate>(TDelegate body)
    {
        public readonly TDelegate Body = body;
    }
}

using System;
using System.Runtime.ExceptionServices;
using System.Threading;
using Namespaces.Threading;

namespace Namespaces.Creation;

/// <summary>
/// A thread, created from the home thread, that runs one job in foreign namespaces and then either goes back to
/// the home namespaces (setns to each one it left) and waits for the next job, or ends. It ends whenever going
/// back is impossible or unsafe: after a new time namespace (setns into time fails in a multithreaded process),
/// after it left the home mount namespace (its root and working directory would no longer be the process's), when
/// a job says so, or when any setns back fails. This is gonso's restore-or-discard, and it also keeps
/// <see cref="NamespaceSet.Create"/> from paying for a new thread each time.
/// </summary>
internal sealed class RestorableThread
{
    private const int MaxIdle = 2;
    private static readonly object s_idleLock = new();
    private static readonly RestorableThread?[] s_idle = new RestorableThread?[MaxIdle];

    private readonly Parker _parker = new();
    private Job? _job;
    private NS _left;
    private bool _unrestorable;


    /// <summary>Runs <paramref name="job"/> on such a thread and waits for it; rethrows its exception.</summary>
    public static T Run<T>(Func<RestorableThread, T> job)
    {
        var work = new Job<T>(job);
        RestorableThread thread = TakeIdle() ?? Spawn();
        Volatile.Write(ref thread._job, work);
        thread._parker.Unpark();
        work.Wait();
        work.Error?.Throw();
        // The job may stay on the thread's stack until its next job: it must not keep what it made (a set) reachable.
        T result = work.Result!;
        work.Result = default;
        return result;
    }

    /// <summary>Joins <paramref name="namespaces"/> of <paramref name="set"/> (in join order; CLONE_FS first for mount).</summary>
    public void Join(NamespaceSet set, NS namespaces) => Join(set.Handles, namespaces);

    /// <summary>Joins <paramref name="namespaces"/> from a handle table.</summary>
    public void Join(NamespaceHandles handles, NS namespaces)
    {
        if ((namespaces & NS.Mnt) != 0)
        {
            _unrestorable = true; // from the first setns attempt on, root and cwd may have moved
        }

        _left |= namespaces;
        handles.Join(namespaces);
    }

    /// <summary>unshare(2) on this thread.</summary>
    public Interop.Error Unshare(NS namespaces)
    {
        if ((namespaces & (NS.Mnt | NS.Time | NS.User)) != 0)
        {
            _unrestorable = true;
        }

        _left |= namespaces;
        return Interop.Unshare((int)namespaces);
    }

    /// <summary>Ends the thread after the job instead of restoring it.</summary>
    public void Discard() => _unrestorable = true;

    private static RestorableThread? TakeIdle()
    {
        lock (s_idleLock)
        {
            for (int i = 0; i < s_idle.Length; i++)
            {
                if (s_idle[i] is { } idle)
                {
                    s_idle[i] = null;
                    return idle;
                }
            }
        }
        return null;
    }

    private bool TryPark()
    {
        lock (s_idleLock)
        {
            for (int i = 0; i < s_idle.Length; i++)
            {
                if (s_idle[i] is null)
                {
                    s_idle[i] = this;
                    return true;
                }
            }
        }
        return false;
    }

    /// <exception cref="NamespaceException">The kernel refused a new thread.</exception>
    private static RestorableThread Spawn()
    {
        var thread = new RestorableThread();
        HomeThread.StartThread(thread.Run, "Namespaces raw");
        return thread;
    }

    private void Run()
    {
        while (true)
        {
            if (!WaitForJob())
            {
                return;
            }

            Job job = _job!;
            _job = null;
            ThreadRegistry.AddCurrent(this);
            job.Execute(this);
            if (job.Error is not null)
            {
                _unrestorable = true;
            }

            if (!Restore())
            {
                LeaveWhatCanBeLeft();
                ThreadRegistry.MarkCurrentExited();
                job.Complete();
                return;
            }
            _left = NS.None;
            ThreadRegistry.RemoveCurrent(); // back home: nothing to skip any more
            // Idle before the caller hears it is done: a caller that runs its next job at once finds this thread
            // instead of starting another.
            bool idle = TryPark();
            job.Complete();
            if (!idle)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Spins a little for a next job (a pool filling up creates sets back to back), then parks. A Thread.Interrupt
    /// while idle is contained: the thread leaves the idle list and ends (false), or, if a caller took it meanwhile,
    /// waits for that caller's job.
    /// </summary>
    private bool WaitForJob()
    {
        while (true)
        {
            try
            {
                if (!SpinBudget.SpinUntil(this, static t => Volatile.Read(ref t._job) is not null, SpinBudget.WorkerTicks))
                {
                    while (Volatile.Read(ref _job) is null)
                    {
                        _parker.Park();
                    }
                }
                return true;
            }
            catch (ThreadInterruptedException e)
            {
                NamespaceMetrics.Contained(e);
                lock (s_idleLock)
                {
                    int slot = Array.IndexOf(s_idle, this);
                    if (slot >= 0)
                    {
                        s_idle[slot] = null;
                        return false;
                    }
                }
            }
        }
    }

    /// <summary>Goes back to every home namespace the job left; false when the thread must end instead.</summary>
    private bool Restore() => !_unrestorable && HomeNamespaces.Rejoin(_left, stopAtFirstFailure: true);

    /// <summary>
    /// Before ending, go back to what home namespaces can be rejoined (all but a new time namespace for children), so
    /// the moment the kernel still keeps the task shows as little as possible; the registry covers the rest.
    /// </summary>
    private void LeaveWhatCanBeLeft() => HomeNamespaces.Rejoin(_left, stopAtFirstFailure: false);

    private abstract class Job
    {
        private readonly CompletionSignal _done = new(); // made on the caller's thread, which waits on it
        public ExceptionDispatchInfo? Error;

        public abstract void Execute(RestorableThread thread);

        public void Complete() => _done.Set();

        public void Wait() => _done.Wait(Tunables.RestorableCallerSpinTicks);
    }

    private sealed class Job<T>(Func<RestorableThread, T> body) : Job
    {
        public T? Result;

        public override void Execute(RestorableThread thread)
        {
            try
            {
                Result = body(thread);
            }
            catch (Exception e)
            {
                Error = ExceptionDispatchInfo.Capture(e);
            }
        }
    }

}

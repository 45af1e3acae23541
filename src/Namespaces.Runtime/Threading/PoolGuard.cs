using System;
using System.Threading;

namespace Namespaces.Threading;

/// <summary>
/// Repairs what keeping the pool warm cannot prevent. A body that completes a task, releases a semaphore or queues
/// work can make the thread pool create a worker from the body's thread — inside the set's namespaces — when the pool
/// has fewer workers than it wants (after workers retired, if <c>ThreadsToKeepAlive</c> was turned off, or when it
/// grows). A namespace thread reads the pool's thread count before and after each body; when it grew, this brings
/// every pool worker that stands outside the home namespaces back home before it runs much else.
/// </summary>
internal static class PoolGuard
{
    private static int s_scheduled;
    private static readonly RepairItem s_repair = new(); // one at a time (s_scheduled): the body's thread allocates nothing

    /// <summary>Called on a namespace thread after a body during which the pool's thread count grew.</summary>
    public static void OnPoolGrewInBody()
    {
        // Queue from home, never from here: the repair itself queues to the pool.
        if (Interlocked.Exchange(ref s_scheduled, 1) == 0)
        {
            HomeThread.Post(s_repair);
        }
    }

    /// <summary>
    /// Runs one item on every worker at once (each waits for the others, so no worker can take two) and has each
    /// rejoin the home namespaces it is not in. Bounded: a worker busy with user code is left to the audit.
    /// </summary>
    private static void RepairWorkers()
    {
        int workers = ThreadPool.ThreadCount;
        var state = new RepairState(workers);
        for (int i = 0; i < workers; i++)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static s => s.RepairCurrent(), state, preferLocal: false);
        }
    }

    private sealed class RepairState(int workers)
    {
        private readonly int _workers = workers;
        private int _arrived;
        private int _repaired;
        private int _left = workers;

        public void RepairCurrent()
        {
            Interlocked.Increment(ref _arrived);
            try
            {
                if (HomeNamespaces.IsCurrentThreadForeign())
                {
                    HomeNamespaces.JoinFromForeignThread();
                    Interlocked.Increment(ref _repaired);
                }
            }
            catch (Exception e)
            {
                NamespaceMetrics.Contained(e); // a worker that cannot go home (a foreign user namespace) stays for the audit
            }
            // Hold this worker until every other has one of these items, for at most a second.
            SpinWait spinner = default;
            long deadline = Environment.TickCount64 + 1000;
            while (Volatile.Read(ref _arrived) < _workers && Environment.TickCount64 < deadline)
            {
                spinner.SpinOnce(sleep1Threshold: 10);
            }
            if (Interlocked.Decrement(ref _left) == 0)
            {
                NamespaceMetrics.PoolWorkersRepaired(_repaired);
            }
        }
    }

    private sealed class RepairItem : WorkItem
    {
        public override void Execute()
        {
            Volatile.Write(ref s_scheduled, 0);
            RepairWorkers();
        }

        public override void Fail(Exception error) => Volatile.Write(ref s_scheduled, 0);
    }
}

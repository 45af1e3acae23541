using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading;
using Namespaces.Threading;

namespace Namespaces.Creation;

/// <summary>
/// Reaps killed <see cref="ChildProcess"/>es on a thread of its own: nothing the caller does depends on when a
/// killed child is reaped, so Create and Dispose only kill, and this thread, asleep in waitpid, does the rest.
/// </summary>
internal static class ChildReaper
{
    private static readonly ConcurrentQueue<Action> s_killed = new();
    private static readonly Parker s_parker = new();
    private static int s_started;
    private static int s_pending;

    /// <summary>Children killed and not yet reaped.</summary>
    public static int Pending => Volatile.Read(ref s_pending);

    /// <summary>Hands over a killed child: <paramref name="reap"/> waits for it and frees what it used.</summary>
    public static void Enqueue(Action reap)
    {
        Interlocked.Increment(ref s_pending);
        s_killed.Enqueue(reap);
        if (Interlocked.Exchange(ref s_started, 1) == 0)
        {
            HomeThread.Post(new StartItem()); // created from home, like every thread of this library
        }

        s_parker.Unpark();
    }

    /// <summary>Reaps everything handed over so far on the calling thread (at process exit).</summary>
    public static void Drain()
    {
        while (s_killed.TryDequeue(out Action? reap))
        {
            reap();
            int pending = Interlocked.Decrement(ref s_pending);
            Debug.Assert(pending >= 0, "each child is counted once when handed over and once when reaped");
        }
    }

    private static void Run()
    {
        while (true)
        {
            Drain();
            s_parker.Park();
        }
    }

    private sealed class StartItem : WorkItem
    {
        public override void Execute() => new Thread(Run) { IsBackground = true, Name = "Namespaces reap" }.UnsafeStart();

        public override void Fail(Exception error) { }
    }
}

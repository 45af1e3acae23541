using System;
using System.Globalization;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;

namespace Namespaces.Threading;

/// <summary>
/// Run once on the home thread before any body: makes the runtime create, from the home namespaces, the threads it
/// would otherwise create lazily from whichever thread first needs one (a body's, inside a set), and fills the
/// process-wide caches that a body in a mount namespace would fill from that namespace's files.
/// </summary>
internal static class RuntimeWarmUp
{
    // Never set: a wait registered on it for the life of the process keeps one of the pool's wait threads alive, so
    // that Process.EnableRaisingEvents or RegisterWaitForSingleObject in a body never starts one inside.
    private static readonly ManualResetEvent s_neverSet = new(false);
    private static RegisteredWaitHandle? s_keepWaitThread;

    public static void Run()
    {
        StartPoolWorkers();
        // The timer thread starts when the first timer is scheduled.
        using (new Timer(static _ => { }, null, TimeSpan.FromHours(1), Timeout.InfiniteTimeSpan))
        {
        }
        s_keepWaitThread ??= ThreadPool.RegisterWaitForSingleObject(s_neverSet, static (_, _) => { }, null, Timeout.Infinite, executeOnlyOnce: true);
        StartSocketEngine();
        StartSignalHandling();
        FillCaches();
    }

    /// <summary>
    /// Makes the pool create its minimum of workers now, from here: each item waits until all are running at once, so
    /// each needs a worker of its own. With <c>System.Threading.ThreadPool.ThreadsToKeepAlive</c> = -1 (which the
    /// package sets through its buildTransitive props) they never retire, so completing a task or queuing work in a
    /// body finds an idle worker to wake instead of creating one on the body's thread.
    /// </summary>
    private static void StartPoolWorkers()
    {
        int workers = Tunables.PoolWarmWorkers;
        using var allRunning = new CountdownEvent(workers);
        using var allDone = new CountdownEvent(workers);
        for (int i = 0; i < workers; i++)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static state =>
            {
                state.AllRunning.Signal();
                state.AllRunning.Wait(TimeSpan.FromSeconds(2)); // bounded: a busy pool must not hold the warm-up for ever
                state.AllDone.Signal();
            }, (AllRunning: allRunning, AllDone: allDone), preferLocal: false);
        }

        allDone.Wait();
    }

    /// <summary>TimeZoneInfo.Local and the culture data are read from files once and cached for the process.</summary>
    private static void FillCaches()
    {
        _ = TimeZoneInfo.Local.BaseUtcOffset;
        _ = DateTime.Now;
        CultureInfo culture = CultureInfo.CurrentCulture;
        _ = culture.CompareInfo.Compare("a", "B", CompareOptions.IgnoreCase);
        _ = "i".ToUpper(culture);
        _ = 1.5.ToString(culture);
        _ = CultureInfo.CurrentUICulture.Name;
    }

    // The thread that turns signals (SIGCHLD for Process, SIGTERM, Ctrl+C) into managed callbacks starts with
    // the first registration; Process.Start in a body would otherwise start it inside the namespaces.
    private static void StartSignalHandling()
    {
        if (OperatingSystem.IsLinux())
        {
            using (PosixSignalRegistration.Create(PosixSignal.SIGWINCH, static _ => { }))
            {
            }
        }
    }

    // The socket engine's epoll threads start when the first socket has to wait. A body that reads a pipe or
    // a socket would otherwise start them inside its namespaces, and on a thread joined to a pid namespace
    // the kernel refuses to create threads at all (EINVAL, which .NET reports as OutOfMemoryException).
    private static void StartSocketEngine()
    {
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        // An abstract address: nothing in the file system, nothing reachable from the network.
        listener.Bind(new UnixDomainSocketEndPoint($"\0namespaces-warm-up-{Environment.ProcessId}-{Interop.GetTid()}"));
        listener.Listen(1);
        using var cancel = new CancellationTokenSource();
        ValueTask<Socket> accept = listener.AcceptAsync(cancel.Token);
        cancel.Cancel();
        try
        {
            accept.AsTask().Wait();
        }
        catch (AggregateException)
        {
            // Canceled, as intended.
        }
    }
}

using System;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;

namespace Namespaces.Threading;

/// <summary>
/// One thread that stands in the home namespaces and does what must not happen on a namespace thread: it creates
/// the namespace threads (a thread inherits its creator's namespaces) and completes async calls (completing a
/// task queues continuations to the thread pool, which may create a worker from the completing thread).
/// </summary>
internal static class HomeThread
{
    private static NamespaceThreadGroup? s_group;
    private static readonly object s_lock = new();

    public static NamespaceThreadGroup Group => Volatile.Read(ref s_group) ?? Start();

    /// <summary>Queues <paramref name="item"/> to run on the home thread.</summary>
    public static void Post(WorkItem item) => Group.Enqueue(item);

    /// <summary>Has the home thread create <paramref name="worker"/>'s OS thread.</summary>
    public static void Spawn(NamespaceThread worker) => Post(new SpawnItem(worker));

    /// <summary>Whether the calling thread is a namespace thread (in foreign namespaces), where nothing may touch the thread pool.</summary>
    public static bool IsForeignThread => NamespaceThread.Current is { Group.IsHome: false };

    private static NamespaceThreadGroup Start()
    {
        lock (s_lock)
        {
            if (s_group is { } existing)
            {
                return existing;
            }

            var group = new NamespaceThreadGroup(HomeNamespaces.Set, NS.None, isHome: true);
            group.EnsureWorkers(1);
            // The runtime creates its service threads lazily, from whichever thread first needs one. Make them
            // exist now, created from home, before any namespace thread runs user code.
            var warmUp = new WarmUpItem();
            group.Enqueue(warmUp);
            warmUp.Wait();
            Volatile.Write(ref s_group, group);
            return group;
        }
    }

    private sealed class SpawnItem(NamespaceThread worker) : WorkItem
    {
        public override void Execute() => worker.StartFromHere();

        public override void Fail(Exception error) { }
    }

    private sealed class WarmUpItem : WorkItem
    {
        private readonly ManualResetEventSlim _done = new();

        public override void Execute()
        {
            try
            {
                // Thread-pool workers and its gate thread.
                using (var queued = new ManualResetEventSlim())
                {
                    ThreadPool.UnsafeQueueUserWorkItem(static e => e.Set(), queued, preferLocal: false);
                    queued.Wait();
                }
                // The timer thread starts when the first timer is scheduled.
                using (new Timer(static _ => { }, null, TimeSpan.FromHours(1), Timeout.InfiniteTimeSpan))
                {
                }
                StartSocketEngine();
                StartSignalHandling();
            }
            finally
            {
                _done.Set();
            }
        }

        public override void Fail(Exception error) => _done.Set();

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

        public void Wait()
        {
            _done.Wait();
            _done.Dispose();
        }
    }
}

using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace Namespaces.Threading;

/// <summary>
/// One thread that stands in the home namespaces for the life of the process and does what must not happen on a
/// namespace thread: it starts every thread of the library (a thread inherits its creator's namespaces), completes
/// async calls (completing a task queues continuations to the thread pool, which may create a worker from the
/// completing thread), and warms the runtime's lazily created threads and caches before the first body runs.
/// Nothing escapes it: an item's fault or an interrupt is contained, counted, and the loop goes on.
/// </summary>
internal static class HomeThread
{
    private static readonly object s_lock = new();
    private static readonly ConcurrentQueue<WorkItem> s_queue = new();
    private static readonly Parker s_parker = new();
    private static Thread? s_thread;
    private static int s_parked;
    private static volatile bool s_warm;

    /// <summary>Whether the calling thread is a namespace thread, where nothing may touch the thread pool.</summary>
    public static bool IsForeignThread => NamespaceThread.Current is not null;

    /// <summary>Whether the calling thread is the home thread.</summary>
    public static bool IsCurrent => Thread.CurrentThread == s_thread;

    /// <summary>Starts the home thread and warms the runtime from it, once; later calls return at once.</summary>
    /// <exception cref="NamespaceException">The thread could not start, or the warm-up failed (no descriptors, no
    /// threads); the next call tries again.</exception>
    public static void EnsureStarted()
    {
        if (!s_warm)
        {
            Start();
        }
    }

    /// <summary>Queues <paramref name="item"/> to run on the home thread.</summary>
    public static void Post(WorkItem item)
    {
        if (Volatile.Read(ref s_thread) is null)
        {
            EnsureStarted();
        }

        s_queue.Enqueue(item);
        if (Volatile.Read(ref s_parked) == 1 && Interlocked.Exchange(ref s_parked, 0) == 1)
        {
            s_parker.Unpark();
        }
    }

    /// <summary>
    /// Runs <paramref name="func"/> on the home thread and waits for it; its exception is rethrown here. This is the
    /// "on a thread that lives as long as the process" the library offers, e.g. to fork a child with PDEATHSIG.
    /// </summary>
    public static T Run<T>(Func<T> func)
    {
        EnsureStarted();
        return RunOnHome(func);
    }

    private static T RunOnHome<T>(Func<T> func)
    {
        if (IsCurrent)
        {
            return func();
        }

        var item = new RunItem<T>(func);
        Post(item);
        item.Wait();
        item.Error?.Throw();
        return item.Result!;
    }

    /// <summary>
    /// The one way the library starts a thread: created by the home thread, so that it starts in the home namespaces
    /// whichever thread asked, with no ExecutionContext of the asker's. Waits until the OS thread exists.
    /// </summary>
    /// <exception cref="NamespaceException">The kernel refused a new thread (a thread or pids limit, or memory).</exception>
    public static Thread StartThread(ThreadStart body, string name) => Run(() => StartHere(body, name));

    private static Thread StartHere(ThreadStart body, string name)
    {
        var thread = new Thread(body, maxStackSize: 0) { IsBackground = true, Name = name };
        try
        {
            // UnsafeStart: the asker's ExecutionContext (AsyncLocals) must not leak into a long-lived thread.
            thread.UnsafeStart();
        }
        catch (Exception e) when (e is OutOfMemoryException or ThreadStartException)
        {
            // .NET does not pass pthread_create's errno on; a full thread table or a pids limit gives EAGAIN.
            throw new NamespaceException(
                $"The kernel refused to start the thread '{name}' ({e.Message}): the process reached a thread or pids limit (RLIMIT_NPROC, a pids cgroup's pids.max) or is out of memory. Nothing ran; try again once threads are available.",
                Interop.Error.EAGAIN, NS.None, e);
        }
        return thread;
    }

    private static void Start()
    {
        lock (s_lock)
        {
            if (s_warm)
            {
                return;
            }

            if (s_thread is null)
            {
                // The first thread to use the library may stand anywhere; the home thread goes home before it serves.
                var started = new CompletionSignal(); // a Thread.Interrupt of the asker must not leave a second home thread
                Exception? joinError = null;
                Thread thread = StartHere(() =>
                {
                    try
                    {
                        HomeNamespaces.JoinFromForeignThread();
                    }
                    catch (Exception e)
                    {
                        joinError = e;
                    }
                    started.Set();
                    if (joinError is null)
                    {
                        Serve();
                    }
                }, "Namespaces home");
                started.Wait(SpinBudget.CallerTicks);
                if (joinError is not null)
                {
                    ExceptionDispatchInfo.Throw(joinError);
                }

                Volatile.Write(ref s_thread, thread);
            }
            // The runtime creates its service threads lazily, from whichever thread first needs one. Make them exist
            // now, created from home, before any namespace thread runs user code; a failure (no descriptors, no
            // threads) fails this call and the next one tries again.
            try
            {
                RunOnHome(static () => { RuntimeWarmUp.Run(); return 0; });
            }
            catch (Exception e) when (e is not NamespaceException)
            {
                throw new NamespaceException(
                    $"Preparing the runtime's service threads from the home namespaces failed ({e.GetType().Name}: {e.Message}); no namespace thread was started. If descriptors or threads ran out, free some and call again.",
                    e is System.Net.Sockets.SocketException { ErrorCode: 24 } ? Interop.Error.EMFILE : Interop.Error.SUCCESS, NS.None, e);
            }
            s_warm = true;
        }
    }

    private static void Serve()
    {
        while (true)
        {
            try
            {
                while (s_queue.TryDequeue(out WorkItem? item))
                {
                    item.Execute();
                }

                if (SpinBudget.SpinUntil(0, static _ => !s_queue.IsEmpty, SpinBudget.WorkerTicks))
                {
                    continue;
                }

                Interlocked.Exchange(ref s_parked, 1);
                if (!s_queue.IsEmpty && Interlocked.Exchange(ref s_parked, 0) == 1)
                {
                    continue;
                }

                s_parker.Park();
            }
            catch (Exception e)
            {
                // Items never throw by contract; an interrupt or a fault in one must not end the home thread.
                NamespaceMetrics.Contained(e);
            }
        }
    }

    private sealed class RunItem<T>(Func<T> func) : WorkItem
    {
        private readonly CompletionSignal _done = new(); // made on the asking thread, which waits on it
        public T? Result;
        public ExceptionDispatchInfo? Error;

        public override void Execute()
        {
            try
            {
                Result = func();
            }
            catch (Exception e)
            {
                Error = ExceptionDispatchInfo.Capture(e);
            }
            _done.Set();
        }

        public override void Fail(Exception error)
        {
            Error = ExceptionDispatchInfo.Capture(error);
            _done.Set();
        }

        public void Wait() => _done.Wait(SpinBudget.CallerTicks);
    }
}

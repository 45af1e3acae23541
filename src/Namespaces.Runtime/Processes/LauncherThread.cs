using System;
using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using System.Threading;
using Namespaces.Threading;

namespace Namespaces.Processes;

/// <summary>
/// The one thread that starts every child process of the library, and lives as long as the process. The kernel
/// binds PR_SET_PDEATHSIG to the thread that forked, not the process (golang/go#27505): a child started from a
/// pool thread would be killed when that worker retires after 20 s idle. Created from the home thread, so it
/// stands in the home namespaces and its children start there.
/// </summary>
internal static class LauncherThread
{
    private static readonly BlockingCollection<Request> s_requests = new();
    private static int s_started;
    private static Thread? s_thread;

    /// <summary>Runs <paramref name="launch"/> on the launcher thread and returns its result (or rethrows its exception).</summary>
    public static T Run<T>(Func<T> launch)
    {
        if (Thread.CurrentThread == s_thread)
        {
            return launch();
        }

        EnsureStarted();
        var request = new Request<T>(launch);
        s_requests.Add(request);
        return request.Wait();
    }

    /// <summary>
    /// Runs <paramref name="launch"/>, whose child lives only during the caller's call (it is killed before the call
    /// returns, so the thread it dies with cannot go first): here when this thread stands in the home namespaces, which
    /// saves the two cross-thread wake-ups of a hop (about 0.4 ms of a 1 ms Create(User|Net) on a 2-core VM), else on
    /// the launcher thread, whose children start at home.
    /// </summary>
    public static T RunForCall<T>(Func<T> launch)
        => NamespaceThread.Current is null && !HomeNamespaces.IsCurrentThreadForeign() ? launch() : Run(launch);

    private static void EnsureStarted()
    {
        if (Interlocked.Exchange(ref s_started, 1) == 0)
        {
            var started = new CompletionSignal(); // not ended by Thread.Interrupt: see Request.Wait
            HomeThread.Post(new StartItem(started));
            started.Wait(SpinBudget.CallerTicks);
        }
        else
        {
            SpinWait.SpinUntil(() => Volatile.Read(ref s_thread) is not null);
        }
    }

    private static void Loop()
    {
        foreach (Request request in s_requests.GetConsumingEnumerable())
        {
            request.Execute();
        }
    }

    private abstract class Request
    {
        public abstract void Execute();
    }

    private sealed class Request<T>(Func<T> launch) : Request
    {
        // Made on the asking thread, which waits on it. A Thread.Interrupt of the asker must not end the wait: the
        // launcher would start the child anyway and nobody would take charge of it (a holder or a pid namespace's
        // init left running for the life of the process). The interrupt is delivered at the asker's next blocking call.
        private readonly CompletionSignal _done = new();
        private T? _result;
        private ExceptionDispatchInfo? _error;

        public override void Execute()
        {
            try
            {
                _result = launch();
            }
            catch (Exception e)
            {
                _error = ExceptionDispatchInfo.Capture(e);
            }
            _done.Set();
        }

        public T Wait()
        {
            _done.Wait(SpinBudget.CallerTicks);
            _error?.Throw();
            return _result!;
        }
    }

    private sealed class StartItem(CompletionSignal started) : WorkItem
    {
        public override void Execute()
        {
            var thread = new Thread(Loop) { IsBackground = true, Name = "Namespaces launcher" };
            thread.UnsafeStart();
            Volatile.Write(ref s_thread, thread);
            started.Set();
        }

        public override void Fail(Exception error) => started.Set();
    }
}

using System;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using System.Threading.Tasks.Sources;
using Namespaces.CompilerServices;

namespace Namespaces.Threading;

/// <summary>
/// An async call handed to a namespace thread, pooled and reused as the <see cref="IValueTaskSource"/> behind the
/// caller's <see cref="ValueTask"/>. A quick body is waited for briefly and its result returned synchronously; a
/// slow one completes through the home thread, so the caller's continuation never runs on (nor is queued to the
/// thread pool from) the namespace thread.
/// </summary>
internal sealed class AsyncWorkItem<TState, TResult> : BodyWorkItem<TState, TResult>, IValueTaskSource<TResult>, IValueTaskSource
    where TState : struct
{
    private static readonly ItemPool<AsyncWorkItem<TState, TResult>> s_pool = new();
    private static readonly Action<object?> s_cancel = static item => ((AsyncWorkItem<TState, TResult>)item!).OnCanceled();

    private ManualResetValueTaskSourceCore<TResult> _core = new() { RunContinuationsAsynchronously = true };
    private CancellationToken _cancellationToken;
    private CancellationTokenRegistration _registration;

    // Whether the body may still run: Queued → Started by the thread that takes it, Queued → Canceled by the token.
    private const int Queued = 0, Started = 1, Canceled = 2;
    private int _phase;

    // How the result travels: Watching → Finished (the caller, still spinning, takes it) or Watching → Detached
    // (the caller returned a pending ValueTask, so the result goes through _core). Whoever moves second acts.
    private const int Watching = 0, Finished = 1, Detached = 2;
    private int _delivery;

    // The caller's side and the namespace thread's side each hold a reference; the last to let go recycles the item.
    private int _references;

    // Set when the item sits in the home thread's queue to complete _core there.
    private bool _completeOnHome;

    // The set, kept reachable until the call completes (the caller may hold nothing but the task).
    private object? _set;

    public static AsyncWorkItem<TState, TResult> Rent(object set, in TState state, NamespaceAction<TState>? action, NamespaceFunc<TState, TResult>? func, CancellationToken cancellationToken)
    {
        AsyncWorkItem<TState, TResult> item = s_pool.Rent();
        item._set = set;
        item.SetBody(in state, action, func);
        item._cancellationToken = cancellationToken;
        item._references = 2;
        return item;
    }

    /// <summary>
    /// After the item was queued: waits briefly for a quick body (when <paramref name="spin"/>) and, if it finished,
    /// hands its outcome back and lets go of the item. Otherwise the caller must return <c>new ValueTask(item, Version)</c>.
    /// </summary>
    public bool TryFinishSynchronously(bool spin, out TResult? result, out ExceptionDispatchInfo? error)
    {
        if ((spin && SpinBudget.SpinUntil(this, static i => Volatile.Read(ref i._delivery) == Finished, SpinBudget.AsyncCallerTicks))
            || Interlocked.CompareExchange(ref _delivery, Detached, Watching) == Finished)
        {
            result = Result;
            error = Error;
            Release();
            return true;
        }
        result = default;
        error = null;
        if (_cancellationToken.CanBeCanceled)
        {
            _registration = _cancellationToken.UnsafeRegister(s_cancel, this);
        }

        return false;
    }

    /// <summary>The token of the pending <see cref="ValueTask"/> this item backs.</summary>
    public short Version => _core.Version;

    public override void Execute()
    {
        if (_completeOnHome)
        {
            CompleteCore();
            Release();
            return;
        }
        RunWork();
        NotifyDone();
    }

    // Set by Run when the call was canceled while queued: Complete then only drops the thread's reference.
    private bool _skipped;

    public override void RunWork()
    {
        Debug.Assert(!_completeOnHome, "a completion posted home is executed, not run");
        if (Interlocked.CompareExchange(ref _phase, Started, Queued) != Queued)
        {
            // Canceled while queued: the body never runs, the canceler completed the task.
            _skipped = true;
            return;
        }
        RunCaptured();
    }

    public override void NotifyDone()
    {
        if (_skipped)
        {
            Release();
            return;
        }
        Deliver();
    }

    public override void Fail(Exception error)
    {
        if (Interlocked.CompareExchange(ref _phase, Started, Queued) != Queued)
        {
            Release();
            return;
        }
        Error = ExceptionDispatchInfo.Capture(error);
        Deliver();
    }

    private void Deliver()
    {
        if (Interlocked.Exchange(ref _delivery, Finished) != Detached)
        {
            Release(); // the caller is still watching and takes the result itself
            return;
        }
        if (HomeThread.IsForeignThread)
        {
            _completeOnHome = true;
            HomeThread.Post(this);
            return;
        }
        CompleteCore();
        Release();
    }

    private void OnCanceled()
    {
        if (Interlocked.CompareExchange(ref _phase, Canceled, Queued) != Queued)
        {
            return; // started (or finished): a started body runs to its end
        }
        // The item stays queued; the thread that takes it only drops its reference. Complete the task now.
        if (HomeThread.IsForeignThread)
        {
            HomeThread.Post(new CompleteCanceled(this));
        }
        else
        {
            _core.SetException(new OperationCanceledException(_cancellationToken));
        }
    }

    private void CompleteCore()
    {
        if (Error is not null)
        {
            _core.SetException(Error.SourceException);
        }
        else
        {
            _core.SetResult(Result!);
        }
    }

    private void Release()
    {
        if (Interlocked.Decrement(ref _references) != 0)
        {
            return;
        }

        _core.Reset();
        ClearBody();
        GC.KeepAlive(_set);
        _set = null;
        _cancellationToken = default;
        _registration = default;
        _phase = Queued;
        _delivery = Watching;
        _completeOnHome = false;
        _skipped = false;
        s_pool.Return(this);
    }

    public TResult GetResult(short token)
    {
        try
        {
            return _core.GetResult(token);
        }
        finally
        {
            _registration.Dispose();
            Release();
        }
    }

    void IValueTaskSource.GetResult(short token) => GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
        => _core.OnCompleted(continuation, state, token, flags);

    /// <summary>Completes a canceled call on the home thread when the token was canceled on a namespace thread.</summary>
    private sealed class CompleteCanceled(AsyncWorkItem<TState, TResult> item) : WorkItem
    {
        public override void Execute() => item._core.SetException(new OperationCanceledException(item._cancellationToken));

        public override void Fail(Exception error) => Execute();
    }
}

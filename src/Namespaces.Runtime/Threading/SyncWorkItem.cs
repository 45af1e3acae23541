using System;
using System.Runtime.ExceptionServices;
using Namespaces.CompilerServices;

namespace Namespaces.Threading;

/// <summary>
/// A blocking call handed to a namespace thread. Each caller thread keeps one per state/result type, so the
/// steady state allocates nothing; the caller spins briefly for the result, then parks on its own <see cref="Parker"/>.
/// </summary>
internal sealed class SyncWorkItem<TState, TResult> : BodyWorkItem<TState, TResult>
    where TState : struct
{
    [ThreadStatic]
    private static SyncWorkItem<TState, TResult>? t_cached;

    // Items never leave the thread that rents them, so the signal always waits with that thread's parker.
    private readonly CompletionSignal _done = new();

    public static SyncWorkItem<TState, TResult> Rent(ref TState state, NamespaceAction<TState>? action, NamespaceFunc<TState, TResult>? func)
    {
        SyncWorkItem<TState, TResult> item = t_cached ?? new SyncWorkItem<TState, TResult>();
        t_cached = null; // a body that re-enters on this thread (it cannot while we block, but be safe) gets its own
        item.SetBody(in state, action, func);
        return item;
    }

    /// <summary>Copies the state back (ref/out arguments), drops every reference the item held, and keeps it for the next call.</summary>
    public TResult? Return(ref TState state)
    {
        state = State;
        TResult? result = Result;
        ClearBody();
        _done.Reset();
        t_cached = this;
        return result;
    }

    public override void Execute()
    {
        RunWork();
        NotifyDone();
    }

    public override void RunWork() => RunCaptured();

    public override void NotifyDone() => _done.Set();

    public override void Fail(Exception error)
    {
        Error = ExceptionDispatchInfo.Capture(error);
        _done.Set();
    }

    /// <summary>Blocks until the body ran; returns its exception, if any, for the caller to rethrow after <see cref="Return"/>.</summary>
    public ExceptionDispatchInfo? Wait()
    {
        _done.Wait(SpinBudget.CallerTicks);
        return Error;
    }
}

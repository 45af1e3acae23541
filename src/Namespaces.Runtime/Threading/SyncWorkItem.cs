using System;
using System.Runtime.ExceptionServices;
using System.Threading;
using Namespaces.CompilerServices;

namespace Namespaces.Threading;

/// <summary>
/// A blocking call handed to a namespace thread. Each caller thread keeps one per state/result type, so the
/// steady state allocates nothing; the caller spins briefly for the result, then parks on its own <see cref="Parker"/>.
/// </summary>
internal sealed class SyncWorkItem<TState, TResult> : WorkItem
    where TState : struct
{
    [ThreadStatic]
    private static SyncWorkItem<TState, TResult>? t_cached;

    private static readonly ContextCallback s_runBody = static item => ((SyncWorkItem<TState, TResult>)item!).RunBody();

    public TState State;
    public TResult? Result;
    private NamespaceAction<TState>? _action;
    private NamespaceFunc<TState, TResult>? _func;
    private ExecutionContext? _context;
    private ExceptionDispatchInfo? _error;
    // Items never leave the thread that rents them, so the signal always waits with that thread's parker.
    private readonly CompletionSignal _done = new();

    public static SyncWorkItem<TState, TResult> Rent(ref TState state, NamespaceAction<TState>? action, NamespaceFunc<TState, TResult>? func)
    {
        SyncWorkItem<TState, TResult> item = t_cached ?? new SyncWorkItem<TState, TResult>();
        t_cached = null; // a body that re-enters on this thread (it cannot while we block, but be safe) gets its own
        item.State = state;
        item._action = action;
        item._func = func;
        item._context = ExecutionContext.Capture();
        return item;
    }

    /// <summary>Copies the state back (ref/out arguments), drops every reference the item held, and keeps it for the next call.</summary>
    public TResult? Return(ref TState state)
    {
        state = State;
        TResult? result = Result;
        State = default;
        Result = default;
        _action = null;
        _func = null;
        _context = null;
        _error = null;
        _done.Reset();
        t_cached = this;
        return result;
    }

    public override void Execute()
    {
        try
        {
            if (_context is null)
                RunBody();
            else
                ExecutionContext.Run(_context, s_runBody, this);
        }
        catch (Exception e)
        {
            _error = ExceptionDispatchInfo.Capture(e);
        }
        _done.Set();
    }

    public override void Fail(Exception error)
    {
        _error = ExceptionDispatchInfo.Capture(error);
        _done.Set();
    }

    private void RunBody()
    {
        if (_action is not null)
            _action(ref State);
        else
            Result = _func!(ref State);
    }

    /// <summary>Blocks until the body ran; returns its exception, if any, for the caller to rethrow after <see cref="Return"/>.</summary>
    public ExceptionDispatchInfo? Wait()
    {
        _done.Wait(SpinBudget.CallerTicks);
        return _error;
    }
}

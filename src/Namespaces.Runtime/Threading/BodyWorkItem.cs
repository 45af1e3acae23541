using System;
using System.Runtime.ExceptionServices;
using System.Threading;
using Namespaces.CompilerServices;

namespace Namespaces.Threading;

/// <summary>
/// What sync and async calls share: the caller's argument struct, the body, the caller's ExecutionContext (so
/// AsyncLocals flow into the body as they would into Task.Run), and the outcome — a result or an exception
/// captured with its original stack trace.
/// </summary>
internal abstract class BodyWorkItem<TState, TResult> : WorkItem
    where TState : struct
{
    private static readonly ContextCallback s_runBody = static item => ((BodyWorkItem<TState, TResult>)item!).RunBody();

    public TState State;
    protected TResult? Result;
    protected ExceptionDispatchInfo? Error;
    private NamespaceAction<TState>? _action;
    private NamespaceFunc<TState, TResult>? _func;
    private ExecutionContext? _context;

    /// <summary>Takes the call: exactly one of <paramref name="action"/> and <paramref name="func"/> is set.</summary>
    protected void SetBody(in TState state, NamespaceAction<TState>? action, NamespaceFunc<TState, TResult>? func)
    {
        State = state;
        _action = action;
        _func = func;
        _context = ExecutionContext.Capture();
    }

    /// <summary>Runs the body on the calling (namespace) thread; its exception, if any, lands in <see cref="Error"/>.</summary>
    protected void RunCaptured()
    {
        try
        {
            if (_context is null)
            {
                RunBody();
            }
            else
            {
                ExecutionContext.Run(_context, s_runBody, this);
            }
        }
        catch (Exception e)
        {
            Error = ExceptionDispatchInfo.Capture(e);
        }
    }

    /// <summary>Drops every reference the item holds (arguments, body, context, outcome) so a reused item keeps nothing alive.</summary>
    protected void ClearBody()
    {
        State = default;
        Result = default;
        Error = null;
        _action = null;
        _func = null;
        _context = null;
    }

    private void RunBody()
    {
        if (_action is not null)
        {
            _action(ref State);
        }
        else
        {
            Result = _func!(ref State);
        }
    }
}

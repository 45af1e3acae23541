using System;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using Namespaces.Threading;

namespace Namespaces.CompilerServices;

/// <summary>The dispatch behind <see cref="NamespaceDispatch"/>: find the set's thread group, hand the body over, bring the outcome back.</summary>
internal static class Dispatcher
{
    internal static void Invoke<TState>(NamespaceSet set, NS namespaces, string method, ref TState state, NamespaceAction<TState> body)
        where TState : struct
        => InvokeCore<TState, VoidResult>(set, namespaces, method, ref state, body, null);

    internal static TResult Invoke<TState, TResult>(NamespaceSet set, NS namespaces, string method, ref TState state, NamespaceFunc<TState, TResult> body)
        where TState : struct
        => InvokeCore(set, namespaces, method, ref state, null, body);

    private static TResult InvokeCore<TState, TResult>(NamespaceSet set, NS namespaces, string method, ref TState state, NamespaceAction<TState>? action, NamespaceFunc<TState, TResult>? func)
        where TState : struct
    {
        ArgumentNullException.ThrowIfNull(set);
        if (action is null && func is null)
        {
            throw new ArgumentNullException("body");
        }

        NamespaceThreadGroup? group = set.ResolveGroup(namespaces, method);
        NamespaceMetrics.Dispatched();
        if (group is null)
        {
            if (action is null)
            {
                return func!(ref state);
            }

            action(ref state);
            return default!;
        }

        var item = SyncWorkItem<TState, TResult>.Rent(ref state, action, func);
        group.Enqueue(item);
        ExceptionDispatchInfo? error = item.Wait();
        TResult? result = item.Return(ref state);
        error?.Throw();
        return result!;
    }

    internal static ValueTask InvokeAsync<TState>(NamespaceSet set, NS namespaces, string method, in TState state, NamespaceAction<TState> body, CancellationToken cancellationToken)
        where TState : struct
    {
        AsyncWorkItem<TState, VoidResult>? item = StartAsync<TState, VoidResult>(set, namespaces, method, in state, body, null, cancellationToken, out ValueTask<VoidResult> done);
        return item is null
            ? (done.IsCompletedSuccessfully ? default : new ValueTask(done.AsTask()))
            : new ValueTask(item, item.Version);
    }

    internal static ValueTask<TResult> InvokeAsync<TState, TResult>(NamespaceSet set, NS namespaces, string method, in TState state, NamespaceFunc<TState, TResult> body, CancellationToken cancellationToken)
        where TState : struct
    {
        AsyncWorkItem<TState, TResult>? item = StartAsync(set, namespaces, method, in state, null, body, cancellationToken, out ValueTask<TResult> done);
        return item is null ? done : new ValueTask<TResult>(item, item.Version);
    }

    /// <summary>Queues the call; returns the pending item, or null with <paramref name="done"/> when it finished at once.</summary>
    private static AsyncWorkItem<TState, TResult>? StartAsync<TState, TResult>(NamespaceSet set, NS namespaces, string method, in TState state, NamespaceAction<TState>? action, NamespaceFunc<TState, TResult>? func, CancellationToken cancellationToken, out ValueTask<TResult> done)
        where TState : struct
    {
        ArgumentNullException.ThrowIfNull(set);
        if (action is null && func is null)
        {
            throw new ArgumentNullException("body");
        }

        NamespaceThreadGroup? group = set.ResolveGroup(namespaces, method);
        if (cancellationToken.IsCancellationRequested)
        {
            done = ValueTask.FromCanceled<TResult>(cancellationToken);
            return null;
        }
        NamespaceMetrics.Dispatched();
        if (group is null)
        {
            // Already on a namespace thread of this set standing in these namespaces: run here.
            done = RunInline(state, action, func);
            return null;
        }

        // Wait briefly only if nothing is queued ahead (a thread is likely free to start the body at once); behind a
        // queue, return the pending task at once.
        bool spin = !group.HasWork;
        var item = AsyncWorkItem<TState, TResult>.Rent(in state, action, func, cancellationToken);
        group.Enqueue(item);
        if (item.TryFinishSynchronously(spin, out TResult? result, out ExceptionDispatchInfo? error))
        {
            done = error is null ? new ValueTask<TResult>(result!) : ValueTask.FromException<TResult>(error.SourceException);
            return null;
        }
        done = default;
        return item;
    }

    private static ValueTask<TResult> RunInline<TState, TResult>(TState state, NamespaceAction<TState>? action, NamespaceFunc<TState, TResult>? func)
        where TState : struct
    {
        try
        {
            if (action is null)
            {
                return new ValueTask<TResult>(func!(ref state));
            }

            action(ref state);
            return default;
        }
        catch (Exception e)
        {
            return ValueTask.FromException<TResult>(e);
        }
    }
}

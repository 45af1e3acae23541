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

        NamespaceThreadGroup group = set.ResolveGroup(namespaces, method);
        NamespaceMetrics.Dispatched();
        if (NamespaceThread.Current is { } thread)
        {
            // Called from a body: run here, switching in and back, so a call chain never waits on itself.
            return thread.RunNested(group, ref state, action, func);
        }

        var item = SyncWorkItem<TState, TResult>.Rent(ref state, action, func);
        group.Enqueue(item);
        ExceptionDispatchInfo? error = item.Wait();
        TResult? result = item.Return(ref state);
        // The set must outlive the call: a caller whose only reference was the argument would otherwise let the GC
        // reclaim it (and fail the call) while the body runs.
        GC.KeepAlive(set);
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

        NamespaceThreadGroup group = set.ResolveGroup(namespaces, method);
        if (cancellationToken.IsCancellationRequested)
        {
            done = ValueTask.FromCanceled<TResult>(cancellationToken);
            return null;
        }
        NamespaceMetrics.Dispatched();
        if (NamespaceThread.Current is { } thread)
        {
            // Called from a body: run here and complete synchronously, as a nested sync call would.
            done = RunNested(thread, group, state, action, func);
            return null;
        }

        // Wait briefly only if nothing is queued ahead (a thread is likely free to start the body at once); behind a
        // queue, return the pending task at once.
        bool spin = !group.HasWork;
        var item = AsyncWorkItem<TState, TResult>.Rent(set, in state, action, func, cancellationToken);
        group.Enqueue(item);
        if (item.TryFinishSynchronously(spin, out TResult? result, out ExceptionDispatchInfo? error))
        {
            done = error is null ? new ValueTask<TResult>(result!) : ValueTask.FromException<TResult>(error.SourceException);
            return null;
        }
        done = default;
        return item;
    }

    private static ValueTask<TResult> RunNested<TState, TResult>(NamespaceThread thread, NamespaceThreadGroup group, TState state, NamespaceAction<TState>? action, NamespaceFunc<TState, TResult>? func)
        where TState : struct
    {
        try
        {
            return new ValueTask<TResult>(thread.RunNested(group, ref state, action, func));
        }
        catch (Exception e)
        {
            return ValueTask.FromException<TResult>(e);
        }
    }
}

using System;
using System.ComponentModel;
using System.Threading;
using System.Threading.Tasks;

namespace Namespaces.CompilerServices;

/// <summary>
/// Entry points that the code generated for <see cref="RunInNamespaceAttribute"/> methods calls.
/// Not meant to be called by hand: use the generated overloads, or <see cref="NamespaceSet.Do(Action)"/>.
/// </summary>
/// <remarks>
/// Every entry point first checks the set: <see cref="ArgumentNullException"/> for <see langword="null"/>,
/// <see cref="ObjectDisposedException"/> for a disposed set, <see cref="ArgumentException"/> naming
/// <c>method</c> and the namespaces the set lacks. The body then runs on one of the set's namespace
/// threads joined to exactly <c>namespaces</c>; a call made on such a thread of the same set runs inline.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class NamespaceDispatch
{
    /// <summary>Runs <paramref name="body"/> on a namespace thread and blocks until it returns.</summary>
    /// <param name="set">The set whose namespaces the body needs.</param>
    /// <param name="namespaces">The namespaces from the method's attribute.</param>
    /// <param name="method">The method's display name, for error messages.</param>
    /// <param name="state">The arguments, owned by the caller's stack frame for the whole call.</param>
    /// <param name="body">A static lambda that calls the user's method with the arguments in <paramref name="state"/>.</param>
    public static void Invoke<TState>(NamespaceSet set, NS namespaces, string method, ref TState state, NamespaceAction<TState> body)
        where TState : struct
        => Dispatcher.Invoke(set, namespaces, method, ref state, body);

    /// <summary>Runs <paramref name="body"/> on a namespace thread, blocks until it returns, and returns its result.</summary>
    /// <param name="set">The set whose namespaces the body needs.</param>
    /// <param name="namespaces">The namespaces from the method's attribute.</param>
    /// <param name="method">The method's display name, for error messages.</param>
    /// <param name="state">The arguments, owned by the caller's stack frame for the whole call.</param>
    /// <param name="body">A static lambda that calls the user's method with the arguments in <paramref name="state"/>.</param>
    /// <returns>What <paramref name="body"/> returned.</returns>
    public static TResult Invoke<TState, TResult>(NamespaceSet set, NS namespaces, string method, ref TState state, NamespaceFunc<TState, TResult> body)
        where TState : struct
        => Dispatcher.Invoke(set, namespaces, method, ref state, body);

    /// <summary>
    /// Queues <paramref name="body"/> to a namespace thread. The returned task completes on a thread in the
    /// process's home namespaces, never inline on the namespace thread.
    /// </summary>
    /// <param name="set">The set whose namespaces the body needs.</param>
    /// <param name="namespaces">The namespaces from the method's attribute.</param>
    /// <param name="method">The method's display name, for error messages.</param>
    /// <param name="state">The arguments; copied, so the caller may return before the body runs.</param>
    /// <param name="body">A static lambda that calls the user's method with the arguments in its state.</param>
    /// <param name="cancellationToken">Cancels the call if it has not started yet; a started body runs to its end.</param>
    /// <returns>A task that completes when the body has run.</returns>
    public static ValueTask InvokeAsync<TState>(NamespaceSet set, NS namespaces, string method, in TState state, NamespaceAction<TState> body, CancellationToken cancellationToken)
        where TState : struct
        => Dispatcher.InvokeAsync(set, namespaces, method, in state, body, cancellationToken);

    /// <summary>
    /// Queues <paramref name="body"/> to a namespace thread. The returned task completes on a thread in the
    /// process's home namespaces, never inline on the namespace thread.
    /// </summary>
    /// <param name="set">The set whose namespaces the body needs.</param>
    /// <param name="namespaces">The namespaces from the method's attribute.</param>
    /// <param name="method">The method's display name, for error messages.</param>
    /// <param name="state">The arguments; copied, so the caller may return before the body runs.</param>
    /// <param name="body">A static lambda that calls the user's method with the arguments in its state.</param>
    /// <param name="cancellationToken">Cancels the call if it has not started yet; a started body runs to its end.</param>
    /// <returns>A task that completes with the body's result.</returns>
    public static ValueTask<TResult> InvokeAsync<TState, TResult>(NamespaceSet set, NS namespaces, string method, in TState state, NamespaceFunc<TState, TResult> body, CancellationToken cancellationToken)
        where TState : struct
        => Dispatcher.InvokeAsync(set, namespaces, method, in state, body, cancellationToken);
}

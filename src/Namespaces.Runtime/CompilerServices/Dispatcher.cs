using System;
using System.Threading;
using System.Threading.Tasks;

namespace Namespaces.CompilerServices;

/// <summary>Placeholder: the real dispatcher lands with the namespace-threads issue.</summary>
internal static class Dispatcher
{
    internal static void Invoke<TState>(NamespaceSet set, NS namespaces, string method, ref TState state, NamespaceAction<TState> body) where TState : struct => throw new NotImplementedException();
    internal static TResult Invoke<TState, TResult>(NamespaceSet set, NS namespaces, string method, ref TState state, NamespaceFunc<TState, TResult> body) where TState : struct => throw new NotImplementedException();
    internal static ValueTask InvokeAsync<TState>(NamespaceSet set, NS namespaces, string method, in TState state, NamespaceAction<TState> body, CancellationToken cancellationToken) where TState : struct => throw new NotImplementedException();
    internal static ValueTask<TResult> InvokeAsync<TState, TResult>(NamespaceSet set, NS namespaces, string method, in TState state, NamespaceFunc<TState, TResult> body, CancellationToken cancellationToken) where TState : struct => throw new NotImplementedException();
}

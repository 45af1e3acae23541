namespace Namespaces.CompilerServices;

/// <summary>A body that runs on a namespace thread, reading its arguments from <paramref name="state"/>.</summary>
/// <typeparam name="TState">The caller's argument struct (generated code: one per method).</typeparam>
/// <param name="state">The arguments; <c>ref</c>/<c>out</c> parameters are written back through it.</param>
public delegate void NamespaceAction<TState>(ref TState state);

/// <summary>A body that runs on a namespace thread and returns a value.</summary>
/// <typeparam name="TState">The caller's argument struct (generated code: one per method).</typeparam>
/// <typeparam name="TResult">What the body returns.</typeparam>
/// <param name="state">The arguments; <c>ref</c>/<c>out</c> parameters are written back through it.</param>
/// <returns>The body's result.</returns>
public delegate TResult NamespaceFunc<TState, TResult>(ref TState state);

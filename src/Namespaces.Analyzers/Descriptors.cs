using Microsoft.CodeAnalysis;
using Namespaces.Diagnostics;

namespace Namespaces.Analyzers;

/// <summary>
/// Every diagnostic this assembly reports. IDs, categories and help links come from the shared catalogue
/// (src/Shared/Diagnostics); severities are decided here, and each page in docs/diagnostics says why.
/// </summary>
internal static class Descriptors
{
    /// <summary><c>await</c>, <c>async</c> and their kin inside a namespace body.</summary>
    public static readonly DiagnosticDescriptor AsyncInBody = new(
        DiagnosticIds.AsyncInBody,
        "Asynchronous code in a namespace body",
        "{0} in a namespace body: code after an await runs on another thread, outside the namespace",
        DiagnosticCategories.Reliability,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A namespace body runs on a thread that has joined the namespaces. After an await the rest of the method runs wherever the awaited work completes: a thread-pool thread in the process's home namespaces, or, worse, the namespace thread lends itself to unrelated continuations.",
        helpLinkUri: HelpLinks.For(DiagnosticIds.AsyncInBody));

    /// <summary>Work handed to another thread from a namespace body.</summary>
    public static readonly DiagnosticDescriptor StartsThread = new(
        DiagnosticIds.StartsThread,
        "Work started on another thread from a namespace body",
        "{0} starts work on another thread, outside the namespace{1}",
        DiagnosticCategories.Reliability,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Namespaces belong to threads. Work queued to the thread pool, a timer or a new thread does not run in the body's namespaces, and a thread created from the namespace thread (the pool grows lazily from whichever thread queues) stays in the namespace for good.",
        helpLinkUri: HelpLinks.For(DiagnosticIds.StartsThread));

    /// <summary>A call returning an awaitable inside a namespace body.</summary>
    public static readonly DiagnosticDescriptor ReturnsAwaitable = new(
        DiagnosticIds.ReturnsAwaitable,
        "Task-returning call in a namespace body",
        "{0}: what it starts continues on another thread, outside the namespace, even if the body blocks on it{1}",
        DiagnosticCategories.Reliability,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "An asynchronous method runs synchronously only up to its first incomplete await; the rest runs on whichever thread completes the awaited work. Blocking on the result (.Result, .Wait(), GetAwaiter().GetResult()) keeps the body waiting but does not bring that work into the namespace.",
        helpLinkUri: HelpLinks.For(DiagnosticIds.ReturnsAwaitable));

    /// <summary>Deferred execution leaves the body.</summary>
    public static readonly DiagnosticDescriptor DeferredExecution = new(
        DiagnosticIds.DeferredExecution,
        "Deferred execution escapes a namespace body",
        "{0}: it runs later, on the caller's thread, outside the namespace",
        DiagnosticCategories.Reliability,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Iterators, un-materialized LINQ queries and lambdas run when someone enumerates or invokes them, which happens after the body has returned, on a thread that is not in the namespace.",
        helpLinkUri: HelpLinks.For(DiagnosticIds.DeferredExecution));

    /// <summary>A namespace method called directly, bypassing its generated overload.</summary>
    public static readonly DiagnosticDescriptor DirectCall = new(
        DiagnosticIds.DirectCall,
        "Namespace method called directly",
        "'{0}' must run in {1} but {2}{3}; call the generated overload that takes a NamespaceSet",
        DiagnosticCategories.Usage,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Calling a [RunInNamespace] method directly, or making a delegate of it, runs its body on the caller's thread, in the caller's namespaces. The generated overload that takes a NamespaceSet runs it on a namespace thread of that set.",
        helpLinkUri: HelpLinks.For(DiagnosticIds.DirectCall));

    /// <summary>A lambda handed to NamespaceSet.Do/DoRaw where a generated method would do.</summary>
    public static readonly DiagnosticDescriptor DoLambda = new(
        DiagnosticIds.DoLambda,
        "Lambda run in a namespace where a [RunInNamespace] method would do",
        "'{0}' runs a lambda in the set's namespaces; a [RunInNamespace] method would be checked at build time and dispatched without allocating",
        DiagnosticCategories.Performance,
        DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        description: "A [RunInNamespace] method gets generated overloads that capture arguments in a struct instead of a closure, check the set's namespaces, and are analyzed by NS1001-NS1005. A lambda handed to Do or DoRaw gets none of that.",
        helpLinkUri: HelpLinks.For(DiagnosticIds.DoLambda));

    /// <summary>A thread that waits elsewhere woken from a namespace body.</summary>
    public static readonly DiagnosticDescriptor WakesThread = new(
        DiagnosticIds.WakesThread,
        "A namespace body wakes another thread",
        "{0} wakes work that waits on another thread; after the thread pool's workers retire, the pool may create its next worker from this thread, inside the namespace{1}",
        DiagnosticCategories.Reliability,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Completing a task, releasing a semaphore, cancelling a token, writing to a channel or setting an event queues the waiter's continuation to the thread pool (or runs it inline, on the namespace thread). When the pool has no idle worker, it creates one from the thread that queues, and that worker stands in the namespace for good.",
        helpLinkUri: HelpLinks.For(DiagnosticIds.WakesThread));
}

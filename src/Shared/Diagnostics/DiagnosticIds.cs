namespace Namespaces.Diagnostics;

/// <summary>
/// Every diagnostic ID the package reports, as named constants. The generator, the analyzers, the code fixes and
/// the tests all link this file (src/Shared/Diagnostics), so an ID is written once. IDs are stable: never reuse one.
/// NS00xx are about <c>[RunInNamespace]</c> declarations (generator assembly), NS10xx about code in and around bodies.
/// </summary>
internal static class DiagnosticIds
{
    /// <summary>The type of a <c>[RunInNamespace]</c> method (or an enclosing type) is not <c>partial</c>.</summary>
    public const string TypeNotPartial = "NS0001";

    /// <summary>The namespace flags are <c>None</c> or hold unknown bits.</summary>
    public const string InvalidNamespaces = "NS0002";

    /// <summary><c>NS.User</c> or <c>NS.Time</c>: a multithreaded process cannot join them.</summary>
    public const string UnjoinableNamespace = "NS0003";

    /// <summary>A signature the generated overloads cannot carry.</summary>
    public const string UnsupportedSignature = "NS0004";

    /// <summary>A generated overload would collide with an existing member.</summary>
    public const string OverloadCollision = "NS0005";

    /// <summary><c>NS.Pid</c>: joining changes only where the body's child processes go.</summary>
    public const string PidNamespace = "NS0006";

    /// <summary><c>await</c>, <c>async</c> or an async lambda in a body.</summary>
    public const string AsyncInBody = "NS1001";

    /// <summary>Work started on another thread from a body.</summary>
    public const string StartsThread = "NS1002";

    /// <summary>A Task-returning call in a body.</summary>
    public const string ReturnsAwaitable = "NS1003";

    /// <summary>Deferred execution escapes a body.</summary>
    public const string DeferredExecution = "NS1004";

    /// <summary>A <c>[RunInNamespace]</c> method called, or converted to a delegate, outside a body that covers it.</summary>
    public const string DirectCall = "NS1005";

    /// <summary>A <c>NamespaceSet.Do</c> lambda where a <c>[RunInNamespace]</c> method would do.</summary>
    public const string DoLambda = "NS1006";

    /// <summary>A body wakes a thread that waits elsewhere (a task completion, a semaphore, a cancellation...).</summary>
    public const string WakesThread = "NS1007";
}

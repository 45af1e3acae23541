using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Namespaces.Analyzers;

/// <summary>Which way a call leaves the namespace thread.</summary>
internal enum HopKind
{
    /// <summary>NS1002: hands work to another thread (pool, timer, new thread, continuation).</summary>
    StartsThread,

    /// <summary>NS1003: returns an awaitable whose remaining work completes elsewhere.</summary>
    ReturnsAwaitable,

    /// <summary>NS1007: wakes a thread that waits elsewhere, or queues its continuations to the pool.</summary>
    WakesThread,
}

/// <summary>One way a call leaves the namespace thread, with the words the diagnostic uses for it.</summary>
internal readonly struct Hop
{
    public Hop(HopKind kind, string description)
    {
        Kind = kind;
        Description = description;
    }

    public HopKind Kind { get; }

    /// <summary>What the message names: "'Task.Run'" for NS1002, "'Client.GetAsync' returns 'Task&lt;string&gt;'" for NS1003.</summary>
    public string Description { get; }
}

/// <summary>Recognises the calls and object creations that move work off the current thread (NS1002, NS1003).</summary>
internal sealed class HopClassifier
{
    private static readonly ImmutableHashSet<string> s_threadStartMethods = ImmutableHashSet.Create("Start", "UnsafeStart");
    private static readonly ImmutableHashSet<string> s_taskFactoryStarters = ImmutableHashSet.Create("StartNew", "ContinueWhenAll", "ContinueWhenAny");
    private static readonly ImmutableHashSet<string> s_threadPoolQueuers = ImmutableHashSet.Create(
        "QueueUserWorkItem", "UnsafeQueueUserWorkItem", "RegisterWaitForSingleObject", "UnsafeRegisterWaitForSingleObject", "UnsafeQueueNativeOverlapped");
    private static readonly ImmutableHashSet<string> s_completedTaskFactories = ImmutableHashSet.Create("FromResult", "FromException", "FromCanceled");
    private static readonly ImmutableHashSet<string> s_taskCompleters = ImmutableHashSet.Create(
        "SetResult", "SetException", "SetCanceled", "TrySetResult", "TrySetException", "TrySetCanceled");
    private static readonly ImmutableHashSet<string> s_channelWriters = ImmutableHashSet.Create("TryWrite", "WriteAsync", "TryComplete", "Complete");
    private static readonly ImmutableHashSet<string> s_awaiterSchedulers = ImmutableHashSet.Create("OnCompleted", "UnsafeOnCompleted");

    private readonly KnownSymbols _known;
    private readonly ConcurrentDictionary<ITypeSymbol, bool> _awaitableCache = new(SymbolEqualityComparer.Default);

    public HopClassifier(KnownSymbols known) => _known = known;

    /// <summary>Classifies an invocation, object creation or property write; <see langword="null"/> when it stays on the thread.</summary>
    public Hop? Classify(IOperation operation) => operation switch
    {
        IInvocationOperation invocation => ClassifyWakeUp(invocation) ?? ClassifyInvocation(invocation),
        IObjectCreationOperation creation => ClassifyCreation(creation),
        IPropertyReferenceOperation property => ClassifyPropertyWrite(property),
        _ => null,
    };

    /// <summary>Whether a property reference is the target of an assignment (its setter runs).</summary>
    public static bool IsWritten(IPropertyReferenceOperation property) =>
        property.Parent is IAssignmentOperation assignment && assignment.Target == property;

    /// <summary>Whether awaiting a value of this type is possible: Task-likes, anything with a GetAwaiter pattern, and async streams.</summary>
    public bool IsAwaitable(ITypeSymbol? type)
    {
        if (type is null or ITypeParameterSymbol or IErrorTypeSymbol || type.TypeKind == TypeKind.Dynamic)
        {
            return false;
        }

        return _awaitableCache.GetOrAdd(type, ComputeIsAwaitable);
    }

    private Hop? ClassifyInvocation(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        var type = method.ContainingType;
        var name = method.Name;

        if (KnownSymbols.Is(type, _known.Task) && name is "Run" or "Start")
        {
            return StartsThread("Task." + name);
        }

        if ((KnownSymbols.Is(type, _known.Task) || KnownSymbols.Is(type, _known.TaskOfT)) && name == "ContinueWith")
        {
            return StartsThread("Task.ContinueWith");
        }

        if ((KnownSymbols.Is(type, _known.TaskFactory) || KnownSymbols.Is(type, _known.TaskFactoryOfT)) && s_taskFactoryStarters.Contains(name))
        {
            return StartsThread("TaskFactory." + name);
        }

        // new Thread(f).Start() is reported once, at the creation.
        if (KnownSymbols.Is(type, _known.Thread) && s_threadStartMethods.Contains(name) && invocation.Instance is not IObjectCreationOperation)
        {
            return StartsThread("Thread." + name);
        }

        if (KnownSymbols.Is(type, _known.ThreadPool) && s_threadPoolQueuers.Contains(name))
        {
            return StartsThread("ThreadPool." + name);
        }

        if (KnownSymbols.Is(type, _known.Parallel))
        {
            return StartsThread("Parallel." + name);
        }

        if (KnownSymbols.Is(type, _known.ParallelEnumerable) && name == "AsParallel")
        {
            return StartsThread("ParallelEnumerable.AsParallel");
        }

        if (name == "Post" && OverridesOrIs(method, _known.SynchronizationContext))
        {
            return StartsThread("SynchronizationContext.Post");
        }

        if (TakesTaskScheduler(method))
        {
            return StartsThread(type.Name + "." + name + " with a TaskScheduler");
        }

        // Timers armed without constructing one: the timer thread starts, and its callbacks run on the pool.
        if ((KnownSymbols.Is(type, _known.CancellationTokenSource) && name == "CancelAfter")
            || (KnownSymbols.Is(type, _known.TimersTimer) && name == "Start")
            || (KnownSymbols.Is(type, _known.ThreadingTimer) && name == "Change"))
        {
            return StartsThread(type.Name + "." + name, "arms a timer");
        }

        if (s_awaiterSchedulers.Contains(name) && Implements(type, _known.NotifyCompletion))
        {
            return StartsThread(type.Name + "." + name, "schedules a continuation");
        }

        // Synchronous, but the connection is made by the handler on thread-pool threads.
        if (name == "Send" && InheritsFrom(type, _known.HttpMessageInvoker))
        {
            return StartsThread(type.Name + ".Send", "connects on thread-pool threads");
        }

        return ClassifyAwaitableResult(invocation);
    }

    private Hop? ClassifyCreation(IObjectCreationOperation creation)
    {
        var type = creation.Type;
        if (KnownSymbols.Is(type, _known.Thread))
        {
            return StartsThread("new Thread");
        }

        if (KnownSymbols.Is(type, _known.ThreadingTimer) || KnownSymbols.Is(type, _known.TimersTimer) || KnownSymbols.Is(type, _known.PeriodicTimer))
        {
            return StartsThread("new " + type!.ToDisplayString());
        }

        if (KnownSymbols.Is(type, _known.CancellationTokenSource) && creation.Arguments.Length > 0)
        {
            return StartsThread("new CancellationTokenSource", "with a delay, arms a timer");
        }

        if (creation.Constructor is { } constructor && TakesTaskScheduler(constructor))
        {
            return StartsThread("new " + constructor.ContainingType.Name + " with a TaskScheduler");
        }

        return null;
    }

    /// <summary>NS1007: completing, releasing, cancelling or writing what another thread waits for.</summary>
    private Hop? ClassifyWakeUp(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        var type = method.ContainingType;
        var name = method.Name;
        var wakes = ((KnownSymbols.Is(type, _known.TaskCompletionSource) || KnownSymbols.Is(type, _known.TaskCompletionSourceOfT)) && s_taskCompleters.Contains(name))
            || (KnownSymbols.Is(type, _known.SemaphoreSlim) && name == "Release")
            || (KnownSymbols.Is(type, _known.ManualResetEventSlim) && name == "Set")
            || (KnownSymbols.Is(type, _known.CancellationTokenSource) && name is "Cancel" or "CancelAsync")
            || (KnownSymbols.Is(type, _known.Process) && name is "BeginOutputReadLine" or "BeginErrorReadLine")
            || (s_channelWriters.Contains(name) && InheritsFrom(type, _known.ChannelWriterOfT));
        return wakes ? new Hop(HopKind.WakesThread, "'" + type.Name + "." + name + "'") : null;
    }

    /// <summary>Setting a property that starts a timer or event delivery: <c>Timer.Enabled</c>, <c>EnableRaisingEvents</c>.</summary>
    private Hop? ClassifyPropertyWrite(IPropertyReferenceOperation property)
    {
        if (!IsWritten(property) || property.Parent is ISimpleAssignmentOperation { Value.ConstantValue: { HasValue: true, Value: false } })
        {
            return null;
        }

        var type = property.Property.ContainingType;
        var name = property.Property.Name;
        if (KnownSymbols.Is(type, _known.TimersTimer) && name == "Enabled")
        {
            return StartsThread("System.Timers.Timer.Enabled", "arms a timer");
        }

        if ((KnownSymbols.Is(type, _known.Process) || KnownSymbols.Is(type, _known.FileSystemWatcher)) && name == "EnableRaisingEvents")
        {
            return new Hop(HopKind.WakesThread, "'" + type.Name + ".EnableRaisingEvents'");
        }

        return null;
    }

    private static bool InheritsFrom(ITypeSymbol? type, INamedTypeSymbol? candidate)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (KnownSymbols.Is(current, candidate))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Implements(ITypeSymbol type, INamedTypeSymbol? candidate)
    {
        foreach (var implemented in type.AllInterfaces)
        {
            if (KnownSymbols.Is(implemented, candidate))
            {
                return true;
            }
        }

        return false;
    }

    private Hop? ClassifyAwaitableResult(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (method.ReturnsVoid || !IsAwaitable(method.ReturnType))
        {
            return null;
        }

        // Task.FromResult and friends hand back a completed task: nothing continues anywhere.
        if ((KnownSymbols.Is(method.ContainingType, _known.Task) || KnownSymbols.Is(method.ContainingType, _known.ValueTask))
            && s_completedTaskFactories.Contains(method.Name))
        {
            return null;
        }

        // ConfigureAwait, AsTask, WithCancellation... adapt an awaitable that the call producing it was already reported for.
        var receiver = invocation.Instance
            ?? (method.IsExtensionMethod && invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null);
        if (receiver is not null && IsAwaitable(Unwrap(receiver).Type))
        {
            return null;
        }

        var returnType = method.ReturnType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
        return new Hop(HopKind.ReturnsAwaitable, "'" + method.ContainingType.Name + "." + method.Name + "' returns '" + returnType + "'");
    }

    private bool ComputeIsAwaitable(ITypeSymbol type)
    {
        if (KnownSymbols.Is(type, _known.Task) || KnownSymbols.Is(type, _known.TaskOfT)
            || KnownSymbols.Is(type, _known.ValueTask) || KnownSymbols.Is(type, _known.ValueTaskOfT)
            || KnownSymbols.Is(type, _known.AsyncEnumerableOfT))
        {
            return true;
        }

        for (var baseType = type.BaseType; baseType is not null; baseType = baseType.BaseType)
        {
            if (KnownSymbols.Is(baseType, _known.Task))
            {
                return true;
            }
        }

        foreach (var implemented in type.AllInterfaces)
        {
            if (KnownSymbols.Is(implemented, _known.AsyncEnumerableOfT))
            {
                return true;
            }
        }

        // The await pattern: an instance GetAwaiter() whose result has IsCompleted and GetResult().
        foreach (var member in type.GetMembers("GetAwaiter"))
        {
            if (member is IMethodSymbol { IsStatic: false, Parameters.Length: 0, ReturnsVoid: false } getAwaiter
                && HasMember<IPropertySymbol>(getAwaiter.ReturnType, "IsCompleted")
                && HasMember<IMethodSymbol>(getAwaiter.ReturnType, "GetResult"))
            {
                return true;
            }
        }

        return false;
    }

    private bool TakesTaskScheduler(IMethodSymbol method)
    {
        foreach (var parameter in method.Parameters)
        {
            if (KnownSymbols.Is(parameter.Type, _known.TaskScheduler))
            {
                return true;
            }
        }

        return false;
    }

    private static bool OverridesOrIs(IMethodSymbol method, INamedTypeSymbol? type)
    {
        for (var current = method; current is not null; current = current.OverriddenMethod)
        {
            if (KnownSymbols.Is(current.ContainingType, type))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasMember<TMember>(ITypeSymbol type, string name)
        where TMember : ISymbol
    {
        foreach (var member in type.GetMembers(name))
        {
            if (member is TMember && !member.IsStatic)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Looks through implicit conversions and delegate creations to the value that was written.</summary>
    public static IOperation Unwrap(IOperation operation)
    {
        while (true)
        {
            switch (operation)
            {
                case IConversionOperation { IsImplicit: true } conversion:
                    operation = conversion.Operand;
                    break;
                case IDelegateCreationOperation delegateCreation:
                    operation = delegateCreation.Target;
                    break;
                case IParenthesizedOperation parenthesized:
                    operation = parenthesized.Operand;
                    break;
                default:
                    return operation;
            }
        }
    }

    private static Hop StartsThread(string api) => new(HopKind.StartsThread, "'" + api + "'");

    private static Hop StartsThread(string api, string how) => new(HopKind.StartsThread, "'" + api + "' (" + how + ")");
}

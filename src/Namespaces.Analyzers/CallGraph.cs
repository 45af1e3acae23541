using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Namespaces.Analyzers;

/// <summary>A method a call may run, and the member it was dispatched through when that is another one.</summary>
internal readonly struct Callee
{
    public Callee(IMethodSymbol method, IMethodSymbol? through)
    {
        Method = method;
        Through = through;
    }

    public IMethodSymbol Method { get; }

    /// <summary>The interface, abstract or virtual member called, when <see cref="Method"/> implements or overrides it.</summary>
    public IMethodSymbol? Through { get; }
}

/// <summary>
/// Follows calls from a namespace body into methods of the same compilation, so that a hop hidden in a helper is
/// reported at the call in the body (NS1002/NS1003/NS1007 "via Helper → Start"). Calls are explicit ones, calls
/// through interfaces and virtual members (to every implementation in the compilation), delegates whose target is
/// known (a method group passed to a call or held in a local that is invoked), and implicit ones: constructors
/// with the field initializers they run, accessors, user-defined operators and conversions, the Dispose of a
/// <c>using</c> and the enumerator of a <c>foreach</c>.
/// One instance per compilation; summaries and searches are cached and safe to build concurrently.
/// </summary>
internal sealed class CallGraph
{
    /// <summary>How many methods deep a path may go; keeps the search cheap on large call graphs.</summary>
    public const int MaxDepth = 8;

    private static readonly HopKind[] s_kinds = { HopKind.StartsThread, HopKind.ReturnsAwaitable, HopKind.WakesThread };

    private readonly KnownSymbols _known;
    private readonly HopClassifier _hops;
    private readonly Lazy<Implementations> _implementations;
    // Lazy values: GetOrAdd may run a factory twice when two bodies race; the Lazy makes the work itself run once.
    private readonly ConcurrentDictionary<IMethodSymbol, Lazy<MethodSummary>> _summaries = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, Lazy<Found?[]>> _searches = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<SyntaxTree, SemanticModel> _models = new();
    private int _summariesBuilt;
    private int _methodsVisited;

    public CallGraph(KnownSymbols known, HopClassifier hops)
    {
        _known = known;
        _hops = hops;
        _implementations = new Lazy<Implementations>(() => Implementations.Build(known.Compilation), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The compilation this graph covers.</summary>
    public Compilation Compilation => _known.Compilation;

    /// <summary>How many method bodies were read; each at most once per compilation.</summary>
    public int SummariesBuilt => _summariesBuilt;

    /// <summary>How many steps all searches took together.</summary>
    public int MethodsVisited => _methodsVisited;

    /// <summary>The index of implementations, when one was needed.</summary>
    public Implementations? ImplementationsIfBuilt => _implementations.IsValueCreated ? _implementations.Value : null;

    /// <summary>The source methods <paramref name="operation"/> may run, explicitly or implicitly; empty when none can be followed.</summary>
    public ImmutableArray<Callee> GetCallees(IOperation operation)
    {
        var callees = ImmutableArray.CreateBuilder<Callee>();
        switch (operation)
        {
            case IInvocationOperation { TargetMethod.MethodKind: not MethodKind.DelegateInvoke } invocation:
                AddTargets(callees, invocation.TargetMethod, invocation.IsVirtual);
                break;
            case IObjectCreationOperation { Constructor: { } constructor }:
                AddTargets(callees, constructor, isVirtual: false);
                break;
            case IPropertyReferenceOperation property:
                var isVirtual = property.Instance?.Syntax is not BaseExpressionSyntax;
                if (HopClassifier.IsWritten(property) || property.Parent is IIncrementOrDecrementOperation)
                {
                    AddTargets(callees, property.Property.SetMethod, isVirtual);
                }

                if (!(property.Parent is ISimpleAssignmentOperation assignment && assignment.Target == property))
                {
                    AddTargets(callees, property.Property.GetMethod, isVirtual);
                }

                break;
            case IMethodReferenceOperation reference when DelegateUses.RunsWhereWritten(reference, _hops):
                AddTargets(callees, reference.Method, reference.IsVirtual);
                break;
            case IUsingOperation { Resources: var resources }:
                AddDispose(callees, resources);
                break;
            case IUsingDeclarationOperation { DeclarationGroup: var declarations }:
                AddDispose(callees, declarations);
                break;
            case IForEachLoopOperation { IsAsynchronous: false, Syntax: CommonForEachStatementSyntax syntax } loop when loop.SemanticModel is { } model:
                var info = model.GetForEachStatementInfo(syntax);
                AddTargets(callees, info.GetEnumeratorMethod, isVirtual: true);
                AddTargets(callees, info.MoveNextMethod, isVirtual: true);
                AddTargets(callees, info.CurrentProperty?.GetMethod, isVirtual: true);
                AddTargets(callees, info.DisposeMethod, isVirtual: true);
                break;
            case IBinaryOperation { OperatorMethod: { } binary }:
                AddTargets(callees, binary, isVirtual: false);
                break;
            case IUnaryOperation { OperatorMethod: { } unary }:
                AddTargets(callees, unary, isVirtual: false);
                break;
            case IIncrementOrDecrementOperation { OperatorMethod: { } increment }:
                AddTargets(callees, increment, isVirtual: false);
                break;
            case ICompoundAssignmentOperation { OperatorMethod: { } compound }:
                AddTargets(callees, compound, isVirtual: false);
                break;
            case IConversionOperation { OperatorMethod: { } conversion }:
                AddTargets(callees, conversion, isVirtual: false);
                break;
        }

        return callees.ToImmutable();
    }

    /// <summary>Looks for a hop of <paramref name="kind"/> reachable from one of <paramref name="starts"/>.</summary>
    /// <param name="starts">What the operation in the body may run.</param>
    /// <param name="kind">Which rule is looking.</param>
    /// <param name="hop">The hop found at the end of the path.</param>
    /// <param name="path">The methods from the start to the one holding the hop.</param>
    public bool TryFindHop(ImmutableArray<Callee> starts, HopKind kind, out Hop hop, out ImmutableArray<Callee> path)
    {
        foreach (var start in starts)
        {
            var found = _searches.GetOrAdd(start.Method, method => new Lazy<Found?[]>(() => SearchAllKinds(method))).Value[(int)kind];
            if (found is not null)
            {
                hop = found.Hop;
                path = found.Path.SetItem(0, start);
                return true;
            }
        }

        hop = default;
        path = ImmutableArray<Callee>.Empty;
        return false;
    }

    /// <summary>" (via Helper → Start)", " (via IProbe.Run implemented by Probe.Run)", " (via Lease.Dispose)".</summary>
    /// <param name="path">The steps, from what the body runs to the method holding the hop.</param>
    /// <param name="implicitStart">Whether the body never names the first step (a Dispose, an enumerator): then its type is named too.</param>
    public static string FormatPath(ImmutableArray<Callee> path, bool implicitStart)
    {
        var names = new string[path.Length];
        for (var i = 0; i < path.Length; i++)
        {
            var step = path[i];
            var name = NameOf(step.Method, qualified: step.Through is not null || (i == 0 && implicitStart));
            names[i] = step.Through is not { } through
                ? name
                : NameOf(through, qualified: true) + (through.ContainingType.TypeKind == TypeKind.Interface ? " implemented by " : " overridden by ") + name;
        }

        return " (via " + string.Join(" \u2192 ", names) + ")";
    }

    private static string NameOf(IMethodSymbol method, bool qualified) => method switch
    {
        { MethodKind: MethodKind.Constructor } => "new " + method.ContainingType.Name,
        { AssociatedSymbol: IPropertySymbol property } => (qualified ? method.ContainingType.Name + "." : string.Empty) + property.Name,
        { MethodKind: MethodKind.Ordinary } when !qualified => method.Name,
        _ => method.ContainingType.Name + "." + method.Name,
    };

    private void AddDispose(ImmutableArray<Callee>.Builder callees, IOperation resources)
    {
        var disposeMember = _known.Disposable?.GetMembers("Dispose").Length == 1 ? (IMethodSymbol)_known.Disposable.GetMembers("Dispose")[0] : null;
        foreach (var operation in resources.DescendantsAndSelf())
        {
            var type = operation switch
            {
                IVariableDeclaratorOperation declarator => declarator.Symbol.Type,
                _ when operation == resources => operation.Type,
                _ => null,
            };

            // The declared type decides which Dispose runs; an interface-typed resource could be any of them.
            if (type is INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct } named && disposeMember is not null
                && named.FindImplementationForInterfaceMember(disposeMember) is IMethodSymbol dispose)
            {
                AddTargets(callees, dispose, isVirtual: named.TypeKind == TypeKind.Class && !named.IsSealed);
            }
        }
    }

    private void AddTargets(ImmutableArray<Callee>.Builder callees, IMethodSymbol? method, bool isVirtual)
    {
        if (method is null)
        {
            return;
        }

        // IHandler<string>.Handle cannot dispatch to a class that implements only IHandler<int>.
        var receiver = method.ContainingType;
        var closedInterface = receiver is { TypeKind: TypeKind.Interface, IsGenericType: true } && !receiver.IsDefinition && !HasTypeParameters(receiver);
        method = method.ReducedFrom ?? method;
        method = method.OriginalDefinition;
        method = method.PartialImplementationPart ?? method;
        if (IsFollowable(method))
        {
            callees.Add(new Callee(method, through: null));
        }

        if (isVirtual && (method.IsAbstract || method.IsVirtual || method.IsOverride || method.ContainingType.TypeKind == TypeKind.Interface))
        {
            foreach (var implementation in _implementations.Value.Of(method))
            {
                if (IsFollowable(implementation)
                    && (!closedInterface || implementation.ContainingType.AllInterfaces.Contains(receiver, SymbolEqualityComparer.Default)))
                {
                    callees.Add(new Callee(implementation, method));
                }
            }
        }
    }

    private static bool HasTypeParameters(INamedTypeSymbol type)
    {
        foreach (var argument in type.TypeArguments)
        {
            if (argument is ITypeParameterSymbol || (argument is INamedTypeSymbol { IsGenericType: true } named && HasTypeParameters(named)))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsFollowable(IMethodSymbol method) =>
        // Local functions and lambdas are analyzed where they are written; other bodies are analyzed on their own.
        method.MethodKind is not (MethodKind.LocalFunction or MethodKind.AnonymousFunction)
        && !method.IsAbstract && !method.IsExtern
        && SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _known.Compilation.Assembly)
        && (!method.DeclaringSyntaxReferences.IsEmpty || (method.MethodKind == MethodKind.Constructor && !method.ContainingType.DeclaringSyntaxReferences.IsEmpty))
        && _known.GetRequiredNamespaces(method) is null;

    private Found?[] SearchAllKinds(IMethodSymbol start)
    {
        var results = new Found?[s_kinds.Length];
        foreach (var kind in s_kinds)
        {
            var visited = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
            var stack = new List<Callee>();
            if (Search(new Callee(start, through: null), kind, visited, stack, out var hop))
            {
                results[(int)kind] = new Found(hop, stack.ToImmutableArray());
            }
        }

        return results;
    }

    private bool Search(Callee callee, HopKind kind, HashSet<IMethodSymbol> visited, List<Callee> stack, out Hop hop)
    {
        hop = default;
        if (stack.Count >= MaxDepth || !visited.Add(callee.Method))
        {
            return false;
        }

        Interlocked.Increment(ref _methodsVisited);
        stack.Add(callee);
        var summary = _summaries.GetOrAdd(callee.Method, method => new Lazy<MethodSummary>(() => Summarize(method))).Value;
        foreach (var found in summary.Hops)
        {
            if (found.Kind == kind)
            {
                hop = found;
                return true;
            }
        }

        foreach (var next in summary.Callees)
        {
            if (Search(next, kind, visited, stack, out hop))
            {
                return true;
            }
        }

        stack.RemoveAt(stack.Count - 1);
        return false;
    }

    private MethodSummary Summarize(IMethodSymbol method)
    {
        Interlocked.Increment(ref _summariesBuilt);
        var summary = new SummaryBuilder();

        // An async void helper returns to the body at its first await and finishes elsewhere.
        if (method.IsAsync && method.ReturnsVoid)
        {
            summary.Hops.Add(new Hop(HopKind.ReturnsAwaitable, "'" + method.Name + "' is async void"));
        }

        var hasInitializer = false;
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            var syntax = reference.GetSyntax();
            hasInitializer |= syntax is ConstructorDeclarationSyntax { Initializer: not null };
            Collect(syntax, summary);
        }

        // A constructor also runs the type's instance field and property initializers, and its base's constructor.
        if (method is { MethodKind: MethodKind.Constructor, IsStatic: false })
        {
            foreach (var member in method.ContainingType.GetMembers())
            {
                if (member is IFieldSymbol { IsStatic: false } or IPropertySymbol { IsStatic: false })
                {
                    foreach (var reference in member.DeclaringSyntaxReferences)
                    {
                        switch (reference.GetSyntax())
                        {
                            case VariableDeclaratorSyntax { Initializer: { } initializer }:
                                Collect(initializer, summary);
                                break;
                            case PropertyDeclarationSyntax { Initializer: { } initializer }:
                                Collect(initializer, summary);
                                break;
                        }
                    }
                }
            }

            if (!hasInitializer && method.ContainingType.BaseType is { } baseType)
            {
                foreach (var constructor in baseType.InstanceConstructors)
                {
                    if (constructor.Parameters.IsEmpty)
                    {
                        var builder = ImmutableArray.CreateBuilder<Callee>();
                        AddTargets(builder, constructor, isVirtual: false);
                        summary.AddCallees(builder);
                    }
                }
            }
        }

        return summary.ToSummary();
    }

    private void Collect(SyntaxNode syntax, SummaryBuilder summary)
    {
        var model = _models.GetOrAdd(syntax.SyntaxTree, GetSemanticModel);
        if (model.GetOperation(syntax) is not { } root)
        {
            return;
        }

        foreach (var operation in root.DescendantsAndSelf())
        {
            if (InDeferredLambda(operation, root))
            {
                continue;
            }

            if (_hops.Classify(operation) is { } hop)
            {
                summary.Hops.Add(hop);
            }
            else
            {
                summary.AddCallees(GetCallees(operation));
            }
        }
    }

    // Cross-tree analysis needs a model for the helper's tree; cached per compilation, never per call.
#pragma warning disable RS1030 // Do not invoke Compilation.GetSemanticModel() within a diagnostic analyzer
    private SemanticModel GetSemanticModel(SyntaxTree tree) => _known.Compilation.GetSemanticModel(tree);
#pragma warning restore RS1030

    /// <summary>
    /// Whether the operation sits in a lambda that calling the helper does not run on the body's thread: one
    /// that is returned or stored rather than passed to a call or invoked, or one handed to a call that starts
    /// another thread (that call is the hop).
    /// </summary>
    private bool InDeferredLambda(IOperation operation, IOperation root)
    {
        for (var current = operation.Parent; current is not null && current != root; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation lambda && !DelegateUses.RunsWhereWritten(lambda, _hops))
            {
                return true;
            }
        }

        return false;
    }

    private sealed class SummaryBuilder
    {
        private readonly HashSet<IMethodSymbol> _seen = new(SymbolEqualityComparer.Default);

        public ImmutableArray<Hop>.Builder Hops { get; } = ImmutableArray.CreateBuilder<Hop>();

        public ImmutableArray<Callee>.Builder Callees { get; } = ImmutableArray.CreateBuilder<Callee>();

        public void AddCallees(IEnumerable<Callee> callees)
        {
            foreach (var callee in callees)
            {
                if (_seen.Add(callee.Method))
                {
                    Callees.Add(callee);
                }
            }
        }

        public MethodSummary ToSummary() => new(Hops.ToImmutable(), Callees.ToImmutable());
    }

    private sealed class MethodSummary
    {
        public MethodSummary(ImmutableArray<Hop> hops, ImmutableArray<Callee> callees)
        {
            Hops = hops;
            Callees = callees;
        }

        public ImmutableArray<Hop> Hops { get; }

        public ImmutableArray<Callee> Callees { get; }
    }

    private sealed class Found
    {
        public Found(Hop hop, ImmutableArray<Callee> path)
        {
            Hop = hop;
            Path = path;
        }

        public Hop Hop { get; }

        public ImmutableArray<Callee> Path { get; }
    }
}

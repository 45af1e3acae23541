using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Namespaces.Analyzers;

/// <summary>
/// Follows calls from a namespace body into methods of the same compilation, so that a hop hidden in a
/// helper is reported at the call in the body (NS1002/NS1003 "via Helper → Start").
/// One instance per compilation; summaries are cached and safe to build concurrently.
/// </summary>
internal sealed class CallGraph
{
    /// <summary>How many methods deep a path may go; keeps the search cheap on large call graphs.</summary>
    public const int MaxDepth = 8;

    private readonly KnownSymbols _known;
    private readonly HopClassifier _hops;
    private readonly ConcurrentDictionary<IMethodSymbol, MethodSummary> _summaries = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<SyntaxTree, SemanticModel> _models = new();

    public CallGraph(KnownSymbols known, HopClassifier hops)
    {
        _known = known;
        _hops = hops;
    }

    /// <summary>The source method a call would run, or <see langword="null"/> when the call cannot be followed.</summary>
    public IMethodSymbol? GetFollowableTarget(IOperation operation)
    {
        var method = operation switch
        {
            IInvocationOperation invocation => invocation.TargetMethod,
            IObjectCreationOperation creation => creation.Constructor,
            IPropertyReferenceOperation property => IsWritten(property) ? property.Property.SetMethod : property.Property.GetMethod,
            _ => null,
        };
        if (method is null)
        {
            return null;
        }

        method = method.ReducedFrom ?? method;
        method = method.OriginalDefinition;
        method = method.PartialImplementationPart ?? method;

        // Local functions and lambdas are analyzed where they are written; other bodies are analyzed on their own.
        if (method.MethodKind is MethodKind.LocalFunction or MethodKind.AnonymousFunction
            || method.IsAbstract || method.IsExtern
            || method.DeclaringSyntaxReferences.IsEmpty
            || !SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _known.Compilation.Assembly)
            || _known.GetRequiredNamespaces(method) is not null)
        {
            return null;
        }

        return method;
    }

    /// <summary>Looks for a hop of <paramref name="kind"/> reachable from <paramref name="start"/>.</summary>
    /// <param name="start">The method the body calls.</param>
    /// <param name="kind">Which rule is looking.</param>
    /// <param name="hop">The hop found at the end of the path.</param>
    /// <param name="path">The methods from <paramref name="start"/> to the one holding the hop.</param>
    public bool TryFindHop(IMethodSymbol start, HopKind kind, out Hop hop, out ImmutableArray<IMethodSymbol> path)
    {
        var visited = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        var stack = new List<IMethodSymbol>();
        if (Search(start, kind, visited, stack, out hop))
        {
            path = stack.ToImmutableArray();
            return true;
        }

        path = ImmutableArray<IMethodSymbol>.Empty;
        return false;
    }

    /// <summary>Whether a property reference is the target of a plain assignment (its setter runs, not its getter).</summary>
    private static bool IsWritten(IPropertyReferenceOperation property) =>
        property.Parent is ISimpleAssignmentOperation assignment && assignment.Target == property;

    /// <summary>" (via Helper → Start)".</summary>
    public static string FormatPath(ImmutableArray<IMethodSymbol> path)
    {
        var names = new string[path.Length];
        for (var i = 0; i < path.Length; i++)
        {
            names[i] = path[i] switch
            {
                { MethodKind: MethodKind.Constructor } constructor => "new " + constructor.ContainingType.Name,
                { AssociatedSymbol: IPropertySymbol property } => property.Name,
                var method => method.Name,
            };
        }

        return " (via " + string.Join(" \u2192 ", names) + ")";
    }

    private bool Search(IMethodSymbol method, HopKind kind, HashSet<IMethodSymbol> visited, List<IMethodSymbol> stack, out Hop hop)
    {
        hop = default;
        if (stack.Count >= MaxDepth || !visited.Add(method))
        {
            return false;
        }

        stack.Add(method);
        var summary = _summaries.GetOrAdd(method, Summarize);
        foreach (var found in summary.Hops)
        {
            if (found.Kind == kind)
            {
                hop = found;
                return true;
            }
        }

        foreach (var callee in summary.Callees)
        {
            if (Search(callee, kind, visited, stack, out hop))
            {
                return true;
            }
        }

        stack.RemoveAt(stack.Count - 1);
        return false;
    }

    private MethodSummary Summarize(IMethodSymbol method)
    {
        var hops = ImmutableArray.CreateBuilder<Hop>();
        var callees = new List<IMethodSymbol>();
        var seenCallees = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);

        // An async void helper returns to the body at its first await and finishes elsewhere.
        if (method.IsAsync && method.ReturnsVoid)
        {
            hops.Add(new Hop(HopKind.ReturnsAwaitable, "'" + method.Name + "' is async void"));
        }

        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            var syntax = reference.GetSyntax();
            var model = _models.GetOrAdd(syntax.SyntaxTree, GetSemanticModel);
            if (model.GetOperation(syntax) is not { } root)
            {
                continue;
            }

            foreach (var operation in root.Descendants())
            {
                if (operation is not (IInvocationOperation or IObjectCreationOperation or IPropertyReferenceOperation) || InDeferredLambda(operation, root))
                {
                    continue;
                }

                if (_hops.Classify(operation) is { } hop)
                {
                    hops.Add(hop);
                }
                else if (GetFollowableTarget(operation) is { } callee && seenCallees.Add(callee))
                {
                    callees.Add(callee);
                }
            }
        }

        return new MethodSummary(hops.ToImmutable(), callees.ToImmutableArray());
    }

    // Cross-tree analysis needs a model for the helper's tree; cached per compilation, never per call.
#pragma warning disable RS1030 // Do not invoke Compilation.GetSemanticModel() within a diagnostic analyzer
    private SemanticModel GetSemanticModel(SyntaxTree tree) => _known.Compilation.GetSemanticModel(tree);
#pragma warning restore RS1030

    /// <summary>
    /// Whether the operation sits in a lambda that calling the helper does not run on the body's thread: one
    /// that is returned or stored rather than passed to a call, or one handed to a call that starts another
    /// thread (that call is the hop). Lambdas passed to other calls (List.Sort, Select...) are followed.
    /// </summary>
    private bool InDeferredLambda(IOperation operation, IOperation root)
    {
        for (var current = operation.Parent; current is not null && current != root; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation lambda
                && (NamespaceBodies.GetConsumer(lambda) is not { } consumer || _hops.Classify(consumer) is { Kind: HopKind.StartsThread }))
            {
                return true;
            }
        }

        return false;
    }

    private sealed class MethodSummary
    {
        public MethodSummary(ImmutableArray<Hop> hops, ImmutableArray<IMethodSymbol> callees)
        {
            Hops = hops;
            Callees = callees;
        }

        public ImmutableArray<Hop> Hops { get; }

        public ImmutableArray<IMethodSymbol> Callees { get; }
    }
}

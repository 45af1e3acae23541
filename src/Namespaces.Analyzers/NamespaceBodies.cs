using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Namespaces.Analyzers;

/// <summary>Code that runs on a namespace thread, with the namespaces it stands in when they are known.</summary>
internal readonly struct NamespaceBody
{
    public NamespaceBody(int? namespaces) => Namespaces = namespaces;

    /// <summary>The NS flags the thread has joined; <see langword="null"/> for a <c>NamespaceSet.Do</c> lambda (whatever the set holds).</summary>
    public int? Namespaces { get; }

    /// <summary>Whether code that needs <paramref name="required"/> may run here unchanged.</summary>
    public bool Covers(int required) => Namespaces is not int held || (held & required) == required;
}

/// <summary>
/// Decides whether an operation runs inside a namespace body: the body of a <c>[RunInNamespace]</c> method
/// (with its lambdas and local functions), a lambda handed to <c>NamespaceSet.Do</c>/<c>DoRaw</c>, or a lambda
/// handed to the generated-code entry points in <c>NamespaceDispatch</c>.
/// </summary>
internal sealed class NamespaceBodies
{
    private readonly KnownSymbols _known;
    private readonly HopClassifier _hops;

    public NamespaceBodies(KnownSymbols known, HopClassifier hops)
    {
        _known = known;
        _hops = hops;
    }

    /// <summary>Finds the body <paramref name="operation"/> runs in, walking out through enclosing lambdas.</summary>
    /// <param name="operation">Any operation; an anonymous function counts as inside itself.</param>
    /// <param name="containingSymbol">The member whose operation tree holds <paramref name="operation"/>.</param>
    /// <param name="body">The body found.</param>
    public bool TryFind(IOperation operation, ISymbol containingSymbol, out NamespaceBody body)
    {
        for (var current = operation; current is not null; current = current.Parent)
        {
            if (current is not IAnonymousFunctionOperation lambda)
            {
                continue;
            }

            switch (GetConsumer(lambda))
            {
                case IInvocationOperation invocation when IsDispatchEntryPoint(invocation, out var namespaces):
                    body = new NamespaceBody(namespaces);
                    return true;
                case IOperation consumer when _hops.Classify(consumer) is { Kind: HopKind.StartsThread }:
                    // The lambda runs on the thread that call starts: NS1002 already reports the call.
                    body = default;
                    return false;
            }
        }

        for (var symbol = containingSymbol; symbol is IMethodSymbol method; symbol = method.ContainingSymbol)
        {
            if (_known.GetRequiredNamespaces(method) is int required)
            {
                body = new NamespaceBody(required);
                return true;
            }

            if (method.MethodKind is not (MethodKind.LocalFunction or MethodKind.AnonymousFunction))
            {
                break;
            }
        }

        body = default;
        return false;
    }

    /// <summary>Whether <paramref name="invocation"/> is <c>NamespaceSet.Do</c>/<c>DoRaw</c> or a <c>NamespaceDispatch</c> entry point.</summary>
    public bool IsDispatchEntryPoint(IInvocationOperation invocation, out int? namespaces)
    {
        namespaces = null;
        var type = invocation.TargetMethod.ContainingType;
        if (KnownSymbols.Is(type, _known.NamespaceSet))
        {
            return IsDoMethod(invocation.TargetMethod);
        }

        if (!KnownSymbols.Is(type, _known.NamespaceDispatch))
        {
            return false;
        }

        // Generated code passes the attribute's flags as a constant: the lambda runs in exactly those.
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is { } parameter && KnownSymbols.Is(parameter.Type, _known.NS)
                && argument.Value.ConstantValue is { HasValue: true, Value: int flags })
            {
                namespaces = flags;
            }
        }

        return true;
    }

    /// <summary>Whether the method is <c>NamespaceSet.Do</c> or <c>NamespaceSet.DoRaw</c>.</summary>
    public bool IsDoMethod(IMethodSymbol method) =>
        KnownSymbols.Is(method.ContainingType, _known.NamespaceSet) && method.Name is "Do" or "DoRaw";

    /// <summary>The invocation or object creation a lambda is passed to as an argument, if any.</summary>
    public static IOperation? GetConsumer(IOperation lambda)
    {
        var parent = lambda.Parent;
        while (parent is IDelegateCreationOperation or IConversionOperation { IsImplicit: true } or IParenthesizedOperation)
        {
            parent = parent.Parent;
        }

        return parent is IArgumentOperation argument ? argument.Parent : null;
    }
}

using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Namespaces.Analyzers;

/// <summary>
/// Which methods of the compilation implement or override a given method, so that a call through an interface,
/// an abstract or a virtual member can be followed to every body it may run. Built once per compilation, on the
/// first call that needs it.
/// </summary>
internal sealed class Implementations
{
    private readonly Dictionary<IMethodSymbol, List<IMethodSymbol>> _byMember = new(SymbolEqualityComparer.Default);

    private Implementations()
    {
    }

    /// <summary>Counts the types visited while building, for the cost tests.</summary>
    public int TypesVisited { get; private set; }

    /// <summary>The implementations and overrides of <paramref name="member"/> declared in the compilation.</summary>
    public IReadOnlyList<IMethodSymbol> Of(IMethodSymbol member) =>
        _byMember.TryGetValue(member.OriginalDefinition, out var found) ? found : ImmutableArray<IMethodSymbol>.Empty;

    public static Implementations Build(Compilation compilation)
    {
        var index = new Implementations();
        var pending = new Stack<INamespaceOrTypeSymbol>();
        pending.Push(compilation.Assembly.GlobalNamespace);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            foreach (var member in current.GetMembers())
            {
                if (member is INamespaceOrTypeSymbol nested)
                {
                    pending.Push(nested);
                }
            }

            if (current is INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct } type)
            {
                index.TypesVisited++;
                index.AddOverrides(type);
                index.AddInterfaceImplementations(type);
            }
        }

        return index;
    }

    private void AddOverrides(INamedTypeSymbol type)
    {
        foreach (var member in type.GetMembers())
        {
            if (member is not IMethodSymbol { IsOverride: true } method)
            {
                continue;
            }

            // Every member up the chain dispatches here: Base.Run, and Middle.Run that overrode it.
            for (var overridden = method.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
            {
                Add(overridden, method);
            }
        }
    }

    private void AddInterfaceImplementations(INamedTypeSymbol type)
    {
        foreach (var implemented in type.AllInterfaces)
        {
            foreach (var member in implemented.GetMembers())
            {
                // Only implementations this type declares itself: a base type's are added with the base type.
                if (member is IMethodSymbol interfaceMethod
                    && type.FindImplementationForInterfaceMember(interfaceMethod) is IMethodSymbol implementation
                    && SymbolEqualityComparer.Default.Equals(implementation.ContainingType, type))
                {
                    Add(interfaceMethod, implementation);
                }
            }
        }
    }

    private void Add(IMethodSymbol member, IMethodSymbol implementation)
    {
        var key = member.OriginalDefinition;
        if (!_byMember.TryGetValue(key, out var list))
        {
            _byMember[key] = list = new List<IMethodSymbol>();
        }

        list.Add(implementation.OriginalDefinition);
    }
}

using System.Linq;
using Microsoft.CodeAnalysis;

namespace Namespaces.Generators.Validation;

/// <summary>Names derived from the attributed method, shared by the validator (messages, collisions) and the parser.</summary>
internal static class MethodNames
{
    /// <summary>
    /// The asynchronous overload's name: always the method's name plus <c>Async</c>, so <c>FooAsync</c> gets
    /// <c>FooAsyncAsync</c>. Predictable beats pretty here; a clash is reported as NS0005.
    /// </summary>
    public static string AsyncName(IMethodSymbol method) => method.Name + "Async";

    /// <summary>
    /// A readable name for messages and for the runtime's exceptions: enclosing types and the method,
    /// without namespace or parameters, e.g. <c>Net.Interfaces</c> or <c>Box&lt;T&gt;.Get&lt;U&gt;</c>.
    /// </summary>
    public static string Display(IMethodSymbol method)
    {
        var name = WithTypeParameters(method.Name, method.TypeParameters.Select(t => t.Name));
        for (var type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            name = WithTypeParameters(type.Name, type.TypeParameters.Select(t => t.Name)) + "." + name;
        }

        return name;
    }

    /// <summary>The type and its enclosing types, e.g. <c>Outer.Inner</c>.</summary>
    public static string Display(INamedTypeSymbol type) =>
        type.ContainingType is null
            ? WithTypeParameters(type.Name, type.TypeParameters.Select(t => t.Name))
            : Display(type.ContainingType) + "." + WithTypeParameters(type.Name, type.TypeParameters.Select(t => t.Name));

    private static string WithTypeParameters(string name, System.Collections.Generic.IEnumerable<string> typeParameters)
    {
        var list = string.Join(", ", typeParameters);
        return list.Length == 0 ? name : name + "<" + list + ">";
    }
}

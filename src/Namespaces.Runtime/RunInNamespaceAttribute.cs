using System;

namespace Namespaces;

/// <summary>
/// Marks a method whose body must run inside the given namespaces. The Namespaces source generator
/// adds, to the method's (partial) type, an overload taking a <see cref="NamespaceSet"/> first that
/// runs the body on one of the set's namespace threads, and an <c>…Async</c> overload returning a
/// <see cref="System.Threading.Tasks.ValueTask"/>. The analyzers report code in the body that would
/// leave the namespace thread (<c>await</c>, <c>Task.Run</c>, new threads, deferred execution).
/// </summary>
/// <example>
/// <code>
/// public static partial class Net
/// {
///     [RunInNamespace(NS.Net)]
///     public static string[] Interfaces() =>
///         NetworkInterface.GetAllNetworkInterfaces().Select(i => i.Name).ToArray();
/// }
///
/// using var set = NamespaceSet.Create(NS.Net);
/// string[] names = Net.Interfaces(set);            // ["lo"]
/// string[] again = await Net.InterfacesAsync(set);
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class RunInNamespaceAttribute : Attribute
{
    /// <summary>Marks the method as running inside <paramref name="namespaces"/>.</summary>
    /// <param name="namespaces">The namespaces the body needs; not <see cref="NS.None"/>, <see cref="NS.User"/> or <see cref="NS.Time"/>.</param>
    public RunInNamespaceAttribute(NS namespaces) => Namespaces = namespaces;

    /// <summary>The namespaces the body runs in.</summary>
    public NS Namespaces { get; }
}

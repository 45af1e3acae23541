using System;

namespace Namespaces;

/// <summary>
/// A set was asked for a namespace it does not hold: by <see cref="NamespaceSet.Id"/>, <see cref="NamespaceSet.Dup"/>,
/// <see cref="NamespaceSet.Fds"/>, <see cref="NamespaceSet.MountNS"/>, or a call that runs inside (a generated
/// <see cref="RunInNamespaceAttribute"/> overload, <see cref="NamespaceSet.Do(Action)"/>, the extension methods). The
/// caller passed the wrong set, or opened or created it without that namespace: nothing was changed.
/// </summary>
public sealed class MissingNamespaceException : ArgumentException
{
    internal MissingNamespaceException(string operation, NS missing, NS held, string parameterName, string? set = null)
        : base(
            $"{operation} needs the {NamespaceKinds.Describe(missing)} namespace{(NamespaceKinds.IsSingle(missing) ? "" : "s")}, which {set ?? "the set"} does not hold (it holds {NamespaceKinds.Describe(held)}). " +
            "Open or create the set with it, or pass a set that holds it.",
            parameterName)
    {
        Namespace = missing;
        Held = held;
    }

    /// <summary>The namespaces asked for that the set does not hold.</summary>
    public NS Namespace { get; }

    /// <summary>The namespaces the set holds.</summary>
    public NS Held { get; }
}

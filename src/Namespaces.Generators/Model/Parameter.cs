namespace Namespaces.Generators.Model;

/// <summary>One parameter of the attributed method.</summary>
/// <param name="Name">The name as an identifier; also the name of its field in the argument struct.</param>
/// <param name="Type">The fully qualified type, with nullable annotations.</param>
/// <param name="RefKind">How it is passed.</param>
/// <param name="IsParams">Whether it is a <c>params</c> array.</param>
/// <param name="DefaultValue">Its default value as a C# expression, or <see langword="null"/> when it has none.</param>
internal sealed record Parameter(string Name, string Type, ParameterRefKind RefKind, bool IsParams, string? DefaultValue)
{
    /// <summary>Whether the synchronous overload copies the field back to the caller after the body ran.</summary>
    public bool IsWrittenBack => RefKind is ParameterRefKind.Ref or ParameterRefKind.Out;
}

/// <summary>The passing modes the overloads can carry (pointers and ref structs are refused earlier).</summary>
internal enum ParameterRefKind
{
    /// <summary>By value.</summary>
    None,

    /// <summary><c>ref</c>: copied in, and back out by the synchronous overload.</summary>
    Ref,

    /// <summary><c>out</c>: copied back out by the synchronous overload.</summary>
    Out,

    /// <summary><c>in</c>: copied in.</summary>
    In,

    /// <summary><c>ref readonly</c>: copied in.</summary>
    RefReadOnly,
}

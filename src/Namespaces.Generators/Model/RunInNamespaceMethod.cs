namespace Namespaces.Generators.Model;

/// <summary>
/// Everything the emitter needs to write the overloads of one <c>[RunInNamespace]</c> method, as plain
/// strings: no symbols, syntax or locations, so that equal inputs give equal models and the pipeline caches.
/// </summary>
/// <param name="HintName">The generated file's name, unique in the compilation.</param>
/// <param name="Namespace">The containing namespace as C# source text, or <see langword="null"/> for the global namespace.</param>
/// <param name="ContainingTypes">The enclosing partial types, outermost first.</param>
/// <param name="TypeName">The method's type, <c>global::</c>-qualified with its type parameters: the type of <c>this</c> in the argument struct, and the qualifier of static calls (a parameter named like the method cannot shadow it).</param>
/// <param name="Accessibility">The method's accessibility keywords, copied to the overloads.</param>
/// <param name="IsStatic">Whether the method is static; an instance method's state also carries <c>this</c>.</param>
/// <param name="IsStructInstanceMethod">An instance method of a struct: its body runs on a copy of the struct.</param>
/// <param name="Name">The method's name as an identifier (escaped when it is a keyword).</param>
/// <param name="AsyncName">The name of the asynchronous overload.</param>
/// <param name="ReturnType">The return type, or <see langword="null"/> for <see langword="void"/>.</param>
/// <param name="TypeParameters">The method's type parameters with their constraints.</param>
/// <param name="Parameters">The method's parameters.</param>
/// <param name="Cref">A C# cref to the attributed method, for <c>&lt;inheritdoc&gt;</c>.</param>
/// <param name="DisplayName">The readable name passed to the runtime for error messages, e.g. <c>Net.Interfaces</c>.</param>
/// <param name="NamespacesExpression">The attribute's flags as a C# expression.</param>
/// <param name="NamespacesDescription">The flags in words, for the overloads' remarks.</param>
/// <param name="Names">Names of the generated parameters, locals and fields, chosen not to clash with the user's.</param>
/// <param name="EmitSync">Whether to emit the synchronous overload.</param>
/// <param name="EmitAsync">Whether to emit the asynchronous overload.</param>
internal sealed record RunInNamespaceMethod(
    string HintName,
    string? Namespace,
    EquatableArray<ContainingType> ContainingTypes,
    string TypeName,
    string Accessibility,
    bool IsStatic,
    bool IsStructInstanceMethod,
    string Name,
    string AsyncName,
    string? ReturnType,
    EquatableArray<TypeParameter> TypeParameters,
    EquatableArray<Parameter> Parameters,
    string Cref,
    string DisplayName,
    string NamespacesExpression,
    string NamespacesDescription,
    GeneratedNames Names,
    bool EmitSync,
    bool EmitAsync);

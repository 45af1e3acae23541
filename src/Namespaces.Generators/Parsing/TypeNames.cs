using Microsoft.CodeAnalysis;

namespace Namespaces.Generators.Parsing;

/// <summary>How types are written in generated code and in doc-comment crefs.</summary>
internal static class TypeNames
{
    /// <summary><c>global::</c>-qualified, keywords for special types, nullable annotations kept.</summary>
    private static readonly SymbolDisplayFormat s_sourceFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>
    /// Crefs take no nullable annotations and no tuple syntax: tuples and <c>T?</c> of value types are
    /// spelled out as <c>ValueTuple</c> and <c>Nullable</c>, and the caller turns <c>&lt;&gt;</c> into <c>{}</c>.
    /// </summary>
    private static readonly SymbolDisplayFormat s_crefFormat = new(
        globalNamespaceStyle: SymbolDisplayGlobalNamespaceStyle.Included,
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers
            | SymbolDisplayMiscellaneousOptions.UseSpecialTypes
            | SymbolDisplayMiscellaneousOptions.ExpandNullable
            | SymbolDisplayMiscellaneousOptions.ExpandValueTuple);

    public static string ToSource(ITypeSymbol type) => type.ToDisplayString(s_sourceFormat);

    public static string ToCref(ITypeSymbol type) =>
        type.ToDisplayString(s_crefFormat).Replace('<', '{').Replace('>', '}');
}

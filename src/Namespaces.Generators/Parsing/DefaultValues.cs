using System;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Namespaces.Generators.Parsing;

/// <summary>
/// Writes a parameter's default value as C# source. The value comes from the symbol, not the declaration's
/// text, which may name constants or aliases that do not resolve in the generated file.
/// </summary>
internal static class DefaultValues
{
    public static string? Format(IParameterSymbol parameter)
    {
        if (!parameter.HasExplicitDefaultValue)
        {
            return null;
        }

        var type = parameter.Type;
        var value = parameter.ExplicitDefaultValue;
        if (value is null)
        {
            return type.IsReferenceType || type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T ? "null" : "default";
        }

        // int? x = 5 stores 5: format it as the underlying type.
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        if (type.TypeKind == TypeKind.Enum)
        {
            return "(" + TypeNames.ToSource(type.WithNullableAnnotation(NullableAnnotation.NotAnnotated)) + ")(" + Literal(value) + ")";
        }

        return Literal(value);
    }

    private static string Literal(object value) => value switch
    {
        bool b => b ? "true" : "false",
        string s => SymbolDisplay.FormatLiteral(s, quote: true),
        char c => SymbolDisplay.FormatLiteral(c, quote: true),
        sbyte n => "(sbyte)" + Parenthesized(n.ToString(CultureInfo.InvariantCulture)),
        byte n => "(byte)" + n.ToString(CultureInfo.InvariantCulture),
        short n => "(short)" + Parenthesized(n.ToString(CultureInfo.InvariantCulture)),
        ushort n => "(ushort)" + n.ToString(CultureInfo.InvariantCulture),
        int n => n == int.MinValue ? "int.MinValue" : n.ToString(CultureInfo.InvariantCulture),
        uint n => n.ToString(CultureInfo.InvariantCulture) + "U",
        long n => n == long.MinValue ? "long.MinValue" : n.ToString(CultureInfo.InvariantCulture) + "L",
        ulong n => n.ToString(CultureInfo.InvariantCulture) + "UL",
        float f => float.IsNaN(f) ? "float.NaN"
            : float.IsPositiveInfinity(f) ? "float.PositiveInfinity"
            : float.IsNegativeInfinity(f) ? "float.NegativeInfinity"
            : f.ToString("R", CultureInfo.InvariantCulture) + "F",
        double d => double.IsNaN(d) ? "double.NaN"
            : double.IsPositiveInfinity(d) ? "double.PositiveInfinity"
            : double.IsNegativeInfinity(d) ? "double.NegativeInfinity"
            : d.ToString("R", CultureInfo.InvariantCulture) + "D",
        decimal m => m.ToString(CultureInfo.InvariantCulture) + "M",
        _ => throw new InvalidOperationException("Unexpected constant of type " + value.GetType()),
    };

    private static string Parenthesized(string number) => number.StartsWith("-", StringComparison.Ordinal) ? "(" + number + ")" : number;
}

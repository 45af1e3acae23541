using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Namespaces.Generators.Parsing;

/// <summary>Writes a type parameter's constraint list, in the order C# requires: primary, types, <c>new()</c>.</summary>
internal static class Constraints
{
    public static string? Format(ITypeParameterSymbol typeParameter)
    {
        var parts = new List<string>();
        if (typeParameter.HasReferenceTypeConstraint)
        {
            parts.Add(typeParameter.ReferenceTypeConstraintNullableAnnotation == NullableAnnotation.Annotated ? "class?" : "class");
        }
        else if (typeParameter.HasUnmanagedTypeConstraint)
        {
            parts.Add("unmanaged");
        }
        else if (typeParameter.HasValueTypeConstraint)
        {
            parts.Add("struct");
        }
        else if (typeParameter.HasNotNullConstraint)
        {
            parts.Add("notnull");
        }

        foreach (var type in typeParameter.ConstraintTypes)
        {
            parts.Add(TypeNames.ToSource(type));
        }

        if (typeParameter.HasConstructorConstraint)
        {
            parts.Add("new()");
        }

        return parts.Count == 0 ? null : string.Join(", ", parts);
    }
}

using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Namespaces.Generators.Model;
using Namespaces.Generators.Validation;

namespace Namespaces.Generators.Parsing;

/// <summary>
/// Turns one <c>[RunInNamespace]</c> method into a <see cref="RunInNamespaceMethod"/>: the only place where the
/// generator touches symbols. Everything it returns is strings and flags, so the pipeline caches by value.
/// </summary>
internal static class RunInNamespaceParser
{
    private static readonly SymbolDisplayFormat s_namespaceFormat = new(
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers);

    /// <summary>The model, or <see langword="null"/> when the validator allows no overload (the analyzer says why).</summary>
    public static RunInNamespaceMethod? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not IMethodSymbol method || context.Attributes.IsEmpty)
        {
            return null;
        }

        var validation = RunInNamespaceValidator.Validate(method, context.Attributes[0], context.SemanticModel.Compilation, cancellationToken);
        if (!validation.EmitSync && !validation.EmitAsync)
        {
            return null;
        }

        method = method.PartialDefinitionPart ?? method;
        var type = method.ContainingType;
        var overloadSuffix = OverloadSuffix(method);
        var names = ChooseNames(method, overloadSuffix);

        return new RunInNamespaceMethod(
            HintName: HintName(method, overloadSuffix),
            Namespace: type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString(s_namespaceFormat) : null,
            ContainingTypes: ContainingTypes(type),
            TypeName: TypeNames.ToSource(type),
            Accessibility: AccessibilityKeywords(method.DeclaredAccessibility),
            IsStatic: method.IsStatic,
            IsStructInstanceMethod: !method.IsStatic && type.IsValueType,
            Name: IdentifierChooser.Escape(method.Name),
            AsyncName: IdentifierChooser.Escape(MethodNames.AsyncName(method)),
            ReturnType: method.ReturnsVoid ? null : TypeNames.ToSource(method.ReturnType),
            TypeParameters: method.TypeParameters
                .Select(t => new TypeParameter(IdentifierChooser.Escape(t.Name), Constraints.Format(t)))
                .ToEquatableArray(),
            Parameters: method.Parameters
                .Select(p => new Parameter(IdentifierChooser.Escape(p.Name), TypeNames.ToSource(p.Type), RefKindOf(p), p.IsParams, DefaultValues.Format(p)))
                .ToEquatableArray(),
            Cref: Cref(method),
            DisplayName: MethodNames.Display(method),
            NamespacesExpression: NamespaceFlags.ToExpression(validation.Namespaces),
            NamespacesDescription: NamespaceFlags.Describe(validation.Namespaces),
            Names: names,
            EmitSync: validation.EmitSync,
            EmitAsync: validation.EmitAsync);
    }

    /// <summary>
    /// Empty for a method whose name is unique in its type; otherwise its 1-based position among the methods of
    /// that name, so that overloads get distinct argument structs and file names.
    /// </summary>
    private static string OverloadSuffix(IMethodSymbol method)
    {
        var siblings = method.ContainingType.GetMembers(method.Name).OfType<IMethodSymbol>().ToList();
        if (siblings.Count <= 1)
        {
            return string.Empty;
        }

        var index = siblings.FindIndex(m => SymbolEqualityComparer.Default.Equals(m, method));
        return index <= 0 ? string.Empty : (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static GeneratedNames ChooseNames(IMethodSymbol method, string overloadSuffix)
    {
        // Everything a generated identifier could be confused with inside the overloads' bodies.
        var taken = new HashSet<string>(method.Parameters.Select(p => p.Name)) { method.Name };
        for (var type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            taken.UnionWith(type.TypeParameters.Select(t => t.Name));
        }

        taken.UnionWith(method.TypeParameters.Select(t => t.Name));

        return new GeneratedNames(
            StateType: "__" + method.Name + "_State" + overloadSuffix,
            SetParameter: IdentifierChooser.Choose("set", taken),
            CancellationTokenParameter: IdentifierChooser.Choose("cancellationToken", taken),
            StateLocal: IdentifierChooser.Choose("state", taken),
            LambdaParameter: IdentifierChooser.Choose("s", taken),
            ThisField: IdentifierChooser.Choose("__this", taken));
    }

    private static EquatableArray<ContainingType> ContainingTypes(INamedTypeSymbol innermost)
    {
        var types = new List<ContainingType>();
        for (var type = innermost; type is not null; type = type.ContainingType)
        {
            // Every partial declaration of a ref or readonly struct must say so, so the generated one does too.
            var modifiers = (type.TypeKind == TypeKind.Struct && type.IsReadOnly ? "readonly " : string.Empty)
                + (type.IsRefLikeType ? "ref " : string.Empty);
            var keyword = type switch
            {
                { IsRecord: true, IsValueType: true } => "record struct",
                { IsRecord: true } => "record",
                { TypeKind: TypeKind.Struct } => "struct",
                { TypeKind: TypeKind.Interface } => "interface",
                _ => "class",
            };
            var typeParameters = string.Join(", ", type.TypeParameters.Select(t => Variance(t) + IdentifierChooser.Escape(t.Name)));
            var name = IdentifierChooser.Escape(type.Name) + (typeParameters.Length == 0 ? string.Empty : "<" + typeParameters + ">");
            types.Insert(0, new ContainingType(modifiers, keyword, name));
        }

        return types.ToEquatableArray();
    }

    private static string Variance(ITypeParameterSymbol typeParameter) => typeParameter.Variance switch
    {
        VarianceKind.In => "in ",
        VarianceKind.Out => "out ",
        _ => string.Empty,
    };

    private static string AccessibilityKeywords(Accessibility accessibility) => accessibility switch
    {
        Accessibility.Public => "public",
        Accessibility.Internal => "internal",
        Accessibility.Protected => "protected",
        Accessibility.ProtectedOrInternal => "protected internal",
        Accessibility.ProtectedAndInternal => "private protected",
        _ => "private",
    };

    private static ParameterRefKind RefKindOf(IParameterSymbol parameter) => parameter.RefKind switch
    {
        RefKind.Ref => ParameterRefKind.Ref,
        RefKind.Out => ParameterRefKind.Out,
        RefKind.In => ParameterRefKind.In,
        RefKind.RefReadOnlyParameter => ParameterRefKind.RefReadOnly,
        _ => ParameterRefKind.None,
    };

    /// <summary>A cref to the attributed method that no generated overload also matches, e.g. <c>M{T}(T, ref int)</c>.</summary>
    private static string Cref(IMethodSymbol method)
    {
        var name = IdentifierChooser.Escape(method.Name);
        if (method.Arity > 0)
        {
            name += "{" + string.Join(", ", method.TypeParameters.Select(t => IdentifierChooser.Escape(t.Name))) + "}";
        }

        var parameters = method.Parameters.Select(p => p.RefKind switch
        {
            RefKind.Ref => "ref ",
            RefKind.Out => "out ",
            RefKind.In => "in ",
            RefKind.RefReadOnlyParameter => "ref readonly ",
            _ => string.Empty,
        } + TypeNames.ToCref(p.Type));
        return name + "(" + string.Join(", ", parameters) + ")";
    }

    /// <summary>Namespace, types (with arity) and method, e.g. <c>Demo.Box_1.Get.g.cs</c>; unique per method.</summary>
    private static string HintName(IMethodSymbol method, string overloadSuffix)
    {
        var parts = new List<string> { method.Name + overloadSuffix };
        for (var type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            parts.Insert(0, type.Arity == 0 ? type.Name : type.Name + "_" + type.Arity);
        }

        if (method.ContainingType.ContainingNamespace is { IsGlobalNamespace: false } ns)
        {
            parts.Insert(0, ns.ToDisplayString());
        }

        return string.Join(".", parts) + ".g.cs";
    }
}

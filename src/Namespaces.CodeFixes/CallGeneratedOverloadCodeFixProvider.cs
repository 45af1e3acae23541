using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;
using Namespaces.Diagnostics;

namespace Namespaces.CodeFixes;

/// <summary>
/// NS1005: replaces a direct call to a <c>[RunInNamespace]</c> method with a call to its generated overload,
/// passing a <c>NamespaceSet</c> already in scope, or adding a <c>NamespaceSet</c> parameter to the calling method;
/// a method group becomes a lambda that calls the overload with a set in scope.
/// Offered only when the generated overload (first parameter <c>NamespaceSet</c>, the rest the same) exists.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CallGeneratedOverloadCodeFixProvider))]
[Shared]
public sealed class CallGeneratedOverloadCodeFixProvider : CodeFixProvider
{
    private const string NamespaceSetMetadataName = "Namespaces.NamespaceSet";
    private const string UseSetKey = DiagnosticIds.DirectCall + ".UseSet.";
    private const string AddParameterKey = DiagnosticIds.DirectCall + ".AddParameter";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.DirectCall);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        var diagnostic = context.Diagnostics[0];
        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        var namespaceSet = model.Compilation.GetTypeByMetadataName(NamespaceSetMetadataName);
        if (namespaceSet is not null && AsMethodGroup(node) is { } group)
        {
            RegisterMethodGroupFixes(context, root, model, group, namespaceSet);
            return;
        }

        var invocation = node.FirstAncestorOrSelf<InvocationExpressionSyntax>();
        if (invocation is null || namespaceSet is null
            || model.GetSymbolInfo(invocation, context.CancellationToken).Symbol is not IMethodSymbol called
            || called.ReducedFrom is not null
            || FindGeneratedOverload(called, namespaceSet) is not { } overload)
        {
            return;
        }

        foreach (var candidate in FindSetsInScope(model, invocation, namespaceSet, context.CancellationToken))
        {
            var replacement = WithSetArgument(invocation, SyntaxFactory.IdentifierName(candidate));
            if (BindsTo(model, invocation, replacement, overload, context.CancellationToken))
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Call the generated overload with '{candidate}'",
                        _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(invocation, replacement))),
                        UseSetKey + candidate),
                    diagnostic);
            }
        }

        if (invocation.FirstAncestorOrSelf<SyntaxNode>(IsFunction) is { } function && function is not AnonymousFunctionExpressionSyntax)
        {
            var name = ChooseParameterName(model, function);
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Add a 'NamespaceSet {name}' parameter and call the generated overload",
                    cancellationToken => AddParameterAsync(context.Document, function, invocation, name, cancellationToken),
                    AddParameterKey),
                diagnostic);
        }
    }

    /// <summary>The method group the diagnostic is on (<c>Net.Ping</c> in <c>Select(Net.Ping)</c>), or <see langword="null"/> for a call.</summary>
    private static ExpressionSyntax? AsMethodGroup(SyntaxNode node)
    {
        var expression = node.Parent is MemberAccessExpressionSyntax access && access.Name == node ? access : node as ExpressionSyntax;
        return expression is SimpleNameSyntax or MemberAccessExpressionSyntax
            && !(expression.Parent is InvocationExpressionSyntax call && call.Expression == expression)
            ? expression
            : null;
    }

    /// <summary>
    /// Replaces the method group with a lambda that calls the generated overload with a set in scope:
    /// <c>hosts.Select(Net.Ping)</c> becomes <c>hosts.Select(host =&gt; Net.Ping(set, host))</c>. Offered only when the
    /// lambda's parameters can take the method's names and the result binds to the overload.
    /// </summary>
    private static void RegisterMethodGroupFixes(CodeFixContext context, SyntaxNode root, SemanticModel model, ExpressionSyntax group, INamedTypeSymbol namespaceSet)
    {
        if (model.GetSymbolInfo(group, context.CancellationToken).Symbol is not IMethodSymbol called
            || called.ReducedFrom is not null
            || called.Parameters.Any(p => p.RefKind != RefKind.None)
            || FindGeneratedOverload(called, namespaceSet) is not { } overload
            || group.FirstAncestorOrSelf<StatementSyntax>() is not { } statement)
        {
            return;
        }

        var taken = new HashSet<string>(model.LookupSymbols(group.SpanStart).Select(symbol => symbol.Name));
        var names = called.Parameters.Select(p => p.Name).ToList();
        if (names.Any(taken.Contains))
        {
            return;
        }

        foreach (var candidate in FindSetsInScope(model, group, namespaceSet, context.CancellationToken))
        {
            var call = SyntaxFactory.InvocationExpression(
                group.WithoutTrivia(),
                SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(
                    names.Select(name => SyntaxFactory.Argument(SyntaxFactory.IdentifierName(name))).Prepend(SyntaxFactory.Argument(SyntaxFactory.IdentifierName(candidate))))));
            ExpressionSyntax lambda = names.Count == 1
                ? SyntaxFactory.SimpleLambdaExpression(SyntaxFactory.Parameter(SyntaxFactory.Identifier(names[0])), call)
                : SyntaxFactory.ParenthesizedLambdaExpression(
                    SyntaxFactory.ParameterList(SyntaxFactory.SeparatedList(names.Select(name => SyntaxFactory.Parameter(SyntaxFactory.Identifier(name))))),
                    call);
            lambda = lambda.WithTriviaFrom(group);

            // Bind the rewritten statement speculatively: the lambda must convert where the group did, its call reach the overload.
            var annotation = new SyntaxAnnotation();
            var rewritten = statement.ReplaceNode(group, lambda.WithAdditionalAnnotations(annotation));
            if (!model.TryGetSpeculativeSemanticModel(statement.SpanStart, rewritten, out var speculative)
                || rewritten.GetAnnotatedNodes(annotation).FirstOrDefault() is not ExpressionSyntax placed
                || speculative.GetTypeInfo(placed, context.CancellationToken).ConvertedType is not INamedTypeSymbol { TypeKind: TypeKind.Delegate }
                || placed.DescendantNodes().OfType<InvocationExpressionSyntax>().FirstOrDefault() is not { } placedCall
                || speculative.GetSymbolInfo(placedCall, context.CancellationToken).Symbol is not IMethodSymbol bound
                || !SymbolEqualityComparer.Default.Equals(bound.OriginalDefinition, overload))
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Call the generated overload with '{candidate}' in a lambda",
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(group, lambda))),
                    UseSetKey + candidate),
                context.Diagnostics[0]);
        }
    }

    /// <summary>The overload the generator adds: same name, type and staticness, NamespaceSet first, then the same parameters.</summary>
    private static IMethodSymbol? FindGeneratedOverload(IMethodSymbol called, INamedTypeSymbol namespaceSet)
    {
        var original = called.OriginalDefinition;
        foreach (var member in original.ContainingType.GetMembers(original.Name))
        {
            if (member is IMethodSymbol candidate
                && candidate.IsStatic == original.IsStatic
                && candidate.Parameters.Length == original.Parameters.Length + 1
                && candidate.TypeParameters.Length == original.TypeParameters.Length
                && SymbolEqualityComparer.Default.Equals(candidate.Parameters[0].Type, namespaceSet)
                && ParametersMatch(original, candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static bool ParametersMatch(IMethodSymbol original, IMethodSymbol candidate)
    {
        for (var i = 0; i < original.Parameters.Length; i++)
        {
            var expected = original.Parameters[i];
            var actual = candidate.Parameters[i + 1];
            if (expected.RefKind != actual.RefKind || !SameType(expected.Type, actual.Type))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Structural type equality in which a method's own type parameters match by position.</summary>
    private static bool SameType(ITypeSymbol expected, ITypeSymbol actual)
    {
        switch (expected)
        {
            case ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Method } parameter:
                return actual is ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Method } other && other.Ordinal == parameter.Ordinal;
            case IArrayTypeSymbol array:
                return actual is IArrayTypeSymbol otherArray && array.Rank == otherArray.Rank && SameType(array.ElementType, otherArray.ElementType);
            case INamedTypeSymbol { IsGenericType: true } named:
                return actual is INamedTypeSymbol { IsGenericType: true } otherNamed
                    && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, otherNamed.OriginalDefinition)
                    && named.TypeArguments.Length == otherNamed.TypeArguments.Length
                    && named.TypeArguments.Zip(otherNamed.TypeArguments, SameType).All(same => same);
            default:
                return SymbolEqualityComparer.Default.Equals(expected, actual);
        }
    }

    /// <summary>Locals, parameters, fields and properties of type NamespaceSet visible at the call, nearest first.</summary>
    private static IEnumerable<string> FindSetsInScope(SemanticModel model, SyntaxNode at, INamedTypeSymbol namespaceSet, CancellationToken cancellationToken)
    {
        var position = at.SpanStart;
        var seen = new HashSet<string>();
        foreach (var symbol in model.LookupSymbols(position))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var type = symbol switch
            {
                ILocalSymbol local when local.DeclaringSyntaxReferences.All(r => r.Span.End <= position) => local.Type,
                IParameterSymbol parameter => parameter.Type,
                IFieldSymbol field => field.Type,
                IPropertySymbol property => property.Type,
                _ => null,
            };

            if (type is not null && SymbolEqualityComparer.Default.Equals(type, namespaceSet) && seen.Add(symbol.Name))
            {
                yield return symbol.Name;
            }
        }
    }

    /// <summary>Whether the rewritten call would bind to the generated overload at the same place (no error, no other overload).</summary>
    private static bool BindsTo(SemanticModel model, InvocationExpressionSyntax original, InvocationExpressionSyntax replacement, IMethodSymbol overload, CancellationToken cancellationToken)
    {
        var info = model.GetSpeculativeSymbolInfo(original.SpanStart, replacement, SpeculativeBindingOption.BindAsExpression);
        cancellationToken.ThrowIfCancellationRequested();
        return info.Symbol is IMethodSymbol bound && SymbolEqualityComparer.Default.Equals(bound.OriginalDefinition, overload);
    }

    private static InvocationExpressionSyntax WithSetArgument(InvocationExpressionSyntax invocation, ExpressionSyntax set) =>
        invocation.WithArgumentList(invocation.ArgumentList.WithArguments(invocation.ArgumentList.Arguments.Insert(0, SyntaxFactory.Argument(set))));

    private static bool IsFunction(SyntaxNode node) =>
        node is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax;

    private static string ChooseParameterName(SemanticModel model, SyntaxNode function)
    {
        var taken = new HashSet<string>(model.LookupSymbols(function.SpanStart).Select(s => s.Name));
        foreach (var node in function.DescendantNodes())
        {
            if (model.GetDeclaredSymbol(node) is { } declared)
            {
                taken.Add(declared.Name);
            }
        }

        foreach (var name in new[] { "set", "namespaceSet" })
        {
            if (!taken.Contains(name))
            {
                return name;
            }
        }

        var suffix = 2;
        while (taken.Contains("set" + suffix))
        {
            suffix++;
        }

        return "set" + suffix;
    }

    private static async Task<Document> AddParameterAsync(Document document, SyntaxNode function, InvocationExpressionSyntax invocation, string name, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        editor.ReplaceNode(invocation, WithSetArgument(invocation, SyntaxFactory.IdentifierName(name)));

        var parameter = SyntaxFactory.Parameter(SyntaxFactory.Identifier(name))
            .WithType(SyntaxFactory.ParseTypeName("global::" + NamespaceSetMetadataName).WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation));
        editor.ReplaceNode(function, (current, _) => current switch
        {
            BaseMethodDeclarationSyntax method => method.WithParameterList(InsertParameter(method.ParameterList, parameter)),
            LocalFunctionStatementSyntax local => local.WithParameterList(InsertParameter(local.ParameterList, parameter)),
            _ => current,
        });

        return editor.GetChangedDocument();
    }

    /// <summary>Puts the set first, as the generated overloads do, but after an extension method's <c>this</c> parameter.</summary>
    private static ParameterListSyntax InsertParameter(ParameterListSyntax list, ParameterSyntax parameter)
    {
        var index = list.Parameters.Count > 0 && list.Parameters[0].Modifiers.Any(SyntaxKind.ThisKeyword) ? 1 : 0;
        return list.WithParameters(list.Parameters.Insert(index, parameter));
    }
}

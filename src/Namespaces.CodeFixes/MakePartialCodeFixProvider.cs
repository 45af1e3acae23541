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
using Namespaces.Diagnostics;

namespace Namespaces.CodeFixes;

/// <summary>
/// Fixes NS0001 by adding <c>partial</c> to every type declaration enclosing the <c>[RunInNamespace]</c> method
/// that lacks it, so the generator can add the overloads. Fix All makes each type partial once, however many
/// of its methods reported NS0001.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakePartialCodeFixProvider))]
[Shared]
public sealed class MakePartialCodeFixProvider : CodeFixProvider
{
    private const string Title = "Make the enclosing types partial";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.TypeNotPartial);

    /// <inheritdoc/>
    // A custom fixer rather than the batch fixer: two methods of one type would otherwise both insert 'partial' there.
    public override FixAllProvider GetFixAllProvider() =>
        FixAllProvider.Create(async (context, document, diagnostics) => (Document?)await MakePartialAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false));

    /// <inheritdoc/>
    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            context.RegisterCodeFix(
                CodeAction.Create(
                    Title,
                    cancellationToken => MakePartialAsync(context.Document, new[] { diagnostic }, cancellationToken),
                    equivalenceKey: nameof(MakePartialCodeFixProvider)),
                diagnostic);
        }

        return Task.CompletedTask;
    }

    private static async Task<Document> MakePartialAsync(Document document, IEnumerable<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var declarations = diagnostics
            .SelectMany(diagnostic => root.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.AncestorsAndSelf().OfType<TypeDeclarationSyntax>()
                ?? Enumerable.Empty<TypeDeclarationSyntax>())
            .Where(declaration => !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
            .Distinct()
            .ToList();

        return declarations.Count == 0
            ? document
            : document.WithSyntaxRoot(root.ReplaceNodes(declarations, (_, rewritten) => AddPartial(rewritten)));
    }

    /// <summary>
    /// C# wants <c>partial</c> right before <c>class</c>/<c>struct</c>/<c>record</c>/<c>interface</c>, so it goes
    /// last among the modifiers; with no modifiers it takes over the keyword's leading trivia (indentation, doc comment).
    /// </summary>
    private static TypeDeclarationSyntax AddPartial(TypeDeclarationSyntax declaration)
    {
        if (declaration.Modifiers.Count == 0)
        {
            var keyword = declaration.Keyword;
            var partial = SyntaxFactory.Token(keyword.LeadingTrivia, SyntaxKind.PartialKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space));
            return declaration
                .WithKeyword(keyword.WithLeadingTrivia(SyntaxFactory.TriviaList()))
                .WithModifiers(SyntaxFactory.TokenList(partial));
        }

        return declaration.WithModifiers(declaration.Modifiers.Add(
            SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space)));
    }
}

using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Namespaces.Analyzers;

/// <summary>NS1001: <c>await</c>, <c>await foreach</c>, <c>await using</c> and <c>async</c> functions in a namespace body.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AsyncInBodyAnalyzer : NamespaceAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.AsyncInBody);

    /// <inheritdoc />
    private protected override void OnCompilationStart(CompilationStartAnalysisContext start, KnownSymbols known)
    {
        var bodies = new NamespaceBodies(known, new HopClassifier(known));
        start.RegisterSymbolAction(symbolContext => AnalyzeMethod(symbolContext, known), SymbolKind.Method);
        start.RegisterOperationAction(
            operationContext => AnalyzeOperation(operationContext, bodies),
            OperationKind.Await,
            OperationKind.Loop,
            OperationKind.Using,
            OperationKind.UsingDeclaration,
            OperationKind.AnonymousFunction,
            OperationKind.LocalFunction);
    }

    private static void AnalyzeMethod(SymbolAnalysisContext context, KnownSymbols known)
    {
        var method = (IMethodSymbol)context.Symbol;
        if (!method.IsAsync || known.GetRequiredNamespaces(method) is null)
        {
            return;
        }

        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(context.CancellationToken) is MethodDeclarationSyntax declaration
                && FindAsyncModifier(declaration.Modifiers) is { } asyncKeyword)
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.AsyncInBody, asyncKeyword.GetLocation(), "An 'async' method"));
            }
        }
    }

    private static void AnalyzeOperation(OperationAnalysisContext context, NamespaceBodies bodies)
    {
        var (keyword, what) = context.Operation switch
        {
            IAwaitOperation { Syntax: AwaitExpressionSyntax syntax } => (syntax.AwaitKeyword, "'await'"),
            IForEachLoopOperation { IsAsynchronous: true, Syntax: CommonForEachStatementSyntax syntax } => (syntax.AwaitKeyword, "'await foreach'"),
            IUsingOperation { IsAsynchronous: true, Syntax: UsingStatementSyntax syntax } => (syntax.AwaitKeyword, "'await using'"),
            IUsingDeclarationOperation { IsAsynchronous: true, Syntax: LocalDeclarationStatementSyntax syntax } => (syntax.AwaitKeyword, "'await using'"),
            IAnonymousFunctionOperation { Symbol.IsAsync: true, Syntax: AnonymousFunctionExpressionSyntax syntax } => (syntax.AsyncKeyword, "An async lambda"),
            ILocalFunctionOperation { Symbol.IsAsync: true, Syntax: LocalFunctionStatementSyntax syntax } => (FindAsyncModifier(syntax.Modifiers) ?? default, "An async local function"),
            _ => (default(SyntaxToken), null),
        };

        if (what is null || keyword.IsKind(SyntaxKind.None) || !bodies.TryFind(context.Operation, context.ContainingSymbol, out _))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(Descriptors.AsyncInBody, keyword.GetLocation(), what));
    }

    private static SyntaxToken? FindAsyncModifier(SyntaxTokenList modifiers)
    {
        foreach (var modifier in modifiers)
        {
            if (modifier.IsKind(SyntaxKind.AsyncKeyword))
            {
                return modifier;
            }
        }

        return null;
    }
}

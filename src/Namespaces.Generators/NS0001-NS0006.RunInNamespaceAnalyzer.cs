using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Namespaces.Generators.Validation;

namespace Namespaces.Generators;

/// <summary>
/// Reports NS0001–NS0006 on <c>[RunInNamespace]</c> methods. It lives beside the generator (as the interop
/// generators of dotnet/runtime do) so that the generator's pipeline carries no diagnostics, and it asks the
/// same <see cref="RunInNamespaceValidator"/> that decides what the generator emits.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class RunInNamespaceAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        RunInNamespaceDiagnostics.TypeNotPartial,
        RunInNamespaceDiagnostics.InvalidNamespaces,
        RunInNamespaceDiagnostics.UnjoinableNamespace,
        RunInNamespaceDiagnostics.UnsupportedSignature,
        RunInNamespaceDiagnostics.OverloadCollision,
        RunInNamespaceDiagnostics.PidNamespace);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var attributeType = start.Compilation.GetTypeByMetadataName(RunInNamespaceValidator.AttributeMetadataName);
            if (attributeType is null)
            {
                return; // The runtime is not referenced: no method can carry the attribute.
            }

            start.RegisterSymbolAction(
                symbolContext => Analyze((IMethodSymbol)symbolContext.Symbol, attributeType, symbolContext.Compilation, symbolContext.ReportDiagnostic, symbolContext.CancellationToken),
                SymbolKind.Method);

            // Local functions are not symbols that symbol actions see.
            start.RegisterSyntaxNodeAction(
                nodeContext =>
                {
                    if (nodeContext.SemanticModel.GetDeclaredSymbol((LocalFunctionStatementSyntax)nodeContext.Node, nodeContext.CancellationToken) is IMethodSymbol local)
                    {
                        Analyze(local, attributeType, nodeContext.Compilation, nodeContext.ReportDiagnostic, nodeContext.CancellationToken);
                    }
                },
                SyntaxKind.LocalFunctionStatement);
        });
    }

    private static void Analyze(
        IMethodSymbol method, INamedTypeSymbol attributeType, Compilation compilation,
        System.Action<Diagnostic> report, System.Threading.CancellationToken cancellationToken)
    {
        var attribute = method.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attributeType));
        if (attribute is null)
        {
            return;
        }

        foreach (var problem in RunInNamespaceValidator.Validate(method, attribute, compilation, cancellationToken).Problems)
        {
            report(problem.ToDiagnostic());
        }
    }
}

using Microsoft.CodeAnalysis.Diagnostics;

namespace Namespaces.Analyzers;

/// <summary>
/// The base of every rule in this assembly: generated code is skipped (the generated overloads are ours), actions
/// run concurrently, and a rule starts only in a compilation that references Namespaces — without the
/// <c>[RunInNamespace]</c> attribute there is no body and nothing to report.
/// </summary>
public abstract class NamespaceAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public sealed override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (KnownSymbols.Create(start.Compilation) is { } known)
            {
                OnCompilationStart(start, known);
            }
        });
    }

    /// <summary>Registers the rule's actions for a compilation that references Namespaces.</summary>
    private protected abstract void OnCompilationStart(CompilationStartAnalysisContext start, KnownSymbols known);
}

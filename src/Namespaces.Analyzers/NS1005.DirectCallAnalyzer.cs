using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Namespaces.Analyzers;

/// <summary>
/// NS1005: a <c>[RunInNamespace]</c> method invoked directly, so its body runs on the caller's thread.
/// Calls from a body that already stands in the required namespaces (or from a <c>NamespaceSet.Do</c>
/// lambda, whose set is only known at run time) are fine.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DirectCallAnalyzer : NamespaceAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.DirectCall);

    /// <inheritdoc />
    private protected override void OnCompilationStart(CompilationStartAnalysisContext start, KnownSymbols known)
    {
        var bodies = new NamespaceBodies(known, new HopClassifier(known));
        start.RegisterOperationAction(operationContext => AnalyzeInvocation(operationContext, known, bodies), OperationKind.Invocation);
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, KnownSymbols known, NamespaceBodies bodies)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var target = invocation.TargetMethod.ReducedFrom ?? invocation.TargetMethod;
        if (known.GetRequiredNamespaces(target) is not int required)
        {
            return;
        }

        // Generated overloads call the method on the namespace thread; they are code we wrote, not the user.
        if (known.IsInGeneratedCode(context.ContainingSymbol))
        {
            return;
        }

        var from = string.Empty;
        if (bodies.TryFind(invocation, context.ContainingSymbol, out var body))
        {
            if (body.Covers(required))
            {
                return;
            }

            from = " from a body that runs in " + known.FormatNamespaces(body.Namespaces!.Value);
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.DirectCall,
            SyntaxLocations.ForCall(invocation),
            target.Name,
            known.FormatNamespaces(required),
            from));
    }
}

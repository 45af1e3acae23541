using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Namespaces.Analyzers;

/// <summary>
/// NS1006 (info): <c>NamespaceSet.Do</c>/<c>DoRaw</c> given a lambda that a <c>[RunInNamespace]</c> method could replace.
/// A lambda that writes the caller's locals is left alone: moving it into a method would need ref plumbing.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DoLambdaAnalyzer : NamespaceAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.DoLambda);

    /// <inheritdoc />
    private protected override void OnCompilationStart(CompilationStartAnalysisContext start, KnownSymbols known)
    {
        if (known.NamespaceSet is null)
        {
            return;
        }

        var bodies = new NamespaceBodies(known, new HopClassifier(known));
        start.RegisterOperationAction(operationContext => AnalyzeInvocation(operationContext, bodies), OperationKind.Invocation);
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, NamespaceBodies bodies)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (!bodies.IsDoMethod(invocation.TargetMethod))
        {
            return;
        }

        foreach (var argument in invocation.Arguments)
        {
            if (HopClassifier.Unwrap(argument.Value) is IAnonymousFunctionOperation lambda && !WritesCapturedVariables(lambda))
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.DoLambda, SyntaxLocations.ForCall(invocation), invocation.TargetMethod.Name));
                return;
            }
        }
    }

    private static bool WritesCapturedVariables(IAnonymousFunctionOperation lambda)
    {
        var span = lambda.Syntax.Span;
        foreach (var operation in lambda.Body.Descendants())
        {
            var written = operation switch
            {
                IAssignmentOperation assignment => assignment.Target,
                IIncrementOrDecrementOperation increment => increment.Target,
                IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } argument => argument.Value,
                _ => null,
            };

            var symbol = written switch
            {
                ILocalReferenceOperation local => (ISymbol)local.Local,
                IParameterReferenceOperation parameter => parameter.Parameter,
                _ => null,
            };

            if (symbol is not null && !DeclaredWithin(symbol, span))
            {
                return true;
            }
        }

        return false;
    }

    private static bool DeclaredWithin(ISymbol symbol, Microsoft.CodeAnalysis.Text.TextSpan span)
    {
        foreach (var reference in symbol.DeclaringSyntaxReferences)
        {
            if (!span.Contains(reference.Span))
            {
                return false;
            }
        }

        return true;
    }
}

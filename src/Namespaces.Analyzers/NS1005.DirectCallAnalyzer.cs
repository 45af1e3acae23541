using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Namespaces.Analyzers;

/// <summary>
/// NS1005: a <c>[RunInNamespace]</c> method invoked directly or made a delegate (method group, <c>new Action(M)</c>,
/// event subscription), so its body runs on the caller's thread.
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
        start.RegisterOperationAction(operationContext => Analyze(operationContext, known, bodies), OperationKind.Invocation, OperationKind.MethodReference);
    }

    private static void Analyze(OperationAnalysisContext context, KnownSymbols known, NamespaceBodies bodies)
    {
        // A method group converted to a delegate (assigned to a Func, passed to Select, subscribed to an event)
        // runs the body wherever the delegate is invoked: on the caller's thread, like a direct call.
        var (method, how) = context.Operation switch
        {
            IInvocationOperation invocation => (invocation.TargetMethod, "is called directly"),
            IMethodReferenceOperation reference => (reference.Method, "is made a delegate, which runs it on whichever thread invokes it"),
            _ => (null, null),
        };
        var target = method?.ReducedFrom ?? method;
        if (target is null || known.GetRequiredNamespaces(target) is not int required)
        {
            return;
        }

        // Generated overloads call the method on the namespace thread; they are code we wrote, not the user.
        if (known.IsInGeneratedCode(context.ContainingSymbol))
        {
            return;
        }

        var from = string.Empty;
        if (bodies.TryFind(context.Operation, context.ContainingSymbol, out var body))
        {
            if (body.Covers(required))
            {
                return;
            }

            from = " from a body that runs in " + known.FormatNamespaces(body.Namespaces!.Value);
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.DirectCall,
            SyntaxLocations.ForCall(context.Operation),
            target.Name,
            known.FormatNamespaces(required),
            how,
            from));
    }
}

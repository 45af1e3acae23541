using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Namespaces.Analyzers;

/// <summary>
/// NS1002 (work started on another thread) and NS1003 (awaitable-returning call) in namespace bodies,
/// both direct and through calls into methods of the same compilation.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ThreadHopAnalyzer : NamespaceAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.StartsThread, Descriptors.ReturnsAwaitable);

    /// <inheritdoc />
    private protected override void OnCompilationStart(CompilationStartAnalysisContext start, KnownSymbols known)
    {
        var hops = new HopClassifier(known);
        var bodies = new NamespaceBodies(known, hops);
        var callGraph = new CallGraph(known, hops);
        start.RegisterOperationAction(
            operationContext => AnalyzeCall(operationContext, hops, bodies, callGraph),
            OperationKind.Invocation,
            OperationKind.ObjectCreation,
            OperationKind.PropertyReference);
    }

    private static void AnalyzeCall(OperationAnalysisContext context, HopClassifier hops, NamespaceBodies bodies, CallGraph callGraph)
    {
        var operation = context.Operation;
        if (!bodies.TryFind(operation, context.ContainingSymbol, out _))
        {
            return;
        }

        if (hops.Classify(operation) is { } hop)
        {
            context.ReportDiagnostic(Diagnostic.Create(DescriptorFor(hop.Kind), SyntaxLocations.ForCall(operation), hop.Description, string.Empty));
            return;
        }

        if (callGraph.GetFollowableTarget(operation) is not { } target)
        {
            return;
        }

        foreach (var kind in new[] { HopKind.StartsThread, HopKind.ReturnsAwaitable })
        {
            if (callGraph.TryFindHop(target, kind, out var hidden, out var path))
            {
                context.ReportDiagnostic(Diagnostic.Create(DescriptorFor(kind), SyntaxLocations.ForCall(operation), hidden.Description, CallGraph.FormatPath(path)));
            }
        }
    }

    private static DiagnosticDescriptor DescriptorFor(HopKind kind) =>
        kind == HopKind.StartsThread ? Descriptors.StartsThread : Descriptors.ReturnsAwaitable;
}

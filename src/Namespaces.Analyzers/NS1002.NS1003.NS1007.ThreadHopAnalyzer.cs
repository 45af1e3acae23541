using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Namespaces.Analyzers;

/// <summary>
/// NS1002 (work started on another thread), NS1003 (awaitable-returning call) and NS1007 (a thread woken) in
/// namespace bodies, both direct and through what the body runs in the same compilation: helpers, implementations
/// of the interfaces and virtual members it calls, method groups it passes or invokes, and implicit calls
/// (constructors with their field initializers, accessors, operators, conversions, <c>using</c>'s Dispose,
/// <c>foreach</c>'s enumerator). A hop is reported once: an awaited call is NS1001's.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ThreadHopAnalyzer : NamespaceAnalyzer
{
    private static readonly HopKind[] s_kinds = { HopKind.StartsThread, HopKind.ReturnsAwaitable, HopKind.WakesThread };

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.StartsThread, Descriptors.ReturnsAwaitable, Descriptors.WakesThread);

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
            OperationKind.PropertyReference,
            OperationKind.MethodReference,
            OperationKind.Using,
            OperationKind.UsingDeclaration,
            OperationKind.Loop,
            OperationKind.Binary,
            OperationKind.Unary,
            OperationKind.Increment,
            OperationKind.Decrement,
            OperationKind.CompoundAssignment,
            OperationKind.Conversion);
        CompilationStarted?.Invoke(callGraph);
    }

    /// <summary>Hands each compilation's call graph to the cost tests, which count its work.</summary>
    internal static System.Action<CallGraph>? CompilationStarted { get; set; }

    private static void AnalyzeCall(OperationAnalysisContext context, HopClassifier hops, NamespaceBodies bodies, CallGraph callGraph)
    {
        var operation = context.Operation;
        if (!bodies.TryFind(operation, context.ContainingSymbol, out _))
        {
            return;
        }

        if (hops.Classify(operation) is { } hop)
        {
            if (hop.Kind != HopKind.ReturnsAwaitable || !IsAwaited(operation))
            {
                context.ReportDiagnostic(Diagnostic.Create(DescriptorFor(hop.Kind), SyntaxLocations.ForCall(operation), hop.Description, string.Empty));
            }

            return;
        }

        var callees = callGraph.GetCallees(operation);
        if (callees.IsEmpty)
        {
            return;
        }

        var implicitStart = operation is not (IInvocationOperation or IObjectCreationOperation or IPropertyReferenceOperation or IMethodReferenceOperation);
        foreach (var kind in s_kinds)
        {
            if (callGraph.TryFindHop(callees, kind, out var hidden, out var path))
            {
                context.ReportDiagnostic(Diagnostic.Create(DescriptorFor(kind), SyntaxLocations.ForCall(operation), hidden.Description, CallGraph.FormatPath(path, implicitStart)));
            }
        }
    }

    /// <summary>Whether the awaitable flows straight into an <c>await</c> (through ConfigureAwait and the like): NS1001 reports that line.</summary>
    private static bool IsAwaited(IOperation operation)
    {
        var current = operation;
        while (true)
        {
            switch (current.Parent)
            {
                case IConversionOperation { IsImplicit: true } or IParenthesizedOperation:
                    current = current.Parent;
                    break;
                case IInvocationOperation adapter when adapter.Instance == current:
                    current = adapter;
                    break;
                case IArgumentOperation { Parent: IInvocationOperation { TargetMethod.IsExtensionMethod: true } adapter } argument when argument.Value == current && adapter.Arguments[0] == argument:
                    current = adapter;
                    break;
                case IAwaitOperation:
                    return true;
                case IForEachLoopOperation { IsAsynchronous: true } loop:
                    return loop.Collection == current;
                case IUsingOperation { IsAsynchronous: true }:
                case IUsingDeclarationOperation { IsAsynchronous: true }:
                    return true;
                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Parent: IVariableDeclarationOperation { Parent: IVariableDeclarationGroupOperation { Parent: IUsingDeclarationOperation { IsAsynchronous: true } } } } }:
                    return true;
                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Parent: IVariableDeclarationOperation { Parent: IVariableDeclarationGroupOperation { Parent: IUsingOperation { IsAsynchronous: true } } } } }:
                    return true;
                default:
                    return false;
            }
        }
    }

    private static DiagnosticDescriptor DescriptorFor(HopKind kind) => kind switch
    {
        HopKind.StartsThread => Descriptors.StartsThread,
        HopKind.ReturnsAwaitable => Descriptors.ReturnsAwaitable,
        _ => Descriptors.WakesThread,
    };
}

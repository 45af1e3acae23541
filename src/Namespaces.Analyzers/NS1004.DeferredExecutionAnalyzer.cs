using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Namespaces.Analyzers;

/// <summary>
/// NS1004: code written in a namespace body that runs after the body returns — iterator bodies,
/// un-materialized LINQ queries and lazy sequences that are returned (directly, through a <c>?:</c>, <c>??</c> or switch
/// expression, the value a local last holds when it is returned, or a helper of the compilation that returns one),
/// and lambdas that are returned or stored.
/// Lambdas consumed inside the body (List.Sort, Array.ForEach, a query materialized before return) are fine.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DeferredExecutionAnalyzer : NamespaceAnalyzer
{
    // Enumerable members that return a lazy sequence but run no user code and read no kernel state.
    private static readonly ImmutableHashSet<string> s_harmlessLazyLinq = ImmutableHashSet.Create("Empty", "Range", "Repeat", "AsEnumerable");

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.DeferredExecution);

    /// <inheritdoc />
    private protected override void OnCompilationStart(CompilationStartAnalysisContext start, KnownSymbols known)
    {
        var analysis = new Analysis(known, new NamespaceBodies(known, new HopClassifier(known)));
        start.RegisterSymbolAction(analysis.AnalyzeMethod, SymbolKind.Method);
        start.RegisterOperationAction(analysis.AnalyzeReturn, OperationKind.Return);
        start.RegisterOperationAction(
            analysis.AnalyzeStore,
            OperationKind.SimpleAssignment,
            OperationKind.CompoundAssignment,
            OperationKind.EventAssignment);
    }

    private sealed class Analysis
    {
        private readonly KnownSymbols _known;
        private readonly NamespaceBodies _bodies;
        private readonly ConcurrentDictionary<SyntaxTree, SemanticModel> _models = new();

        public Analysis(KnownSymbols known, NamespaceBodies bodies)
        {
            _known = known;
            _bodies = bodies;
        }

        public void AnalyzeMethod(SymbolAnalysisContext context)
        {
            var method = (IMethodSymbol)context.Symbol;
            if (_known.GetRequiredNamespaces(method) is null || !IsIterator(method))
            {
                return;
            }

            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(context.CancellationToken) is MethodDeclarationSyntax declaration)
                {
                    context.ReportDiagnostic(Diagnostic.Create(Descriptors.DeferredExecution, declaration.Identifier.GetLocation(), "'" + method.Name + "' is an iterator"));
                }
            }
        }

        public void AnalyzeReturn(OperationAnalysisContext context)
        {
            var ret = (IReturnOperation)context.Operation;
            if (ret.ReturnedValue is not { } value || !ReturnsFromBody(ret, context.ContainingSymbol))
            {
                return;
            }

            if (DescribeDeferred(value, depth: 0) is { } what)
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.DeferredExecution, value.Syntax.GetLocation(), "Returning " + what));
            }
        }

        public void AnalyzeStore(OperationAnalysisContext context)
        {
            var (target, value) = context.Operation switch
            {
                IAssignmentOperation assignment => (assignment.Target, assignment.Value),
                IEventAssignmentOperation { Adds: true } eventAssignment => (eventAssignment.EventReference, eventAssignment.HandlerValue),
                _ => (null, null),
            };

            if (target is null || value is null || !OutlivesBody(target) || !_bodies.TryFind(context.Operation, context.ContainingSymbol, out _))
            {
                return;
            }

            if (DescribeDeferred(value, depth: 0) is { } what)
            {
                var where = target is IMemberReferenceOperation member ? member.Member.Name : ((IParameterReferenceOperation)target).Parameter.Name;
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.DeferredExecution, value.Syntax.GetLocation(), "Storing " + what + " in '" + where + "'"));
            }
        }

        /// <summary>Whether the return leaves the body itself (not a lambda or local function inside it).</summary>
        private bool ReturnsFromBody(IReturnOperation ret, ISymbol containingSymbol)
        {
            for (var current = ret.Parent; current is not null; current = current.Parent)
            {
                switch (current)
                {
                    case ILocalFunctionOperation:
                        return false;
                    case IAnonymousFunctionOperation lambda:
                        // A Do<T> lambda's return value leaves the namespace thread as Do's result.
                        return NamespaceBodies.GetConsumer(lambda) is IInvocationOperation invocation && _bodies.IsDispatchEntryPoint(invocation, out _);
                }
            }

            return containingSymbol is IMethodSymbol method && _known.GetRequiredNamespaces(method) is not null;
        }

        /// <summary>
        /// Whether a store keeps the value beyond the body: a field or property of this object, of a parameter or a
        /// static, an event, or a ref/out parameter. Stores into objects the body created itself are not counted.
        /// </summary>
        private static bool OutlivesBody(IOperation target)
        {
            switch (target)
            {
                case IParameterReferenceOperation parameter:
                    return parameter.Parameter.RefKind is RefKind.Ref or RefKind.Out;
                case IMemberReferenceOperation member:
                    var instance = member.Instance;
                    while (instance is IMemberReferenceOperation outer)
                    {
                        instance = outer.Instance;
                    }

                    return instance switch
                    {
                        null => true,
                        IInstanceReferenceOperation self => self.ReferenceKind == InstanceReferenceKind.ContainingTypeInstance,
                        IParameterReferenceOperation => true,
                        _ => false,
                    };
                default:
                    return false;
            }
        }

        /// <summary>Describes why <paramref name="value"/> would run later, or <see langword="null"/> when it is already computed.</summary>
        private string? DescribeDeferred(IOperation value, int depth)
        {
            value = UnwrapValue(value);
            switch (value)
            {
                case IAnonymousFunctionOperation:
                    return "a lambda created in the body";
                case IMethodReferenceOperation { Method.MethodKind: MethodKind.LocalFunction } reference:
                    return "a delegate to local function '" + reference.Method.Name + "'";
                case IInvocationOperation invocation:
                    return DescribeLazyCall(invocation, depth);
                case IObjectCreationOperation creation when creation.Arguments.Any(a => UnwrapValue(a.Value) is IAnonymousFunctionOperation):
                    return "a lambda captured by 'new " + creation.Type?.Name + "'";
                case IConditionalOperation conditional when depth < 4:
                    return (conditional.WhenTrue is { } whenTrue ? DescribeDeferred(whenTrue, depth + 1) : null)
                        ?? (conditional.WhenFalse is { } whenFalse ? DescribeDeferred(whenFalse, depth + 1) : null);
                case ICoalesceOperation coalesce when depth < 4:
                    return DescribeDeferred(coalesce.Value, depth + 1) ?? DescribeDeferred(coalesce.WhenNull, depth + 1);
                case ISwitchExpressionOperation switchExpression when depth < 4:
                    foreach (var arm in switchExpression.Arms)
                    {
                        if (DescribeDeferred(arm.Value, depth + 1) is { } inArm)
                        {
                            return inArm;
                        }
                    }

                    return null;
                case ILocalReferenceOperation local when depth < 4:
                    return DescribeLocal(local, depth);
                default:
                    return null;
            }
        }

        private string? DescribeLazyCall(IInvocationOperation invocation, int depth)
        {
            var method = invocation.TargetMethod;
            var type = method.ContainingType;
            if ((KnownSymbols.Is(type, _known.Enumerable) || KnownSymbols.Is(type, _known.Queryable))
                && !s_harmlessLazyLinq.Contains(method.Name) && IsSequenceInterface(method.ReturnType))
            {
                return "the LINQ query '" + method.Name + "', not materialized";
            }

            if ((KnownSymbols.Is(type, _known.Directory) || KnownSymbols.Is(type, _known.DirectoryInfo) || KnownSymbols.Is(type, _known.File))
                && (method.Name.StartsWith("Enumerate", System.StringComparison.Ordinal) || method.Name == "ReadLines"))
            {
                return "the lazy sequence from '" + type.Name + "." + method.Name + "', not enumerated";
            }

            if (IsIterator(method.OriginalDefinition))
            {
                return "the sequence from iterator '" + method.Name + "', not enumerated";
            }

            if (depth < 4 && DescribeHelperResult(method.ReducedFrom ?? method.OriginalDefinition, depth) is { } inHelper)
            {
                return "the sequence from '" + method.Name + "', which returns " + inHelper;
            }

            return null;
        }

        /// <summary>What a sequence-returning method of this compilation returns, when that is deferred.</summary>
        private string? DescribeHelperResult(IMethodSymbol method, int depth)
        {
            if (!IsSequenceInterface(method.ReturnType) || _known.GetRequiredNamespaces(method) is not null
                || !SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _known.Compilation.Assembly))
            {
                return null;
            }

            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                var syntax = reference.GetSyntax();
                if (_models.GetOrAdd(syntax.SyntaxTree, GetSemanticModel).GetOperation(syntax) is not { } root)
                {
                    continue;
                }

                foreach (var operation in root.Descendants())
                {
                    if (operation is IReturnOperation { ReturnedValue: { } value } && !InNestedFunction(operation, root)
                        && DescribeDeferred(value, depth + 1) is { } what)
                    {
                        return what;
                    }
                }
            }

            return null;
        }

        // The helper's body lives in another part of the compilation; one model per tree, cached per compilation.
#pragma warning disable RS1030 // Do not invoke Compilation.GetSemanticModel() within a diagnostic analyzer
        private SemanticModel GetSemanticModel(SyntaxTree tree) => _known.Compilation.GetSemanticModel(tree);
#pragma warning restore RS1030

        private static bool InNestedFunction(IOperation operation, IOperation root)
        {
            for (var current = operation.Parent; current is not null && current != root; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Follows a returned local to the values it may hold at the return: the last assignments that reach it
        /// along the method's control flow. Inside a lambda, where the method's flow graph does not reach, every
        /// value the code ever puts in the local counts.
        /// </summary>
        private string? DescribeLocal(ILocalReferenceOperation reference, int depth)
        {
            IOperation root = reference;
            while (root.Parent is { } parent)
            {
                root = parent;
            }

            var assigned = new Dictionary<SyntaxNode, IOperation>();
            foreach (var operation in root.DescendantsAndSelf())
            {
                var (syntax, value) = operation switch
                {
                    IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, reference.Local) => (declarator.Syntax, declarator.Initializer?.Value),
                    ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when SymbolEqualityComparer.Default.Equals(target.Local, reference.Local) => (assignment.Syntax, assignment.Value),
                    _ => (null, null),
                };

                if (syntax is not null && value is not null)
                {
                    assigned[syntax] = value;
                }
            }

            IEnumerable<IOperation> candidates = assigned.Values;
            if (ReachingDefinitions.AtReturn(root, reference) is { } reaching)
            {
                candidates = reaching.Select(syntax => assigned.TryGetValue(syntax, out var value) ? value : null).Where(value => value is not null)!;
            }

            foreach (var value in candidates)
            {
                if (DescribeDeferred(value, depth + 1) is { } what)
                {
                    return what;
                }
            }

            return null;
        }

        private bool IsSequenceInterface(ITypeSymbol type) =>
            type.TypeKind == TypeKind.Interface
            && (KnownSymbols.Is(type, _known.EnumerableOfT) || KnownSymbols.Is(type, _known.NonGenericEnumerable)
                || type.AllInterfaces.Any(i => KnownSymbols.Is(i, _known.EnumerableOfT)));

        private static IOperation UnwrapValue(IOperation value)
        {
            while (true)
            {
                switch (value)
                {
                    case IConversionOperation conversion:
                        value = conversion.Operand;
                        break;
                    case IDelegateCreationOperation delegateCreation:
                        value = delegateCreation.Target;
                        break;
                    case IParenthesizedOperation parenthesized:
                        value = parenthesized.Operand;
                        break;
                    case ITranslatedQueryOperation query:
                        value = query.Operation;
                        break;
                    default:
                        return value;
                }
            }
        }

        /// <summary>Whether the method's own body (not a nested function's) contains <c>yield</c>.</summary>
        private static bool IsIterator(IMethodSymbol method)
        {
            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                var syntax = reference.GetSyntax();
                var body = syntax switch
                {
                    BaseMethodDeclarationSyntax declaration => (SyntaxNode?)declaration.Body,
                    LocalFunctionStatementSyntax localFunction => localFunction.Body,
                    AccessorDeclarationSyntax accessor => accessor.Body,
                    _ => null,
                };

                if (body is not null && body.DescendantNodes(node => node is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)).OfType<YieldStatementSyntax>().Any())
                {
                    return true;
                }
            }

            return false;
        }
    }
}

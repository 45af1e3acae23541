using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Namespaces.Analyzers;

/// <summary>
/// Which assignments to a local reach a <c>return</c> of it, computed on the method's control flow graph:
/// <c>var q = names.Where(...); q = q.ToList(); return q;</c> returns the list, not the query.
/// </summary>
internal static class ReachingDefinitions
{
    // A write whose value is not an assignment's (out/ref argument, deconstruction): never deferred by itself.
    private static readonly object s_opaqueWrite = new();

    /// <summary>
    /// The syntax of the assignments (declarators and simple assignments) to <paramref name="returned"/>'s local
    /// that may reach the return holding it, or <see langword="null"/> when the flow graph does not tell
    /// (the return is in a lambda or local function, or the root has no graph).
    /// </summary>
    public static IReadOnlyCollection<SyntaxNode>? AtReturn(IOperation root, ILocalReferenceOperation returned)
    {
        for (var current = returned.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return null;
            }
        }

        var graph = root switch
        {
            IMethodBodyOperation method => ControlFlowGraph.Create(method),
            IConstructorBodyOperation constructor => ControlFlowGraph.Create(constructor),
            IBlockOperation block => ControlFlowGraph.Create(block),
            _ => null,
        };
        if (graph is null)
        {
            return null;
        }

        BasicBlock? returning = null;
        foreach (var block in graph.Blocks)
        {
            if (block.BranchValue is { } value && block.FallThroughSuccessor?.Semantics == ControlFlowBranchSemantics.Return
                && value.Syntax.Span.Contains(returned.Syntax.Span))
            {
                returning = block;
            }
        }

        if (returning is null)
        {
            return null;
        }

        var local = returned.Local;
        var generated = new Dictionary<BasicBlock, object?>();
        foreach (var block in graph.Blocks)
        {
            generated[block] = LastWrite(block, local);
        }

        // Forward may-reach analysis over the blocks, to a fixed point (sets only grow, so it ends).
        var reachingOut = new Dictionary<BasicBlock, HashSet<object>>();
        foreach (var block in graph.Blocks)
        {
            reachingOut[block] = generated[block] is { } write ? new HashSet<object> { write } : new HashSet<object>();
        }

        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var block in graph.Blocks)
            {
                if (generated[block] is not null)
                {
                    continue;
                }

                var set = reachingOut[block];
                foreach (var predecessor in block.Predecessors)
                {
                    foreach (var write in reachingOut[predecessor.Source])
                    {
                        changed |= set.Add(write);
                    }
                }
            }
        }

        var result = new List<SyntaxNode>();
        foreach (var write in reachingOut[returning])
        {
            if (write is SyntaxNode syntax)
            {
                result.Add(syntax);
            }
        }

        return result;
    }

    private static object? LastWrite(BasicBlock block, ILocalSymbol local)
    {
        object? last = null;
        foreach (var operation in block.Operations)
        {
            foreach (var inner in operation.DescendantsAndSelf())
            {
                switch (inner)
                {
                    case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when SymbolEqualityComparer.Default.Equals(target.Local, local):
                        last = assignment.Syntax;
                        break;
                    case IArgumentOperation { Parameter.RefKind: RefKind.Out or RefKind.Ref, Value: ILocalReferenceOperation target } when SymbolEqualityComparer.Default.Equals(target.Local, local):
                    case IDeconstructionAssignmentOperation deconstruction when Writes(deconstruction.Target, local):
                        last = s_opaqueWrite;
                        break;
                }
            }
        }

        return last;
    }

    private static bool Writes(IOperation target, ILocalSymbol local)
    {
        foreach (var operation in target.DescendantsAndSelf())
        {
            if (operation is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local))
            {
                return true;
            }
        }

        return false;
    }
}

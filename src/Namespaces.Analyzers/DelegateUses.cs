using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Namespaces.Analyzers;

/// <summary>Where a lambda or method group written in some code ends up running.</summary>
internal static class DelegateUses
{
    /// <summary>
    /// Whether <paramref name="function"/> (a lambda or a method reference) runs on the thread of the code that
    /// writes it: passed to a call that does not start another thread (List.Sort, Select, a helper that invokes
    /// its parameter), invoked on the spot, or held in a local that the same code invokes. Returned, stored in a
    /// field or subscribed to an event, it runs later, elsewhere (NS1004's business).
    /// </summary>
    public static bool RunsWhereWritten(IOperation function, HopClassifier hops)
    {
        var current = function;
        var parent = function.Parent;
        while (parent is IDelegateCreationOperation or IConversionOperation { IsImplicit: true } or IParenthesizedOperation)
        {
            current = parent;
            parent = parent.Parent;
        }

        switch (parent)
        {
            case IArgumentOperation argument:
                return argument.Parent is not { } consumer || hops.Classify(consumer) is not { Kind: HopKind.StartsThread };
            case IInvocationOperation invocation when invocation.Instance == current:
                return true;
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                return IsInvoked(declarator.Symbol, declarator);
            case ISimpleAssignmentOperation { Target: ILocalReferenceOperation local } assignment when assignment.Value == current:
                return IsInvoked(local.Local, assignment);
            default:
                return false;
        }
    }

    private static bool IsInvoked(ILocalSymbol local, IOperation anywhere)
    {
        var root = anywhere;
        while (root.Parent is { } parent)
        {
            root = parent;
        }

        foreach (var operation in root.Descendants())
        {
            if (operation is IInvocationOperation { TargetMethod.MethodKind: MethodKind.DelegateInvoke, Instance: ILocalReferenceOperation invoked }
                && SymbolEqualityComparer.Default.Equals(invoked.Local, local))
            {
                return true;
            }
        }

        return false;
    }
}

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Namespaces.Analyzers;

/// <summary>Narrow locations for diagnostics: the name of the called member, not the whole call.</summary>
internal static class SyntaxLocations
{
    /// <summary>The called name of an invocation ("Run" in <c>Task.Run(f)</c>) or property access, or "new T" for an object creation.</summary>
    public static Location ForCall(IOperation operation)
    {
        switch (operation.Syntax)
        {
            case InvocationExpressionSyntax invocation:
                return NameOf(invocation.Expression).GetLocation();
            case ObjectCreationExpressionSyntax creation:
                return Location.Create(creation.SyntaxTree, TextSpan.FromBounds(creation.NewKeyword.SpanStart, creation.Type.Span.End));
            case ImplicitObjectCreationExpressionSyntax implicitCreation:
                return implicitCreation.NewKeyword.GetLocation();
            case MemberAccessExpressionSyntax memberAccess:
                return memberAccess.Name.GetLocation();
            default:
                return operation.Syntax.GetLocation();
        }
    }

    private static SyntaxNode NameOf(ExpressionSyntax expression) => expression switch
    {
        MemberAccessExpressionSyntax memberAccess => memberAccess.Name,
        MemberBindingExpressionSyntax memberBinding => memberBinding.Name,
        _ => expression,
    };
}

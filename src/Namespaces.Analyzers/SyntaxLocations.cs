using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Namespaces.Analyzers;

/// <summary>Narrow locations for diagnostics: the name of the called member, not the whole call.</summary>
internal static class SyntaxLocations
{
    /// <summary>
    /// The called name of an invocation ("Run" in <c>Task.Run(f)</c>), property access or method group, "new T" for an
    /// object creation, the keyword of a <c>using</c> or <c>foreach</c>, the token of an operator.
    /// </summary>
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
            case UsingStatementSyntax usingStatement:
                return usingStatement.UsingKeyword.GetLocation();
            case LocalDeclarationStatementSyntax usingDeclaration when usingDeclaration.UsingKeyword.Span.Length > 0:
                return usingDeclaration.UsingKeyword.GetLocation();
            case VariableDeclarationSyntax { Parent: LocalDeclarationStatementSyntax usingDeclaration } when usingDeclaration.UsingKeyword.Span.Length > 0:
                return usingDeclaration.UsingKeyword.GetLocation();
            case CommonForEachStatementSyntax forEach:
                return forEach.ForEachKeyword.GetLocation();
            case BinaryExpressionSyntax binary:
                return binary.OperatorToken.GetLocation();
            case AssignmentExpressionSyntax assignment:
                return assignment.OperatorToken.GetLocation();
            case PrefixUnaryExpressionSyntax prefix:
                return prefix.OperatorToken.GetLocation();
            case PostfixUnaryExpressionSyntax postfix:
                return postfix.OperatorToken.GetLocation();
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

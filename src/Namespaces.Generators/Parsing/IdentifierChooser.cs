using System.Collections.Generic;
using Microsoft.CodeAnalysis.CSharp;

namespace Namespaces.Generators.Parsing;

/// <summary>Picks identifiers for generated parameters and locals that no user parameter can shadow or clash with.</summary>
internal static class IdentifierChooser
{
    /// <summary>
    /// <paramref name="preferred"/> unless a user parameter has that name; then <c>__</c> + it, then that with
    /// <c>_</c> appended until free. Deterministic, so the generated signature only changes when the user's does.
    /// </summary>
    public static string Choose(string preferred, ISet<string> taken)
    {
        var name = preferred;
        if (taken.Contains(name))
        {
            name = "__" + preferred;
        }

        while (taken.Contains(name))
        {
            name += "_";
        }

        taken.Add(name);
        return name;
    }

    /// <summary>The identifier as it must appear in source: <c>@class</c> for a parameter named <c>class</c>.</summary>
    public static string Escape(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;
}

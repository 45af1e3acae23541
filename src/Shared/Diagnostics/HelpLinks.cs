namespace Namespaces.Diagnostics;

/// <summary>Where each diagnostic's page lives: <c>docs/diagnostics/&lt;ID&gt;.md</c> in the repository.</summary>
internal static class HelpLinks
{
    /// <summary>The folder of the pages, ending with a slash.</summary>
    public const string Base = "https://github.com/namespaces-dotnet/namespaces/blob/main/docs/diagnostics/";

    /// <summary>The page of <paramref name="id"/>, the <c>helpLinkUri</c> of its descriptor.</summary>
    public static string For(string id) => Base + id + ".md";
}

namespace Namespaces.Diagnostics;

/// <summary>
/// The categories of the package's diagnostics, the names .NET's own analyzers use (CA rules), so that
/// <c>dotnet_analyzer_diagnostic.category-Reliability.severity</c> in .editorconfig reaches them too.
/// </summary>
internal static class DiagnosticCategories
{
    /// <summary>Code that would run in the wrong namespaces or leave a thread in a foreign one.</summary>
    public const string Reliability = "Reliability";

    /// <summary>A declaration or call the library cannot serve as written.</summary>
    public const string Usage = "Usage";

    /// <summary>Code that works but costs more than it needs to.</summary>
    public const string Performance = "Performance";
}

namespace Namespaces.Analyzers.Tests;

/// <summary>
/// The tests that load the machine (a real <c>dotnet build</c>, the analyzers over thousands of methods) run one
/// after the other: in parallel on two shared cores the build test ran past its five-minute limit.
/// </summary>
internal static class HeavyTests
{
    public const string Name = "Heavy tests, one at a time";
}

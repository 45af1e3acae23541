using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Namespaces.Generators.Tests.Infrastructure;
using Xunit;

namespace Namespaces.Generators.Tests;

/// <summary>
/// What the generator leaves out when the validator refuses something, and that leaving it out keeps the
/// compiler quiet, so that the analyzer's diagnostic is the one the user sees.
/// </summary>
public sealed class GeneratorRefusalTests
{
    [Theory]
    [InlineData("NS0001", "static class Net { [RunInNamespace(NS.Net)] static void M() { } }")]
    [InlineData("NS0001", "class Outer { partial class Net { [RunInNamespace(NS.Net)] static void M() { } } }")]
    [InlineData("NS0004", "static partial class Net { [RunInNamespace(NS.Net)] static int M(System.Span<int> span) => 0; }")]
    [InlineData("NS0004", "static unsafe partial class Net { [RunInNamespace(NS.Net)] static int M(int* p) => 0; }")]
    [InlineData("NS0004", "static partial class Net { static int _v; [RunInNamespace(NS.Net)] static ref int M() => ref _v; }")]
    [InlineData("NS0004", "static partial class Net { [RunInNamespace(NS.Net)] static int M(scoped in int v) => v; }")]
    [InlineData("NS0004", "ref partial struct Net { [RunInNamespace(NS.Net)] int M() => 0; }")]
    public async Task Nothing_is_emitted_and_only_the_analyzer_speaks(string id, string source)
    {
        var (result, output) = Compilations.Generate(Compilations.Create("using Namespaces;\n" + source));

        Assert.Empty(result.GeneratedTrees);
        Assert.Empty(Compilations.CompilerDiagnostics(output)); // No CS0260 hiding NS0001, no CS errors at all.
        Assert.Contains(await Compilations.AnalyzerDiagnostics(output), d => d.Id == id && d.Severity == DiagnosticSeverity.Error);
    }

    [Theory]
    [InlineData("static partial class Net { [RunInNamespace(NS.Net)] static void M(ref int a) { } }", "M")]
    [InlineData("static partial class Net { [RunInNamespace(NS.Net)] static void M(out int a) => a = 1; }", "M")]
    [InlineData("static partial class Net { [RunInNamespace(NS.Net)] static void M(int a) { } static void M(NamespaceSet s, int a) { } }", "MAsync")]
    [InlineData("static partial class Net { [RunInNamespace(NS.Net)] static void M(int a) { } static System.Threading.Tasks.ValueTask MAsync(NamespaceSet s, int a, System.Threading.CancellationToken c) => default; }", "M")]
    [InlineData("static partial class Net { [RunInNamespace(NS.Net)] static void M(params int[] a) { } static System.Threading.Tasks.ValueTask MAsync(NamespaceSet s, int[] a) => default; }", "M")]
    [InlineData("static partial class Net { [RunInNamespace(NS.None)] static void M() { } }", "M", "MAsync")]
    [InlineData("static partial class Net { [RunInNamespace(NS.User | NS.Time)] static void M() { } }", "M", "MAsync")]
    public void Only_the_overloads_the_validator_allows_are_emitted(string source, params string[] expectedOverloads)
    {
        var (result, output) = Compilations.Generate(Compilations.Create("using Namespaces;\n" + source));

        var emitted = result.GeneratedTrees.SelectMany(t => t.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>())
            .Select(m => m.Identifier.ValueText).Distinct().OrderBy(n => n);
        Assert.Equal(expectedOverloads.OrderBy(n => n), emitted);
        Assert.Empty(Compilations.CompilerDiagnostics(output));
    }

    [Fact]
    public void The_generator_reports_no_diagnostics_itself()
    {
        // Diagnostics belong to the analyzer; a generator that reports them would hold locations in its pipeline.
        var compilation = Compilations.Create("using Namespaces;\nstatic class Net { [RunInNamespace(NS.None)] static void M(System.Span<int> s) { } }");

        var result = Compilations.CreateDriver().RunGenerators(compilation).GetRunResult();

        Assert.Empty(result.Diagnostics);
        Assert.Empty(result.GeneratedTrees);
    }
}

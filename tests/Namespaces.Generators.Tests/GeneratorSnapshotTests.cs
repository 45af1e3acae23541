using System.Linq;
using System.Threading.Tasks;
using Namespaces.Generators.Tests.Infrastructure;
using Xunit;

namespace Namespaces.Generators.Tests;

/// <summary>Each scenario's generated code equals its committed expected files and compiles without a single diagnostic.</summary>
public sealed class GeneratorSnapshotTests
{
    [Theory]
    [MemberData(nameof(GeneratorScenario.Names), MemberType = typeof(GeneratorScenario))]
    public void Generated_code_matches_the_expected_files(string scenario)
    {
        var (result, _) = Compilations.Generate(Compilations.Create(GeneratorScenario.Get(scenario).Source));

        Assert.NotEmpty(result.GeneratedTrees);
        Snapshots.Verify(scenario, result);
    }

    [Theory]
    [MemberData(nameof(GeneratorScenario.Names), MemberType = typeof(GeneratorScenario))]
    public void Generated_code_compiles_with_zero_diagnostics(string scenario)
    {
        var input = Compilations.Create(GeneratorScenario.Get(scenario).Source);
        Assert.Empty(Compilations.CompilerDiagnostics(input)); // The scenario itself is clean ...

        var (_, output) = Compilations.Generate(input);

        var diagnostics = Compilations.CompilerDiagnostics(output); // ... and so is everything generated for it.
        Assert.True(diagnostics.Count == 0, Compilations.Describe(diagnostics));
    }

    [Theory]
    [MemberData(nameof(GeneratorScenario.Names), MemberType = typeof(GeneratorScenario))]
    public async Task The_analyzer_reports_only_what_the_scenario_expects(string scenario)
    {
        var expected = GeneratorScenario.Get(scenario).AnalyzerIds;
        var (_, output) = Compilations.Generate(Compilations.Create(GeneratorScenario.Get(scenario).Source));

        // Run on the output: the analyzer sees generated members in a real build and must not mistake them for clashes.
        var diagnostics = await Compilations.AnalyzerDiagnostics(output);

        Assert.True(expected.OrderBy(id => id).SequenceEqual(diagnostics.Select(d => d.Id + "/" + d.Severity).OrderBy(id => id)), Compilations.Describe(diagnostics));
    }
}

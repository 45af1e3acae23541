using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Namespaces.Diagnostics;
using Namespaces.Generators;
using Xunit;
using Xunit.Abstractions;

namespace Namespaces.Analyzers.Tests;

/// <summary>
/// What the analyzers cost on large inputs, as counts that do not depend on the machine: every method body is read
/// at most once per compilation and the searches stay linear in the number of methods, not bodies × methods.
/// Wall time is printed for docs/diagnostics/cost.md, never asserted (the machine is shared).
/// </summary>
[Collection(HeavyTests.Name)]
public class AnalyzerCostTests
{
    private const int Bodies = 2000;
    private const int Chains = 1000;
    private const int ChainLength = 4;
    private const int Implementations = 100;

    private static readonly ImmutableArray<DiagnosticAnalyzer> s_analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(
        new AsyncInBodyAnalyzer(), new ThreadHopAnalyzer(), new DeferredExecutionAnalyzer(), new DirectCallAnalyzer(),
        new DoLambdaAnalyzer(), new RunInNamespaceAnalyzer());

    private readonly ITestOutputHelper _output;

    public AnalyzerCostTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task TwoThousandBodiesReadEachHelperOnceAndSearchLinearly()
    {
        var graphs = new ConcurrentBag<CallGraph>();
        ThreadHopAnalyzer.CompilationStarted = graph =>
        {
            if (graph.Compilation.AssemblyName == "CostProbe")
            {
                graphs.Add(graph);
            }
        };

        try
        {
            var compilation = Compile("CostProbe", CSharpSyntaxTree.ParseText(GeneratedBodies(), path: "Bodies.cs"));
            var (diagnostics, cost) = await RunAnalyzersAsync(compilation);

            Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
            var hops = diagnostics.Where(d => d.Id == DiagnosticIds.StartsThread).ToList();

            // Every body reaches the thread-starting implementation through IStep.Run; half reach a chain that ends in Task.Run.
            Assert.Equal(Bodies + (Bodies / 2), hops.Count);
            Assert.Equal(Bodies, diagnostics.Count(d => d.Id == DiagnosticIds.DeferredExecution));

            // The telemetry query starts the compilation's actions again, with nothing left to do: take the graph that worked.
            var graph = graphs.OrderByDescending(g => g.SummariesBuilt).First();
            var methods = (Chains * ChainLength) + Implementations;
            Assert.True(graph.SummariesBuilt <= methods, $"{graph.SummariesBuilt} summaries for {methods} helper methods: some body was read twice");
            Assert.True(graph.MethodsVisited <= 4 * methods, $"{graph.MethodsVisited} search steps for {methods} methods: searches are not shared between bodies");
            Assert.Equal(Implementations + Chains + 1, graph.ImplementationsIfBuilt?.TypesVisited);
            _output.WriteLine($"{Bodies} bodies, {methods} helpers: {graph.SummariesBuilt} summaries, {graph.MethodsVisited} search steps, {diagnostics.Length} diagnostics; {cost}");
        }
        finally
        {
            ThreadHopAnalyzer.CompilationStarted = null;
        }
    }

    [Fact]
    public async Task TheRepositorysOwnCodeIsAnalyzedWithoutAnAnalyzerFailure()
    {
        var folders = new[] { "src/Namespaces.Runtime", "samples", "tests/Namespaces.Runtime.Tests", "tests/Namespaces.Reliability.Tests" };
        var separator = Path.DirectorySeparatorChar;
        var trees = folders
            .SelectMany(folder => Directory.EnumerateFiles(Repository.PathOf(folder), "*.cs", SearchOption.AllDirectories))
            .Where(file => !file.Contains(separator + "obj" + separator, StringComparison.Ordinal) && !file.Contains(separator + "bin" + separator, StringComparison.Ordinal))
            .Select(file => CSharpSyntaxTree.ParseText(File.ReadAllText(file), path: file))
            .ToList();
        Assert.True(trees.Count > 50, $"only {trees.Count} source files found under {Repository.Root}");

        // The generator's overloads are part of what users compile; the analyzers then see the code as a build does.
        var compilation = Compile("Repository", trees.ToArray()).AddReferences(MetadataReference.CreateFromFile(typeof(FactAttribute).Assembly.Location));
        CSharpGeneratorDriver.Create(new RunInNamespaceGenerator()).RunGeneratorsAndUpdateCompilation(compilation, out var generated, out _);

        var (diagnostics, cost) = await RunAnalyzersAsync(generated);

        var failures = diagnostics.Where(d => d.Id == "AD0001").ToList();
        Assert.True(failures.Count == 0, "an analyzer threw:\n" + string.Join("\n", failures));
        _output.WriteLine($"{trees.Count} files of this repository: {diagnostics.Length} diagnostics; {cost}");
    }

    /// <summary>Binds the compilation first (the compiler's own work), then runs the analyzers and reports the time each took.</summary>
    private static async Task<(ImmutableArray<Diagnostic> Diagnostics, string Cost)> RunAnalyzersAsync(Compilation compilation)
    {
        var watch = Stopwatch.StartNew();
        _ = compilation.GetDiagnostics();
        var bind = watch.Elapsed;
        var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: true);
        var withAnalyzers = compilation.WithAnalyzers(s_analyzers, options);
        watch.Restart();
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync();
        var total = watch.Elapsed;
        var each = new StringBuilder();
        foreach (var analyzer in s_analyzers)
        {
            var telemetry = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, default);
            each.Append($" {analyzer.GetType().Name} {telemetry.ExecutionTime.TotalMilliseconds:F0} ms;");
        }

        return (diagnostics, $"binding {bind.TotalMilliseconds:F0} ms, analyzers {total.TotalMilliseconds:F0} ms wall:{each}");
    }

    private static CSharpCompilation Compile(string name, params SyntaxTree[] trees) =>
        CSharpCompilation.Create(
            name,
            trees,
            TestReferences.All(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));

    /// <summary>2,000 bodies, 1,000 helper chains four calls deep (half end in Task.Run), 100 implementations of one interface.</summary>
    private static string GeneratedBodies()
    {
        var source = new StringBuilder();
        source.AppendLine("using System.Collections.Generic;\nusing System.Linq;\nusing System.Threading;\nusing System.Threading.Tasks;\nusing Namespaces;\n");
        source.AppendLine("public interface IStep { void Run(); }");
        for (var i = 0; i < Implementations; i++)
        {
            var run = i == Implementations - 1 ? "new Thread(() => { }).Start();" : $"Chain{i}.Step0();";
            source.AppendLine($"public sealed class Step{i} : IStep {{ public void Run() {{ {run} }} }}");
        }

        for (var c = 0; c < Chains; c++)
        {
            source.Append($"public static class Chain{c} {{ ");
            for (var s = 0; s < ChainLength; s++)
            {
                var next = s < ChainLength - 1 ? $"Step{s + 1}();" : (c % 2 == 0 ? "Task.Run(() => { });" : "Thread.Sleep(0);");
                source.Append($"public static void Step{s}() {{ {next} }} ");
            }

            source.AppendLine("}");
        }

        source.AppendLine("public static partial class Bodies {");
        for (var b = 0; b < Bodies; b++)
        {
            source.AppendLine($"  [RunInNamespace(NS.Net)] public static IEnumerable<int> Body{b}(IStep step, int[] values) {{ Chain{b % Chains}.Step0(); step.Run(); return values.Where(v => v > {b}); }}");
        }

        source.AppendLine("}");
        return source.ToString();
    }
}

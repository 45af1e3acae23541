using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Namespaces.Generators;

namespace Namespaces.Generators.Tests.Infrastructure;

/// <summary>Builds compilations of test sources against .NET 10 and the runtime, and runs the generator and analyzer on them.</summary>
internal static class Compilations
{
    /// <summary>C# 12: what the oldest supported host (.NET 8 SDK, Roslyn 4.8) compiles; doc comments are checked.</summary>
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp12, DocumentationMode.Diagnose);

    public static readonly ImmutableArray<MetadataReference> References =
        Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(NamespaceSet).Assembly.Location))
            .ToImmutableArray();

    public static CSharpCompilation Create(params string[] sources) =>
        CSharpCompilation.Create(
            "Scenario",
            sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: $"Source{i}.cs")),
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));

    public static GeneratorDriver CreateDriver(bool trackSteps = false) =>
        CSharpGeneratorDriver.Create(
            new[] { new RunInNamespaceGenerator().AsSourceGenerator() },
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>Runs the generator; returns its result and the compilation with the generated trees added.</summary>
    public static (GeneratorDriverRunResult Result, Compilation Output) Generate(Compilation compilation)
    {
        var driver = CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        if (!generatorDiagnostics.IsEmpty)
        {
            throw new InvalidOperationException("The generator reported diagnostics itself: " + string.Join("; ", generatorDiagnostics));
        }

        return (driver.GetRunResult(), output);
    }

    /// <summary>Compiler diagnostics other than hidden ones (warnings count: generated code must be warning-free).</summary>
    public static IReadOnlyList<Diagnostic> CompilerDiagnostics(Compilation compilation) =>
        compilation.GetDiagnostics().Where(d => d.Severity != DiagnosticSeverity.Hidden).ToList();

    public static async Task<IReadOnlyList<Diagnostic>> AnalyzerDiagnostics(Compilation compilation) =>
        await compilation
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new RunInNamespaceAnalyzer()))
            .GetAnalyzerDiagnosticsAsync();

    public static string Describe(IEnumerable<Diagnostic> diagnostics) =>
        string.Join(Environment.NewLine, diagnostics.Select(d => d.ToString()));
}

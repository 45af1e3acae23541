using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Namespaces.Analyzers.Tests;

/// <summary>Reference assemblies that resolve offline: .NET 10 from Basic.Reference.Assemblies plus the Namespaces runtime.</summary>
internal static class TestReferences
{
    public static readonly ReferenceAssemblies None = new("net10.0");

    public static IEnumerable<MetadataReference> All()
    {
        foreach (var reference in Basic.Reference.Assemblies.Net100.References.All)
        {
            yield return reference;
        }

        yield return MetadataReference.CreateFromFile(typeof(NamespaceSet).Assembly.Location);
    }
}

/// <summary>Runs one analyzer over markup sources and compares every diagnostic (compiler ones included).</summary>
internal static class AnalyzerVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public static DiagnosticResult Diagnostic(string id) => CSharpAnalyzerVerifier<TAnalyzer, DefaultVerifier>.Diagnostic(id);

    public static Task VerifyAsync(string source, params DiagnosticResult[] expected) => VerifyAsync(new[] { source }, expected);

    public static Task VerifyAsync(string[] sources, params DiagnosticResult[] expected) => VerifyWithConfigAsync(sources, editorConfig: null, expected);

    /// <summary>Like <see cref="VerifyAsync(string[], DiagnosticResult[])"/>, with an .editorconfig applied to the sources.</summary>
    public static Task VerifyWithConfigAsync(string[] sources, string? editorConfig, params DiagnosticResult[] expected)
    {
        var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier> { ReferenceAssemblies = TestReferences.None };
        foreach (var source in sources)
        {
            test.TestState.Sources.Add(source);
        }

        if (editorConfig is not null)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", editorConfig));
        }

        test.TestState.AdditionalReferences.AddRange(TestReferences.All());
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }
}

/// <summary>Runs an analyzer and a code fix, comparing the fixed sources.</summary>
internal static class CodeFixVerifier<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public static Task VerifyAsync(string[] sources, string[] fixedSources, int? codeActionIndex = null, string? equivalenceKey = null)
    {
        var test = new CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
        {
            ReferenceAssemblies = TestReferences.None,
            CodeActionIndex = codeActionIndex,
            CodeActionEquivalenceKey = equivalenceKey,
        };
        foreach (var source in sources)
        {
            test.TestState.Sources.Add(source);
        }

        foreach (var source in fixedSources)
        {
            test.FixedState.Sources.Add(source);
        }

        // Markup in a fixed source states the diagnostics that remain after the fix (none offered, say).
        test.FixedState.MarkupHandling = MarkupMode.Allow;
        test.TestState.AdditionalReferences.AddRange(TestReferences.All());
        test.FixedState.AdditionalReferences.AddRange(TestReferences.All());
        return test.RunAsync();
    }
}

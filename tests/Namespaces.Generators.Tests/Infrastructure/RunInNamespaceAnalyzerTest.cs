using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace Namespaces.Generators.Tests.Infrastructure;

/// <summary>
/// The testing library's analyzer test, set up to resolve offline: .NET 10 reference assemblies come from
/// Basic.Reference.Assemblies (the library's own download fails here), plus the runtime assembly.
/// </summary>
internal sealed class RunInNamespaceAnalyzerTest : CSharpAnalyzerTest<RunInNamespaceAnalyzer, DefaultVerifier>
{
    public RunInNamespaceAnalyzerTest(string source)
    {
        TestCode = source;
        ReferenceAssemblies = new ReferenceAssemblies("net10.0");
        TestState.AdditionalReferences.AddRange(Compilations.References);
    }

    protected override CompilationOptions CreateCompilationOptions() =>
        ((CSharpCompilationOptions)base.CreateCompilationOptions()).WithAllowUnsafe(true);

    protected override ParseOptions CreateParseOptions() =>
        ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion.CSharp12);

    public static DiagnosticResult Diagnostic(DiagnosticDescriptor descriptor) => new(descriptor);
}

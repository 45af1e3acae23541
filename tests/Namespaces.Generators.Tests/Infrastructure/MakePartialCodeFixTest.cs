using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using Namespaces.CodeFixes;

namespace Namespaces.Generators.Tests.Infrastructure;

/// <summary>The testing library's code-fix test, resolving references offline like <see cref="RunInNamespaceAnalyzerTest"/>.</summary>
internal sealed class MakePartialCodeFixTest : CSharpCodeFixTest<RunInNamespaceAnalyzer, MakePartialCodeFixProvider, DefaultVerifier>
{
    public MakePartialCodeFixTest(string source, string fixedSource)
    {
        TestCode = source;
        FixedCode = fixedSource;
        ReferenceAssemblies = new ReferenceAssemblies("net10.0");
        TestState.AdditionalReferences.AddRange(Compilations.References);
        FixedState.AdditionalReferences.AddRange(Compilations.References);
    }
}

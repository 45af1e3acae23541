using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Namespaces.Generators.Tests.Infrastructure;
using Xunit;

namespace Namespaces.Generators.Tests;

/// <summary>The pipeline holds value-equal models, so edits that do not touch an attributed method re-emit nothing.</summary>
public sealed class IncrementalCachingTests
{
    private static readonly string[] TrackedSteps = { RunInNamespaceGenerator.MethodsStep, RunInNamespaceGenerator.EmittableMethodsStep };

    private const string Source = """
        using Namespaces;

        namespace Demo;

        internal static partial class Net
        {
            [RunInNamespace(NS.Net)]
            public static int Count(int extra) => extra;

            [RunInNamespace(NS.Uts)]
            public static string Name() => "";
        }
        """;

    [Fact]
    public void An_unrelated_new_file_leaves_every_step_cached_or_unchanged()
    {
        var compilation = Compilations.Create(Source);
        var driver = Compilations.CreateDriver(trackSteps: true).RunGenerators(compilation);

        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("internal static class Unrelated { public static int Answer() => 42; }", Compilations.ParseOptions));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        AssertAllOutputs(result, TrackedSteps, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        Assert.All(result.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(run => run.Outputs),
            output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    [Fact]
    public void An_edit_in_another_method_body_of_the_same_file_leaves_the_models_unchanged()
    {
        var compilation = Compilations.Create(Source + "\ninternal static class Other { public static int A() => 1; }");
        var driver = Compilations.CreateDriver(trackSteps: true).RunGenerators(compilation);

        var tree = compilation.SyntaxTrees.Single();
        var edited = compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(tree.GetText().Replace(tree.ToString().IndexOf("=> 1;", StringComparison.Ordinal), 4, "=> 2")));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        // The file changed, so its methods are parsed again, but the models are equal and nothing is re-emitted.
        AssertAllOutputs(result, new[] { RunInNamespaceGenerator.EmittableMethodsStep }, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
    }

    [Fact]
    public void Editing_an_attributed_method_signature_modifies_its_model()
    {
        // The counterpart of the tests above: proves the tracking would show a change, so they can fail.
        var compilation = Compilations.Create(Source);
        var driver = Compilations.CreateDriver(trackSteps: true).RunGenerators(compilation);

        var tree = compilation.SyntaxTrees.Single();
        var edited = compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(tree.GetText().Replace(tree.ToString().IndexOf("int extra", StringComparison.Ordinal), 9, "long extra")));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        var reasons = result.TrackedSteps[RunInNamespaceGenerator.MethodsStep].SelectMany(run => run.Outputs).Select(o => o.Reason).ToList();
        Assert.Contains(IncrementalStepRunReason.Modified, reasons);
        Assert.Contains(IncrementalStepRunReason.Unchanged, reasons); // Name() did not change.
    }

    [Fact]
    public void Pipeline_outputs_hold_no_symbols_syntax_compilations_or_locations()
    {
        var compilation = Compilations.Create(GeneratorScenario.All.Select(s => s.Source).ToArray());
        var result = Compilations.CreateDriver(trackSteps: true).RunGenerators(compilation).GetRunResult().Results.Single();

        var outputs = TrackedSteps.SelectMany(name => result.TrackedSteps[name]).SelectMany(run => run.Outputs).Select(o => o.Value).ToList();
        Assert.NotEmpty(outputs);
        foreach (var output in outputs)
        {
            AssertHoldsOnlyValues(output, path: output?.GetType().Name ?? "null", seen: new HashSet<object>(ReferenceEqualityComparer.Instance));
        }
    }

    private static void AssertAllOutputs(GeneratorRunResult result, IEnumerable<string> steps, params IncrementalStepRunReason[] allowed)
    {
        foreach (var name in steps)
        {
            var outputs = result.TrackedSteps[name].SelectMany(run => run.Outputs).ToList();
            Assert.NotEmpty(outputs);
            Assert.All(outputs, output => Assert.Contains(output.Reason, allowed));
        }
    }

    private static void AssertHoldsOnlyValues(object? value, string path, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !seen.Add(value))
        {
            return;
        }

        Assert.False(value is ISymbol or SyntaxNode or SyntaxTree or Compilation or SemanticModel or Location or SyntaxToken,
            $"{path} holds a {value.GetType().Name}, which pins a compilation in memory and defeats caching");

        if (value is IEnumerable items)
        {
            var i = 0;
            foreach (var item in items)
            {
                AssertHoldsOnlyValues(item, $"{path}[{i++}]", seen);
            }

            return;
        }

        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
        {
            AssertHoldsOnlyValues(property.GetValue(value), path + "." + property.Name, seen);
        }
    }
}

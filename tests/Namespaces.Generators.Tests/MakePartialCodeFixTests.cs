using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Namespaces.Generators.Tests.Infrastructure;
using Xunit;

namespace Namespaces.Generators.Tests;

/// <summary>NS0001's fix adds <c>partial</c> to each enclosing type that lacks it, keeping modifiers, trivia and docs in place.</summary>
public sealed class MakePartialCodeFixTests
{
    private static DiagnosticResult NS0001(int marker) =>
        new DiagnosticResult(RunInNamespaceDiagnostics.TypeNotPartial).WithLocation(marker);

    [Fact]
    public Task Adds_partial_after_the_other_modifiers()
    {
        var test = new MakePartialCodeFixTest("""
            using Namespaces;

            public static class Net
            {
                [RunInNamespace(NS.Net)]
                public static void {|#0:M|}() { }
            }
            """, """
            using Namespaces;

            public static partial class Net
            {
                [RunInNamespace(NS.Net)]
                public static void M() { }
            }
            """);
        test.ExpectedDiagnostics.Add(NS0001(0).WithArguments("Net.M", "type 'Net' is"));
        return test.RunAsync();
    }

    [Fact]
    public Task Makes_every_enclosing_type_partial_and_keeps_doc_comments_and_attributes()
    {
        var test = new MakePartialCodeFixTest("""
            using System;
            using Namespaces;

            namespace Demo;

            /// <summary>Outer.</summary>
            [Serializable]
            class Outer<T>
            {
                partial class Middle
                {
                    /// <summary>Inner.</summary>
                    record struct Inner
                    {
                        [RunInNamespace(NS.Net)]
                        static void {|#0:M|}() { }
                    }
                }
            }
            """, """
            using System;
            using Namespaces;

            namespace Demo;

            /// <summary>Outer.</summary>
            [Serializable]
            partial class Outer<T>
            {
                partial class Middle
                {
                    /// <summary>Inner.</summary>
                    partial record struct Inner
                    {
                        [RunInNamespace(NS.Net)]
                        static void M() { }
                    }
                }
            }
            """);
        test.ExpectedDiagnostics.Add(NS0001(0).WithArguments("Outer<T>.Middle.Inner.M", "types 'Outer<T>' and 'Outer<T>.Middle.Inner' are"));
        return test.RunAsync();
    }

    [Fact]
    public Task Fix_all_makes_each_type_partial_once()
    {
        var test = new MakePartialCodeFixTest("""
            using Namespaces;

            internal sealed class First
            {
                [RunInNamespace(NS.Net)]
                public void {|#0:A|}() { }

                [RunInNamespace(NS.Uts)]
                public void {|#1:B|}() { }
            }

            internal readonly struct Second
            {
                [RunInNamespace(NS.Net)]
                public void {|#2:C|}() { }
            }
            """, """
            using Namespaces;

            internal sealed partial class First
            {
                [RunInNamespace(NS.Net)]
                public void A() { }

                [RunInNamespace(NS.Uts)]
                public void B() { }
            }

            internal readonly partial struct Second
            {
                [RunInNamespace(NS.Net)]
                public void C() { }
            }
            """);
        test.ExpectedDiagnostics.Add(NS0001(0).WithArguments("First.A", "type 'First' is"));
        test.ExpectedDiagnostics.Add(NS0001(1).WithArguments("First.B", "type 'First' is"));
        test.ExpectedDiagnostics.Add(NS0001(2).WithArguments("Second.C", "type 'Second' is"));

        // One-at-a-time fixing needs two steps (A's fix also settles B); Fix All needs one.
        test.NumberOfIncrementalIterations = 2;
        test.NumberOfFixAllIterations = 1;
        return test.RunAsync();
    }
}

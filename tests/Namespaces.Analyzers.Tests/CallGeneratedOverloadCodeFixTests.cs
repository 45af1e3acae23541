using System.Threading.Tasks;
using Namespaces.CodeFixes;
using Xunit;
using Verify = Namespaces.Analyzers.Tests.CodeFixVerifier<Namespaces.Analyzers.DirectCallAnalyzer, Namespaces.CodeFixes.CallGeneratedOverloadCodeFixProvider>;

namespace Namespaces.Analyzers.Tests;

public class CallGeneratedOverloadCodeFixTests
{
    private const string Net = """
        static partial class Net
        {
            [RunInNamespace(NS.Net)]
            public static int Ping(string host) => host.Length;

            [RunInNamespace(NS.Net | NS.Mnt)]
            public static void Mount(string path) { }
        }

        """;

    [Fact]
    public Task UsesASetLocalInScope() => Verify.VerifyAsync(
        new[]
        {
            "using Namespaces;\n" + Net + """
            static class Program
            {
                static int Main()
                {
                    using var set = NamespaceSet.Create(NS.Net);
                    Net.{|NS1005:Mount|}("/mnt");
                    return Net.{|NS1005:Ping|}("localhost");
                }
            }
            """,
            GeneratedOverloads.ForNet,
        },
        new[]
        {
            "using Namespaces;\n" + Net + """
            static class Program
            {
                static int Main()
                {
                    using var set = NamespaceSet.Create(NS.Net);
                    Net.Mount(set, "/mnt");
                    return Net.Ping(set, "localhost");
                }
            }
            """,
            GeneratedOverloads.ForNet,
        });

    [Fact]
    public Task UsesASetFieldFromAnInstanceMethodAndInsideALambda() => Verify.VerifyAsync(
        new[]
        {
            "using System;\nusing System.Linq;\nusing Namespaces;\n" + Net + """
            sealed class Prober
            {
                private readonly NamespaceSet _namespaces = NamespaceSet.Create(NS.Net);

                public int[] Probe(string[] hosts) => hosts.Select(h => Net.{|NS1005:Ping|}(h)).ToArray();
            }
            """,
            GeneratedOverloads.ForNet,
        },
        new[]
        {
            "using System;\nusing System.Linq;\nusing Namespaces;\n" + Net + """
            sealed class Prober
            {
                private readonly NamespaceSet _namespaces = NamespaceSet.Create(NS.Net);

                public int[] Probe(string[] hosts) => hosts.Select(h => Net.Ping(_namespaces, h)).ToArray();
            }
            """,
            GeneratedOverloads.ForNet,
        });

    [Fact]
    public Task TurnsAMethodGroupIntoALambdaThatCallsTheOverloadWithASetInScope() => Verify.VerifyAsync(
        new[]
        {
            "using System;\nusing System.Linq;\nusing Namespaces;\n" + Net + """
            static class Program
            {
                static int[] Main(string[] hosts)
                {
                    using var set = NamespaceSet.Create(NS.Net);
                    Func<string, int> ping = Net.{|NS1005:Ping|};
                    return hosts.Select(Net.{|NS1005:Ping|}).ToArray();
                }
            }
            """,
            GeneratedOverloads.ForNet,
        },
        new[]
        {
            "using System;\nusing System.Linq;\nusing Namespaces;\n" + Net + """
            static class Program
            {
                static int[] Main(string[] hosts)
                {
                    using var set = NamespaceSet.Create(NS.Net);
                    Func<string, int> ping = host => Net.Ping(set, host);
                    return hosts.Select(host => Net.Ping(set, host)).ToArray();
                }
            }
            """,
            GeneratedOverloads.ForNet,
        });

    // Unchanged by the fix: no set in scope in the first method, the lambda's parameter name taken in the second.
    private const string MethodGroupsWithoutAFix = "using System;\nusing System.Linq;\nusing Namespaces;\n" + Net + """
        static class Program
        {
            static int[] NoSet(string[] hosts)
            {
                return hosts.Select(Net.{|NS1005:Ping|}).ToArray();
            }

            static int[] Taken(string[] hosts, NamespaceSet set, string host)
            {
                return hosts.Select(Net.{|NS1005:Ping|}).ToArray();
            }
        }
        """;

    [Fact]
    public Task OffersNoFixForAMethodGroupWithoutASetOrWhoseParameterNameIsTaken() => Verify.VerifyAsync(
        new[] { MethodGroupsWithoutAFix, GeneratedOverloads.ForNet },
        new[] { MethodGroupsWithoutAFix, GeneratedOverloads.ForNet });

    [Fact]
    public Task AddsANamespaceSetParameterWhenNoneIsInScope() => Verify.VerifyAsync(
        new[]
        {
            "using Namespaces;\n" + Net + """
            static class Program
            {
                static int Probe(string host) => Net.{|NS1005:Ping|}(host);
            }
            """,
            GeneratedOverloads.ForNet,
        },
        new[]
        {
            "using Namespaces;\n" + Net + """
            static class Program
            {
                static int Probe(NamespaceSet set, string host) => Net.Ping(set, host);
            }
            """,
            GeneratedOverloads.ForNet,
        });

    [Fact]
    public Task AddedParameterIsQualifiedWithoutAUsingAndAvoidsTakenNames() => Verify.VerifyAsync(
        new[]
        {
            """
            using NS = Namespaces.NS;
            using RunInNamespace = Namespaces.RunInNamespaceAttribute;

            """ + Net + """
            static class Program
            {
                static int Probe(string set)
                {
                    return Net.{|NS1005:Ping|}(set);
                }
            }
            """,
            GeneratedOverloads.ForNet,
        },
        new[]
        {
            """
            using NS = Namespaces.NS;
            using RunInNamespace = Namespaces.RunInNamespaceAttribute;

            """ + Net + """
            static class Program
            {
                static int Probe(Namespaces.NamespaceSet namespaceSet, string set)
                {
                    return Net.Ping(namespaceSet, set);
                }
            }
            """,
            GeneratedOverloads.ForNet,
        },
        equivalenceKey: "NS1005.AddParameter");

    [Fact]
    public Task WithASetInScopeTheAddParameterFixIsStillOffered() => Verify.VerifyAsync(
        new[]
        {
            "using Namespaces;\n" + Net + """
            static class Program
            {
                static NamespaceSet Shared = NamespaceSet.Create(NS.Net);

                static void Probe() => Net.{|NS1005:Mount|}("/mnt");
            }
            """,
            GeneratedOverloads.ForNet,
        },
        new[]
        {
            "using Namespaces;\n" + Net + """
            static class Program
            {
                static NamespaceSet Shared = NamespaceSet.Create(NS.Net);

                static void Probe(NamespaceSet set) => Net.Mount(set, "/mnt");
            }
            """,
            GeneratedOverloads.ForNet,
        },
        equivalenceKey: "NS1005.AddParameter");

    [Fact]
    public Task NoFixWithoutAGeneratedOverload()
    {
        // No generated source: the type is not partial, so the generator would have added nothing (NS0001).
        const string source = """
            using Namespaces;

            static class Plain
            {
                [RunInNamespace(NS.Net)]
                public static int Ping(string host) => host.Length;
            }

            static class Program
            {
                static int Main()
                {
                    using var set = NamespaceSet.Create(NS.Net);
                    return Plain.{|NS1005:Ping|}("localhost");
                }
            }
            """;
        return Verify.VerifyAsync(new[] { source }, new[] { source });
    }

    [Fact]
    public void FixesNS1005Only()
    {
        var provider = new CallGeneratedOverloadCodeFixProvider();
        Assert.Equal(new[] { "NS1005" }, provider.FixableDiagnosticIds);
    }
}

using System.Threading.Tasks;
using Xunit;
using Verify = Namespaces.Analyzers.Tests.AnalyzerVerifier<Namespaces.Analyzers.DirectCallAnalyzer>;

namespace Namespaces.Analyzers.Tests;

public class DirectCallTests
{
    private const string Net = """
        using Namespaces;

        static partial class Net
        {
            [RunInNamespace(NS.Net)]
            public static int Ping(string host) => host.Length;

            [RunInNamespace(NS.Net | NS.Mnt)]
            public static void Mount(string path) { }
        }

        """;

    [Fact]
    public Task DirectCallFromOrdinaryCodeIsReported() => Verify.VerifyAsync(
        new[]
        {
            Net + """
            static class Program
            {
                static int Main() => Net.{|#0:Ping|}("localhost");
            }
            """,
            GeneratedOverloads.ForNet,
        },
        Verify.Diagnostic("NS1005").WithLocation(0).WithArguments("Ping", "Net", "is called directly", string.Empty));

    [Fact]
    public Task CallFromABodyThatLacksANamespaceIsReported() => Verify.VerifyAsync(
        new[]
        {
            Net + """
            static partial class Other
            {
                [RunInNamespace(NS.Net)]
                static void Body() => Net.{|#0:Mount|}("/mnt");

                [RunInNamespace(NS.Uts)]
                static int Uts() => Net.{|#1:Ping|}("localhost");
            }
            """,
            GeneratedOverloads.ForNet,
        },
        Verify.Diagnostic("NS1005").WithLocation(0).WithArguments("Mount", "Mnt | Net", "is called directly", " from a body that runs in Net"),
        Verify.Diagnostic("NS1005").WithLocation(1).WithArguments("Ping", "Net", "is called directly", " from a body that runs in Uts"));

    [Fact]
    public Task CallFromACoveringBodyIsNotReported() => Verify.VerifyAsync(
        new[]
        {
            "using System.Collections.Generic;\nusing System.Linq;\n" + Net + """
            static partial class Other
            {
                [RunInNamespace(NS.Net)]
                static int Same() => Net.Ping("a");

                [RunInNamespace(NS.Net | NS.Mnt | NS.Uts)]
                static int More(List<string> hosts)
                {
                    Net.Mount("/mnt");
                    int Local() => Net.Ping("b");
                    return Local() + hosts.Select(h => Net.Ping(h)).Sum();
                }

                [RunInNamespace(NS.Net)]
                static int Recursive(int n) => n == 0 ? 0 : Recursive(n - 1);
            }
            """,
            GeneratedOverloads.ForNet,
        });

    [Fact]
    public Task GeneratedOverloadsAndDoLambdasAreNotReported() => Verify.VerifyAsync(
        new[]
        {
            Net + """
            static class Program
            {
                static int Main()
                {
                    using var set = NamespaceSet.Create(NS.Net);
                    Net.Mount(set, "/mnt");
                    return Net.Ping(set, "localhost") + set.Do(() => Net.Ping("localhost"));
                }
            }
            """,
            GeneratedOverloads.ForNet,
        });

    [Fact]
    public Task MethodGroupsOutsideBodiesAreReported() => Verify.VerifyAsync(
        new[]
        {
            "using System;\nusing System.Linq;\n" + Net + """
            sealed class Program
            {
                public event Action<string>? Changed;

                int[] Main(string[] hosts)
                {
                    Func<string, int> ping = Net.{|#0:Ping|};
                    var lengths = hosts.Select(Net.{|#1:Ping|}).ToArray();
                    Changed += Net.{|#2:Mount|};
                    var mount = new Action<string>(Net.{|#3:Mount|});
                    return lengths;
                }
            }
            """,
            GeneratedOverloads.ForNet,
        },
        Verify.Diagnostic("NS1005").WithLocation(0).WithArguments("Ping", "Net", "is made a delegate, which runs it on whichever thread invokes it", string.Empty),
        Verify.Diagnostic("NS1005").WithLocation(1).WithArguments("Ping", "Net", "is made a delegate, which runs it on whichever thread invokes it", string.Empty),
        Verify.Diagnostic("NS1005").WithLocation(2).WithArguments("Mount", "Mnt | Net", "is made a delegate, which runs it on whichever thread invokes it", string.Empty),
        Verify.Diagnostic("NS1005").WithLocation(3).WithArguments("Mount", "Mnt | Net", "is made a delegate, which runs it on whichever thread invokes it", string.Empty));

    [Fact]
    public Task MethodGroupsInACoveringBodyAndNameofAreNotReported() => Verify.VerifyAsync(
        new[]
        {
            "using System;\nusing System.Linq;\n" + Net + """
            static partial class Other
            {
                [RunInNamespace(NS.Net)]
                static int[] Pings(string[] hosts) => hosts.Select(Net.Ping).ToArray();

                static string Name() => nameof(Net.Ping);

                static int Generated(NamespaceSet set) => Net.Ping(set, "localhost");
            }
            """,
            GeneratedOverloads.ForNet,
        });
}

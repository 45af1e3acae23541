using System.Threading.Tasks;
using Xunit;
using Verify = Namespaces.Analyzers.Tests.AnalyzerVerifier<Namespaces.Analyzers.DoLambdaAnalyzer>;

namespace Namespaces.Analyzers.Tests;

public class DoLambdaTests
{
    [Fact]
    public Task DoAndDoRawWithALambdaAreReported() => Verify.VerifyAsync("""
        using System.IO;
        using Namespaces;

        static class Program
        {
            static string Main()
            {
                using var set = NamespaceSet.Create(NS.Uts);
                set.{|#0:Do|}(() => File.WriteAllText("/tmp/x", "y"));
                set.{|#1:DoRaw|}(() => true, restore: true);
                return set.{|#2:Do|}(delegate { return File.ReadAllText("/etc/hostname"); });
            }
        }
        """,
        Verify.Diagnostic("NS1006").WithLocation(0).WithArguments("Do"),
        Verify.Diagnostic("NS1006").WithLocation(1).WithArguments("DoRaw"),
        Verify.Diagnostic("NS1006").WithLocation(2).WithArguments("Do"));

    [Fact]
    public Task MethodGroupsAndLambdasWritingTheCallersLocalsAreNotReported() => Verify.VerifyAsync("""
        using System.IO;
        using Namespaces;

        static class Program
        {
            static string Read() => File.ReadAllText("/etc/hostname");

            static void Main(string[] args)
            {
                using var set = NamespaceSet.Create(NS.Uts);
                var name = set.Do(Read);
                string? host = null;
                var count = 0;
                set.Do(() => { host = Read(); });
                set.Do(() => count++);
                set.Do(() => int.TryParse(args[0], out count));
                set.{|#0:Do|}(() => { var mine = 1; mine++; });
            }
        }
        """,
        // Writing its own locals is fine: only the caller's locals need ref plumbing.
        Verify.Diagnostic("NS1006").WithLocation(0).WithArguments("Do"));
}

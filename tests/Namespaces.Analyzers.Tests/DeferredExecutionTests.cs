using System.Threading.Tasks;
using Xunit;
using Verify = Namespaces.Analyzers.Tests.AnalyzerVerifier<Namespaces.Analyzers.DeferredExecutionAnalyzer>;

namespace Namespaces.Analyzers.Tests;

public class DeferredExecutionTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Linq;
        using Namespaces;

        """;

    [Fact]
    public Task IteratorBodyIsReported() => Verify.VerifyAsync(Usings + """
        static partial class Mnt
        {
            [RunInNamespace(NS.Mnt)]
            static IEnumerable<string> {|#0:Mounts|}()
            {
                yield return File.ReadAllText("/proc/self/mounts");
            }
        }
        """,
        Verify.Diagnostic("NS1004").WithLocation(0).WithArguments("'Mounts' is an iterator"));

    [Fact]
    public Task ReturnedLinqQueriesAndLazySequencesAreReported() => Verify.VerifyAsync(Usings + """
        static partial class Mnt
        {
            [RunInNamespace(NS.Mnt)]
            static IEnumerable<string> Select(string[] names) => {|#0:names.Select(n => n.Trim())|};

            [RunInNamespace(NS.Mnt)]
            static IEnumerable<string> Query(string[] names) => {|#1:from n in names where n.Length > 0 select n|};

            [RunInNamespace(NS.Mnt)]
            static IEnumerable<string> Files() => {|#2:Directory.EnumerateFiles("/etc")|};

            [RunInNamespace(NS.Mnt)]
            static IEnumerable<string> ViaLocal(string[] names)
            {
                var ordered = names.OrderBy(n => n);
                return {|#3:ordered|};
            }

            [RunInNamespace(NS.Mnt)]
            static IEnumerable<int> LocalIterator()
            {
                IEnumerable<int> Numbers() { yield return 1; }
                return {|#4:Numbers()|};
            }
        }
        """,
        Verify.Diagnostic("NS1004").WithLocation(0).WithArguments("Returning the LINQ query 'Select', not materialized"),
        // A query whose select is the identity compiles to its Where alone.
        Verify.Diagnostic("NS1004").WithLocation(1).WithArguments("Returning the LINQ query 'Where', not materialized"),
        Verify.Diagnostic("NS1004").WithLocation(2).WithArguments("Returning the lazy sequence from 'Directory.EnumerateFiles', not enumerated"),
        Verify.Diagnostic("NS1004").WithLocation(3).WithArguments("Returning the LINQ query 'OrderBy', not materialized"),
        Verify.Diagnostic("NS1004").WithLocation(4).WithArguments("Returning the sequence from iterator 'Numbers', not enumerated"));

    [Fact]
    public Task ReturnedAndStoredLambdasAreReported() => Verify.VerifyAsync(Usings + """
        sealed partial class Watcher
        {
            static Func<int>? s_cached;
            Action? _onChange;
            public event EventHandler? Changed;

            [RunInNamespace(NS.Net)]
            static Func<string> Returned() => {|#0:() => File.ReadAllText("/etc/hostname")|};

            [RunInNamespace(NS.Net)]
            void Stored(Watcher other, out Action callback)
            {
                s_cached = {|#1:() => 1|};
                _onChange = {|#2:Local|};
                other.Changed += {|#3:(s, e) => { }|};
                callback = {|#4:() => { }|};
                void Local() { }
            }

            [RunInNamespace(NS.Net)]
            static Lazy<string> Wrapped() => {|#5:new Lazy<string>(() => File.ReadAllText("/etc/hostname"))|};
        }
        """,
        Verify.Diagnostic("NS1004").WithLocation(0).WithArguments("Returning a lambda created in the body"),
        Verify.Diagnostic("NS1004").WithLocation(1).WithArguments("Storing a lambda created in the body in 's_cached'"),
        Verify.Diagnostic("NS1004").WithLocation(2).WithArguments("Storing a delegate to local function 'Local' in '_onChange'"),
        Verify.Diagnostic("NS1004").WithLocation(3).WithArguments("Storing a lambda created in the body in 'Changed'"),
        Verify.Diagnostic("NS1004").WithLocation(4).WithArguments("Storing a lambda created in the body in 'callback'"),
        Verify.Diagnostic("NS1004").WithLocation(5).WithArguments("Returning a lambda captured by 'new Lazy'"));

    [Fact]
    public Task DoLambdaReturningAQueryIsReported() => Verify.VerifyAsync(Usings + """
        static class Program
        {
            static void Main(string[] names)
            {
                using var set = NamespaceSet.Create(NS.Mnt);
                var lazy = set.Do(() => {|#0:names.Where(File.Exists)|});
                var eager = set.Do(() => names.Where(File.Exists).ToArray());
            }
        }
        """,
        Verify.Diagnostic("NS1004").WithLocation(0).WithArguments("Returning the LINQ query 'Where', not materialized"));

    [Fact]
    public Task LambdasConsumedInTheBodyAndMaterializedQueriesAreNotReported() => Verify.VerifyAsync(Usings + """
        sealed class Options
        {
            public Func<int, int>? Map { get; set; }
        }

        static partial class Mnt
        {
            [RunInNamespace(NS.Mnt)]
            static List<string> Materialized(string[] names)
            {
                var list = names.Where(n => n.Length > 0).ToList();
                list.Sort((a, b) => string.CompareOrdinal(a, b));
                Array.ForEach(names, n => Console.WriteLine(n));
                var options = new Options { Map = x => x + 1 };
                var local = new Options();
                local.Map = x => x * 2;
                Func<int> f = () => list.Count;
                Console.WriteLine(f() + options.Map(1) + local.Map(2));
                IEnumerable<int> Numbers() { yield return 1; }
                foreach (var n in Numbers()) { }
                return list;
            }

            [RunInNamespace(NS.Mnt)]
            static string[] Array2(string[] names) => names.Select(n => n.Trim()).ToArray();

            [RunInNamespace(NS.Mnt)]
            static int Count(string[] names) => names.Count(File.Exists);

            [RunInNamespace(NS.Mnt)]
            static IEnumerable<int> Harmless() => Enumerable.Range(0, 3);

            static IEnumerable<string> NotABody(string[] names) => names.Select(n => n.Trim());

            static IEnumerable<int> NotABodyIterator() { yield return 1; }
        }
        """);
}

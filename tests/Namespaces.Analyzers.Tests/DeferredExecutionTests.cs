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

    [Fact]
    public Task DeferredValuesInASwitchExpressionAreReported() => Verify.VerifyAsync(Usings + """
        static partial class Mnt
        {
            [RunInNamespace(NS.Mnt)]
            static IEnumerable<string> Pick(int kind, string[] names) => {|#0:kind switch
            {
                0 => names.ToArray(),
                1 => names.Where(File.Exists),
                _ => Array.Empty<string>(),
            }|};

            [RunInNamespace(NS.Mnt)]
            static IEnumerable<string> Eager(int kind, string[] names) => kind switch
            {
                0 => names.ToArray(),
                _ => names.Where(File.Exists).ToList(),
            };
        }
        """,
        Verify.Diagnostic("NS1004").WithLocation(0).WithArguments("Returning the LINQ query 'Where', not materialized"));

    [Fact]
    public Task AHelperThatReturnsALazySequenceIsFollowed() => Verify.VerifyAsync(Usings + """
        static class Helpers
        {
            public static IEnumerable<string> Files(string dir) => Directory.EnumerateFiles(dir);
            public static IEnumerable<string> Existing(string[] names)
            {
                var found = names.Where(File.Exists);
                return found;
            }
            public static IEnumerable<string> Listed(string[] names) => names.Where(File.Exists).ToList();
            public static IEnumerable<int> Loop(int n) => n > 0 ? Loop(n - 1) : new[] { n };
        }

        static partial class Mnt
        {
            [RunInNamespace(NS.Mnt)]
            static IEnumerable<string> Etc() => {|#0:Helpers.Files("/etc")|};

            [RunInNamespace(NS.Mnt)]
            static IEnumerable<string> Exists(string[] names) => {|#1:Helpers.Existing(names)|};

            [RunInNamespace(NS.Mnt)]
            static IEnumerable<string> Materialized(string[] names) => Helpers.Listed(names);

            [RunInNamespace(NS.Mnt)]
            static IEnumerable<int> Recursive() => Helpers.Loop(3);
        }
        """,
        Verify.Diagnostic("NS1004").WithLocation(0).WithArguments("Returning the sequence from 'Files', which returns the lazy sequence from 'Directory.EnumerateFiles', not enumerated"),
        Verify.Diagnostic("NS1004").WithLocation(1).WithArguments("Returning the sequence from 'Existing', which returns the LINQ query 'Where', not materialized"));

    [Fact]
    public Task ALocalReassignedToAMaterializedValueBeforeTheReturnIsNotReported() => Verify.VerifyAsync(Usings + """
        static partial class Mnt
        {
            [RunInNamespace(NS.Mnt)]
            static IEnumerable<string> Reassigned(string[] names)
            {
                IEnumerable<string> result = names.Where(File.Exists);
                result = result.ToList();
                return result;
            }

            [RunInNamespace(NS.Mnt)]
            static IEnumerable<string> BothBranches(string[] names, bool sorted)
            {
                IEnumerable<string> result = names.Where(File.Exists);
                if (sorted)
                {
                    result = result.OrderBy(n => n).ToArray();
                }
                else
                {
                    result = result.ToList();
                }

                return result;
            }
        }
        """);

    [Fact]
    public Task ALocalThatStillHoldsAQueryOnSomePathIsReported() => Verify.VerifyAsync(Usings + """
        static partial class Mnt
        {
            [RunInNamespace(NS.Mnt)]
            static IEnumerable<string> SometimesMaterialized(string[] names, bool eager)
            {
                IEnumerable<string> result = names.Where(File.Exists);
                if (eager)
                {
                    result = result.ToList();
                }

                return {|#0:result|};
            }

            [RunInNamespace(NS.Mnt)]
            static IEnumerable<string> LazyLast(string[] names)
            {
                IEnumerable<string> result = names.ToList();
                result = result.Select(n => n.Trim());
                return {|#1:result|};
            }

            [RunInNamespace(NS.Mnt)]
            static IEnumerable<string> InALoop(string[] names)
            {
                IEnumerable<string> result = names.ToArray();
                for (var i = 0; i < 3; i++)
                {
                    if (i == 2)
                    {
                        return {|#2:result|};
                    }

                    result = result.Skip(1);
                }

                return result.ToArray();
            }
        }
        """,
        Verify.Diagnostic("NS1004").WithLocation(0).WithArguments("Returning the LINQ query 'Where', not materialized"),
        Verify.Diagnostic("NS1004").WithLocation(1).WithArguments("Returning the LINQ query 'Select', not materialized"),
        Verify.Diagnostic("NS1004").WithLocation(2).WithArguments("Returning the LINQ query 'Skip', not materialized"));
}

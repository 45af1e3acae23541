using System.Collections.Generic;
using System.Linq;

namespace Namespaces.Generators.Tests;

/// <summary>
/// User code the generator must handle, one scenario per feature. Each has committed expected output in
/// <c>Snapshots/&lt;name&gt;/</c>, and the output must compile with zero diagnostics.
/// </summary>
/// <param name="Name">The scenario, also its snapshot folder.</param>
/// <param name="Source">The user's code.</param>
/// <param name="AnalyzerIds">What the analyzer is expected to report on it, as <c>ID/Severity</c> (informational ones, or NS0005 for a skipped overload).</param>
public sealed record GeneratorScenario(string Name, string Source, params string[] AnalyzerIds)
{
    public override string ToString() => Name;

    public static readonly IReadOnlyList<GeneratorScenario> All = new GeneratorScenario[]
    {
        new("StaticFunction", """
            using System.Linq;
            using System.Net.NetworkInformation;
            using Namespaces;

            namespace Demo;

            /// <summary>Network helpers.</summary>
            public static partial class Net
            {
                /// <summary>The names of the network interfaces.</summary>
                /// <returns>Interface names.</returns>
                [RunInNamespace(NS.Net)]
                public static string[] Interfaces() =>
                    NetworkInterface.GetAllNetworkInterfaces().Select(i => i.Name).ToArray();
            }
            """),

        new("StaticVoidInBlockNamespace", """
            using Namespaces;

            namespace Demo.Block
            {
                internal static partial class Hosts
                {
                    [RunInNamespace(NS.Uts)]
                    internal static void Rename(string name) => System.Console.WriteLine(name);
                }
            }
            """),

        new("GlobalNamespace", """
            using Namespaces;

            internal partial class Probe
            {
                [RunInNamespace(NS.Net)]
                public static int Count() => 1;
            }
            """),

        new("InstanceMethodOnClass", """
            using Namespaces;

            namespace Demo;

            internal sealed partial class Counter
            {
                private int _calls;

                [RunInNamespace(NS.Ipc)]
                public int Next(int step) => _calls += step;
            }
            """),

        new("InstanceMethodOnStruct", """
            using Namespaces;

            namespace Demo;

            internal partial struct Point
            {
                public int X;

                [RunInNamespace(NS.Mnt)]
                public int Shift(int by) => X += by;
            }
            """),

        new("ReadOnlyStructAndRecords", """
            using Namespaces;

            namespace Demo;

            internal readonly partial struct Frozen
            {
                public readonly int Value;

                public Frozen(int value) => Value = value;

                [RunInNamespace(NS.Net)]
                public int Twice() => Value * 2;
            }

            internal partial record Person(string Name)
            {
                [RunInNamespace(NS.Uts)]
                public string Greet(string greeting) => greeting + " " + Name;
            }

            internal partial record struct Pair(int A, int B)
            {
                [RunInNamespace(NS.Net)]
                public static Pair Swap(Pair pair) => new(pair.B, pair.A);
            }
            """),

        new("Accessibilities", """
            using Namespaces;

            namespace Demo;

            internal partial class Access
            {
                [RunInNamespace(NS.Net)] public static void Public() { }
                [RunInNamespace(NS.Net)] internal static void Internal() { }
                [RunInNamespace(NS.Net)] protected static void Protected() { }
                [RunInNamespace(NS.Net)] protected internal static void ProtectedInternal() { }
                [RunInNamespace(NS.Net)] private protected static void PrivateProtected() { }
                [RunInNamespace(NS.Net)] private static void Private() { }
                [RunInNamespace(NS.Net)] static void Implicit() { }
            }
            """),

        new("GenericMethodWithConstraints", """
            using System;
            using System.Collections.Generic;
            using Namespaces;

            namespace Demo;

            internal static partial class Generic
            {
                [RunInNamespace(NS.Net)]
                public static T Pick<T, TKey, TValue, TNumber, TAny>(T first, TKey key, TValue value, TNumber number, TAny any)
                    where T : class, IComparable<T>, new()
                    where TKey : notnull
                    where TValue : struct
                    where TNumber : unmanaged
                    where TAny : class?
                    => first;

                [RunInNamespace(NS.Net)]
                public static List<T> Wrap<T>(T item) => new() { item };
            }
            """),

        new("NestedGenericTypes", """
            using System.Collections.Generic;
            using Namespaces;

            namespace Demo;

            internal partial class Outer<T>
                where T : notnull
            {
                internal partial struct Middle<TKey>
                {
                    internal partial class Inner
                    {
                        [RunInNamespace(NS.Net)]
                        public static Dictionary<T, TKey> Map(T key, TKey value) => new() { [key] = value };

                        [RunInNamespace(NS.Net)]
                        public T Echo<TExtra>(T value, TExtra extra) => value;
                    }
                }
            }
            """),

        new("RefOutInParameters", """
            using System;
            using Namespaces;

            namespace Demo;

            internal static partial class Refs
            {
                [RunInNamespace(NS.Net)]
                public static int Exchange(ref int value, out string text, in Guid id, ref readonly DateTime when)
                {
                    text = id.ToString() + when.ToString();
                    return value++;
                }

                [RunInNamespace(NS.Net)]
                public static void Clear(out int value) => value = 0;
            }
            """, "NS0004/Info", "NS0004/Info", "NS0004/Info"),

        new("DefaultValuesAndParams", """
            using System;
            using Namespaces;

            namespace Demo;

            internal enum Color { Red, Green = 7 }

            internal static partial class Defaults
            {
                [RunInNamespace(NS.Net)]
                public static string Format(
                    int count = -3, string? label = null, string text = "tab\there \"quoted\"", Color color = Color.Green,
                    Color? maybe = null, double ratio = 1.5, float half = 0.5f, decimal price = 9.99m, long big = long.MaxValue,
                    uint bits = 4u, char separator = '\n', bool flag = true, DateTime when = default, int? optional = 42,
                    byte small = 255, params object[] rest) => string.Empty;
            }
            """),

        new("NullableAnnotations", """
            using System.Collections.Generic;
            using Namespaces;

            namespace Demo;

            internal static partial class Nulls
            {
                [RunInNamespace(NS.Net)]
                public static string? First(List<string?>? items, Dictionary<string, object?> map) => items?[0];

                [RunInNamespace(NS.Net)]
                public static T? Default<T>(T? fallback) => fallback;
            }

            #nullable disable
            internal static partial class Oblivious
            {
                [RunInNamespace(NS.Net)]
                public static string Echo(string text) => text;
            }
            """),

        new("Tuples", """
            using Namespaces;

            namespace Demo;

            internal static partial class Tuples
            {
                [RunInNamespace(NS.Net)]
                public static (int Count, string Name) Describe((int, string) pair, (string? Left, int[] Right)? maybe) => (pair.Item1, pair.Item2);
            }
            """),

        new("ParameterNamesThatClash", """
            using System.Threading;
            using Namespaces;

            namespace Demo;

            internal partial class Clash
            {
                [RunInNamespace(NS.Net)]
                public int set(int set, CancellationToken cancellationToken, string state, string s, int __this, int @class, string __set, string __cancellationToken)
                    => set + @class + __this;
            }
            """),

        new("AsyncSuffixAndOverloads", """
            using Namespaces;

            namespace Demo;

            internal static partial class Names
            {
                [RunInNamespace(NS.Net)]
                public static int LoadAsync() => 1;

                [RunInNamespace(NS.Net)]
                public static int Load(int a) => a;

                [RunInNamespace(NS.Net)]
                public static int Load(string a) => a.Length;
            }
            """),

        new("CombinedFlagsAndPid", """
            using Namespaces;

            namespace Demo;

            internal static partial class Flags
            {
                [RunInNamespace(NS.Net | NS.Mnt | NS.Uts)]
                public static void Many() { }

                [RunInNamespace(NS.Pid)]
                public static void Children() { }
            }
            """, "NS0006/Info"),

        new("CollisionSkipsOnlyThatOverload", """
            using System.Threading;
            using System.Threading.Tasks;
            using Namespaces;

            namespace Demo;

            internal static partial class Existing
            {
                [RunInNamespace(NS.Net)]
                public static int Read(int offset) => offset;

                public static ValueTask<int> ReadAsync(NamespaceSet set, int offset, CancellationToken token) => default;
            }
            """, "NS0005/Error"),

        new("ExtensionAndPartialMethods", """
            using Namespaces;

            namespace Demo;

            internal static partial class Extensions
            {
                [RunInNamespace(NS.Net)]
                public static int Twice(this int value) => value * 2;

                [RunInNamespace(NS.Net)]
                public static partial int Declared(int value);

                public static partial int Declared(int value) => value;
            }
            """),

        new("InterfaceDefaultMethod", """
            using Namespaces;

            namespace Demo;

            internal partial interface IProbe
            {
                int Id { get; }

                [RunInNamespace(NS.Net)]
                int Describe(int extra) => Id + extra;
            }
            """),
    };

    public static IEnumerable<object[]> Names => All.Select(s => new object[] { s.Name });

    public static GeneratorScenario Get(string name) => All.Single(s => s.Name == name);
}

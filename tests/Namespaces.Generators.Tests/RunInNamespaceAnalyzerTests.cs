using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Namespaces.Generators.Tests.Infrastructure;
using Xunit;
using static Namespaces.Generators.RunInNamespaceDiagnostics;

namespace Namespaces.Generators.Tests;

/// <summary>NS0001–NS0006: each reported where the user must look, with a message that says what and why.</summary>
public sealed class RunInNamespaceAnalyzerTests
{
    private static Task Verify(string source, params DiagnosticResult[] expected)
    {
        var test = new RunInNamespaceAnalyzerTest(source);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    private static DiagnosticResult Expect(DiagnosticDescriptor descriptor, int marker, params object[] arguments) =>
        new DiagnosticResult(descriptor).WithLocation(marker).WithArguments(arguments);

    [Fact]
    public Task A_valid_method_gets_no_diagnostic() => Verify("""
        using Namespaces;
        static partial class Net
        {
            [RunInNamespace(NS.Net | NS.Mnt)]
            static int M(int a, in int b, params string[] rest) => a;
        }
        """);

    [Fact]
    public Task NS0001_is_reported_on_the_method_name_for_a_non_partial_type() => Verify("""
        using Namespaces;
        static class Net
        {
            [RunInNamespace(NS.Net)]
            static void {|#0:M|}() { }
        }
        """,
        Expect(TypeNotPartial, 0, "Net.M", "type 'Net' is"));

    [Fact]
    public Task NS0001_names_every_enclosing_type_that_is_not_partial() => Verify("""
        using Namespaces;
        class Outer<T>
        {
            partial class Middle
            {
                struct Inner
                {
                    [RunInNamespace(NS.Net)]
                    static void {|#0:M|}() { }
                }
            }
        }
        """,
        Expect(TypeNotPartial, 0, "Outer<T>.Middle.Inner.M", "types 'Outer<T>' and 'Outer<T>.Middle.Inner' are"));

    [Fact]
    public Task NS0002_is_reported_on_the_flags_for_None() => Verify("""
        using Namespaces;
        static partial class Net
        {
            [RunInNamespace({|#0:NS.None|})]
            static void M() { }
        }
        """,
        Expect(InvalidNamespaces, 0, "Net.M", "asks for NS.None: name the namespaces the body needs, e.g. NS.Net"));

    [Fact]
    public Task NS0002_is_reported_for_unknown_bits() => Verify("""
        using Namespaces;
        static partial class Net
        {
            [RunInNamespace({|#0:NS.Net | (NS)0x11|})]
            static void M() { }
        }
        """,
        Expect(InvalidNamespaces, 0, "Net.M", "holds bits that name no namespace (0x00000011)"));

    [Fact]
    public Task NS0003_is_reported_for_User() => Verify("""
        using Namespaces;
        static partial class Net
        {
            [RunInNamespace({|#0:NS.User | NS.Net|})]
            static void M() { }
        }
        """,
        Expect(UnjoinableNamespace, 0, "Net.M", "NS.User", "EINVAL"));

    [Fact]
    public Task NS0003_is_reported_for_Time_and_names_both_when_both_are_asked() => Verify("""
        using Namespaces;
        static partial class Clock
        {
            [RunInNamespace({|#0:NS.Time|})]
            static void A() { }

            [RunInNamespace({|#1:NS.Time | NS.User|})]
            static void B() { }
        }
        """,
        Expect(UnjoinableNamespace, 0, "Clock.A", "NS.Time", "EUSERS"),
        Expect(UnjoinableNamespace, 1, "Clock.B", "NS.Time and NS.User", "EINVAL and EUSERS"));

    [Fact]
    public Task NS0004_is_reported_on_a_ref_struct_parameter() => Verify("""
        using System;
        using Namespaces;
        static partial class Net
        {
            [RunInNamespace(NS.Net)]
            static int M(int a, {|#0:Span<byte> buffer|}) => buffer.Length;
        }
        """,
        Expect(UnsupportedSignature, 0, "Net.M", "gets no generated overloads: parameter 'buffer' is a ref struct ('Span<byte>'), which cannot be stored in the struct that carries the arguments to the namespace thread"));

    [Fact]
    public Task NS0004_is_reported_on_a_pointer_parameter_and_a_pointer_return() => Verify("""
        using Namespaces;
        static unsafe partial class Net
        {
            [RunInNamespace(NS.Net)]
            static {|#1:int*|} M({|#0:byte* data|}) => null;
        }
        """,
        Expect(UnsupportedSignature, 0, "Net.M", "gets no generated overloads: parameter 'data' has a pointer type ('byte*'), which the struct that carries the arguments cannot hold"),
        Expect(UnsupportedSignature, 1, "Net.M", "gets no generated overloads: it returns a pointer, which cannot be the result of the runtime's generic delegate"));

    [Fact]
    public Task NS0004_is_reported_on_a_scoped_parameter() => Verify("""
        using Namespaces;
        static partial class Net
        {
            [RunInNamespace(NS.Net)]
            static int M({|#0:scoped ref int value|}) => value;
        }
        """,
        Expect(UnsupportedSignature, 0, "Net.M", "gets no generated overloads: parameter 'value' is 'scoped', so its value must not outlive the call, and carrying it to another thread would let it"));

    [Fact]
    public Task NS0004_is_reported_on_a_ref_return_and_a_ref_struct_return() => Verify("""
        using System;
        using Namespaces;
        partial class Net
        {
            private static int _value;
            private static readonly byte[] Buffer = new byte[4];

            [RunInNamespace(NS.Net)]
            static {|#0:ref int|} Value() => ref _value;

            [RunInNamespace(NS.Net)]
            static {|#1:ReadOnlySpan<byte>|} Bytes() => Buffer;
        }
        """,
        Expect(UnsupportedSignature, 0, "Net.Value", "gets no generated overloads: it returns by reference, and a reference cannot be handed back from the namespace thread's call"),
        Expect(UnsupportedSignature, 1, "Net.Bytes", "gets no generated overloads: its return type 'ReadOnlySpan<byte>' is a ref struct, which cannot be the result of the runtime's generic delegate"));

    [Fact]
    public Task NS0004_is_reported_for_an_instance_method_of_a_ref_struct() => Verify("""
        using Namespaces;
        ref partial struct Reader
        {
            [RunInNamespace(NS.Net)]
            int {|#0:Peek|}() => 0;
        }
        """,
        Expect(UnsupportedSignature, 0, "Reader.Peek", "gets no generated overloads: it is an instance method of the ref struct 'Reader', whose 'this' cannot be stored in the struct that carries the arguments"));

    [Fact]
    public Task NS0004_is_reported_for_a_local_function() => Verify("""
        using Namespaces;
        static partial class Net
        {
            static int Outer()
            {
                return Inner();

                [RunInNamespace(NS.Net)]
                static int {|#0:Inner|}() => 1;
            }
        }
        """,
        Expect(UnsupportedSignature, 0, "Net.Inner", "gets no generated overloads: it is a local function; only methods declared in a type get overloads"));

    [Fact]
    public Task NS0004_for_ref_and_out_is_informational_and_on_each_parameter() => Verify("""
        using Namespaces;
        static partial class Net
        {
            [RunInNamespace(NS.Net)]
            static void M(int a, {|#0:ref int b|}, in int c, {|#1:out string d|}) => d = "";
        }
        """,
        Expect(UnsupportedSignature, 0, "Net.M", "gets no 'MAsync' overload: parameter 'b' is 'ref', and an asynchronous call has no caller variable left to write it back to; the synchronous overload writes it back")
            .WithSeverity(DiagnosticSeverity.Info),
        Expect(UnsupportedSignature, 1, "Net.M", "gets no 'MAsync' overload: parameter 'd' is 'out', and an asynchronous call has no caller variable left to write it back to; the synchronous overload writes it back")
            .WithSeverity(DiagnosticSeverity.Info));

    [Fact]
    public Task NS0005_is_reported_when_the_type_already_has_the_synchronous_overload() => Verify("""
        using Namespaces;
        static partial class Net
        {
            [RunInNamespace(NS.Net)]
            static int {|#0:M|}(string name) => 0;

            static int M(NamespaceSet other, string text) => 1;
        }
        """,
        Expect(OverloadCollision, 0, "M(NamespaceSet, string)", "Net.M", "Net.M(NamespaceSet, string)"));

    [Fact]
    public Task NS0005_is_reported_for_the_asynchronous_overload_and_for_a_non_method_member() => Verify("""
        using System.Threading;
        using System.Threading.Tasks;
        using Namespaces;
        partial class Net
        {
            [RunInNamespace(NS.Net)]
            static int {|#0:M|}(int a) => a;

            static ValueTask<int> MAsync(NamespaceSet set, int a, CancellationToken token) => default;

            [RunInNamespace(NS.Net)]
            static void {|#1:N|}() { }

            int NAsync => 0;
        }
        """,
        Expect(OverloadCollision, 0, "MAsync(NamespaceSet, int, CancellationToken)", "Net.M", "Net.MAsync(NamespaceSet, int, CancellationToken)"),
        Expect(OverloadCollision, 1, "NAsync(NamespaceSet, CancellationToken)", "Net.N", "Net.NAsync"));

    [Fact]
    public Task NS0005_ignores_overloads_that_differ_in_parameter_types_or_generic_arity() => Verify("""
        using Namespaces;
        static partial class Net
        {
            [RunInNamespace(NS.Net)]
            static T M<T>(T value) => value;

            static T M<T, U>(NamespaceSet set, T value) => value;
            static int M(NamespaceSet set, int value) => value;
        }
        """);

    [Fact]
    public Task NS0005_sees_a_generic_overload_with_the_same_shape() => Verify("""
        using System.Collections.Generic;
        using Namespaces;
        static partial class Net
        {
            [RunInNamespace(NS.Net)]
            static T {|#0:M|}<T>(List<T> values) => values[0];

            static U M<U>(NamespaceSet set, List<U> values) => values[0];
        }
        """,
        Expect(OverloadCollision, 0, "M(NamespaceSet, List<T>)", "Net.M<T>", "Net.M<U>(NamespaceSet, List<U>)"));

    [Fact]
    public Task NS0006_is_informational_and_reported_on_the_flags() => Verify("""
        using Namespaces;
        static partial class Procs
        {
            [RunInNamespace({|#0:NS.Pid | NS.Mnt|})]
            static void Start() { }
        }
        """,
        Expect(PidNamespace, 0, "Procs.Start"));
}

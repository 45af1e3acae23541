using System.Threading.Tasks;
using Xunit;
using Verify = Namespaces.Analyzers.Tests.AnalyzerVerifier<Namespaces.Analyzers.AsyncInBodyAnalyzer>;

namespace Namespaces.Analyzers.Tests;

public class AsyncInBodyTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Threading.Tasks;
        using Namespaces;

        """;

    [Fact]
    public Task AsyncMethodAndItsAwaitAreReported() => Verify.VerifyAsync(Usings + """
        static partial class Net
        {
            [RunInNamespace(NS.Net)]
            static {|NS1001:async|} Task Body()
            {
                {|NS1001:await|} Task.Delay(1);
            }
        }
        """);

    [Fact]
    public Task AwaitForeachAndAwaitUsingAreReported() => Verify.VerifyAsync(Usings + """
        static partial class Net
        {
            [RunInNamespace(NS.Net)]
            static {|NS1001:async|} Task Body(IAsyncEnumerable<int> items, IAsyncDisposable resource, Func<IAsyncDisposable> open)
            {
                {|NS1001:await|} foreach (var item in items) { }
                {|NS1001:await|} using (resource) { }
                {|NS1001:await|} using var declared = open();
            }
        }
        """);

    [Fact]
    public Task AsyncLambdaAndAsyncLocalFunctionInASyncBodyAreReported() => Verify.VerifyAsync(Usings + """
        static partial class Net
        {
            [RunInNamespace(NS.Net)]
            static void Body(List<Func<Task>> work)
            {
                work.Add({|NS1001:async|} () => {|NS1001:await|} Task.Yield());
                Task Local() => Task.CompletedTask;
                work.Add(Local);
                {|NS1001:async|} Task LocalAsync() => {|NS1001:await|} Task.Yield();
                work.Add(LocalAsync);
            }
        }
        """);

    [Fact]
    public Task AsyncLambdaHandedToNamespaceSetDoIsReported() => Verify.VerifyAsync(Usings + """
        static class Program
        {
            static void Main()
            {
                using var set = NamespaceSet.Create(NS.Net);
                set.Do(() => { });
                Task t = set.Do<Task>({|NS1001:async|} () => {|NS1001:await|} Task.Yield());
            }
        }
        """);

    [Fact]
    public Task AwaitOutsideABodyIsNotReported() => Verify.VerifyAsync(Usings + """
        static partial class Net
        {
            [RunInNamespace(NS.Net)]
            static void Body() { }

            static async Task Ordinary()
            {
                await Task.Delay(1);
                await foreach (var x in Items()) { }
                Func<Task> f = async () => await Task.Yield();
                await f();
            }

            static async IAsyncEnumerable<int> Items()
            {
                await Task.Yield();
                yield return 1;
            }
        }
        """);

    [Fact]
    public Task SynchronousLocalFunctionsAndLambdasInABodyAreNotReported() => Verify.VerifyAsync(Usings + """
        static partial class Net
        {
            [RunInNamespace(NS.Net)]
            static int Body(List<int> values)
            {
                int Twice(int x) => 2 * x;
                values.Sort((a, b) => a.CompareTo(b));
                using var stream = new MemoryStream();
                foreach (var v in values) { stream.WriteByte((byte)Twice(v)); }
                return values.Count;
            }
        }
        """);

    [Fact]
    public Task AsyncLambdaPassedToTaskRunIsLeftToNS1002() => Verify.VerifyAsync(Usings + """
        static partial class Net
        {
            [RunInNamespace(NS.Net)]
            static void Body()
            {
                Task.Run(async () => await Task.Yield()).Wait();
            }
        }
        """);
}

using System.Threading.Tasks;
using Xunit;
using Verify = Namespaces.Analyzers.Tests.AnalyzerVerifier<Namespaces.Analyzers.ThreadHopAnalyzer>;

namespace Namespaces.Analyzers.Tests;

public class ThreadHopTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Linq;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;
        using Namespaces;

        """;

    [Fact]
    public Task TaskRunFactoryStartNewAndContinueWithAreReported() => Verify.VerifyAsync(Usings + """
        static partial class Net
        {
            [RunInNamespace(NS.Net)]
            static void Body(Task previous, TaskFactory factory)
            {
                Task.{|NS1002:Run|}(() => { });
                Task.Factory.{|NS1002:StartNew|}(() => { });
                factory.{|NS1002:StartNew|}(() => 1);
                previous.{|NS1002:ContinueWith|}(t => { });
                new Task(() => { }).{|NS1002:Start|}();
            }
        }
        """);

    [Fact]
    public Task ThreadsAndThreadPoolAreReported() => Verify.VerifyAsync(Usings + """
        static partial class Net
        {
            [RunInNamespace(NS.Net)]
            static void Body(Thread existing, WaitHandle handle)
            {
                {|NS1002:new Thread|}(() => { }).Start();
                var t = {|NS1002:new Thread|}(() => { });
                t.{|NS1002:Start|}();
                existing.{|NS1002:UnsafeStart|}();
                ThreadPool.{|NS1002:QueueUserWorkItem|}(_ => { });
                ThreadPool.{|NS1002:UnsafeQueueUserWorkItem|}(_ => { }, null);
                ThreadPool.{|NS1002:RegisterWaitForSingleObject|}(handle, (_, _) => { }, null, 10, true);
            }
        }
        """);

    [Fact]
    public Task ParallelAsParallelAndTimersAreReported() => Verify.VerifyAsync(Usings + """
        static partial class Net
        {
            [RunInNamespace(NS.Net)]
            static int Body(int[] values)
            {
                Parallel.{|NS1002:For|}(0, 10, i => { });
                Parallel.{|NS1002:Invoke|}(() => { });
                var sum = values.{|NS1002:AsParallel|}().Sum();
                using var timer = {|NS1002:new Timer|}(_ => { }, null, 0, 0);
                using var timersTimer = {|NS1002:new System.Timers.Timer|}(100);
                using var periodic = {|NS1002:new PeriodicTimer|}(TimeSpan.FromSeconds(1));
                return sum;
            }
        }
        """);

    [Fact]
    public Task SynchronizationContextPostAndTaskSchedulerApisAreReported() => Verify.VerifyAsync(Usings + """
        sealed class MyContext : SynchronizationContext
        {
            public override void Post(SendOrPostCallback d, object? state) => base.Post(d, state);
        }

        static partial class Net
        {
            [RunInNamespace(NS.Net)]
            static void Body(SynchronizationContext context, MyContext mine, TaskScheduler scheduler, Task task)
            {
                context.{|NS1002:Post|}(_ => { }, null);
                mine.{|NS1002:Post|}(_ => { }, null);
                var factory = {|NS1002:new TaskFactory|}(scheduler);
                task.{|NS1002:ContinueWith|}(_ => { }, scheduler);
                new Task(() => { }).{|NS1002:RunSynchronously|}(scheduler);
                context.Send(_ => { }, null);
            }
        }
        """);

    [Fact]
    public Task TaskRunInAnOrdinaryMethodIsNotReported() => Verify.VerifyAsync(Usings + """
        static partial class Net
        {
            [RunInNamespace(NS.Net)]
            static void Body() { }

            static async Task Ordinary(HttpClient client)
            {
                await Task.Run(() => { });
                new Thread(() => { }).Start();
                Parallel.For(0, 10, i => { });
                await client.GetStringAsync("http://localhost/");
            }
        }
        """);

    [Fact]
    public Task TaskReturningCallsAreReportedBlockingIncluded() => Verify.VerifyAsync(Usings + """
        static partial class Net
        {
            [RunInNamespace(NS.Net)]
            static string Body(HttpClient client, Stream stream, IAsyncEnumerable<int> items, IAsyncDisposable resource)
            {
                var text = client.{|NS1003:GetStringAsync|}("http://localhost/").Result;
                stream.{|NS1003:FlushAsync|}().Wait();
                client.{|NS1003:GetStringAsync|}("http://localhost/").ConfigureAwait(false).GetAwaiter().GetResult();
                Task.{|NS1003:Delay|}(10).GetAwaiter().GetResult();
                var valueTask = stream.{|NS1003:ReadAsync|}(new byte[1].AsMemory());
                var enumerator = items.GetAsyncEnumerator();
                enumerator.{|NS1003:MoveNextAsync|}().AsTask().Wait();
                resource.{|NS1003:DisposeAsync|}();
                var yielded = Task.{|NS1003:Yield|}();
                return text;
            }
        }
        """);

    [Fact]
    public Task AsyncStreamsAndCustomAwaitablesAreReported() => Verify.VerifyAsync(Usings + """
        readonly struct Later
        {
            public Awaiter GetAwaiter() => default;
            public readonly struct Awaiter : System.Runtime.CompilerServices.INotifyCompletion
            {
                public bool IsCompleted => true;
                public void GetResult() { }
                public void OnCompleted(Action continuation) => continuation();
            }
        }

        static partial class Net
        {
            static Later Soon() => default;
            static async IAsyncEnumerable<int> Stream() { await Task.Yield(); yield return 1; }

            [RunInNamespace(NS.Net)]
            static void Body()
            {
                {|NS1003:Soon|}();
                var items = {|NS1003:Stream|}();
            }
        }
        """);

    [Fact]
    public Task CompletedTasksSpanAndStringApisAreNotReported() => Verify.VerifyAsync(Usings + """
        static partial class Net
        {
            [RunInNamespace(NS.Net)]
            static Task<int> Body(string text, Task pending)
            {
                ReadOnlySpan<char> span = text.AsSpan().Trim();
                var index = span.IndexOf('x');
                var parts = string.Join(",", text.Split(' ').Select(p => p.ToUpperInvariant()).ToArray());
                pending.Wait();
                var done = pending.IsCompleted;
                _ = Task.CompletedTask;
                return Task.FromResult(index + parts.Length);
            }
        }
        """);

    [Fact]
    public Task SyncCallIntoTheSameCompilationIsNotReported() => Verify.VerifyAsync(Usings + """
        static class Helpers
        {
            public static int Count(List<int> values)
            {
                values.Sort((a, b) => b.CompareTo(a));
                return Twice(values.Count);
            }

            static int Twice(int x) => 2 * x;
        }

        static partial class Net
        {
            [RunInNamespace(NS.Net)]
            static int Body(List<int> values) => Helpers.Count(values) + new Widget().Size;
        }

        sealed class Widget
        {
            public int Size { get; } = 3;
        }
        """);

    [Fact]
    public Task HopInAHelperIsReportedAtTheCallWithItsPath() => Verify.VerifyAsync(Usings + """
        static class Helpers
        {
            public static void Helper() => Start();
            static void Start() => Task.Run(() => { });
            public static void Fetch(HttpClient client) => client.GetStringAsync("http://localhost/").Wait();
        }

        sealed class Poller
        {
            public Poller() => ThreadPool.QueueUserWorkItem(_ => { });
        }

        static partial class Net
        {
            [RunInNamespace(NS.Net)]
            static void Body(HttpClient client)
            {
                Helpers.{|#0:Helper|}();
                Helpers.{|#1:Fetch|}(client);
                var poller = {|#2:new Poller|}();
            }
        }
        """,
        Verify.Diagnostic("NS1002").WithLocation(0).WithArguments("'Task.Run'", " (via Helper \u2192 Start)"),
        Verify.Diagnostic("NS1003").WithLocation(1).WithArguments("'HttpClient.GetStringAsync' returns 'Task<string>'", " (via Fetch)"),
        Verify.Diagnostic("NS1002").WithLocation(2).WithArguments("'ThreadPool.QueueUserWorkItem'", " (via new Poller)"));

    [Fact]
    public Task PropertyAccessorsAreFollowed() => Verify.VerifyAsync(Usings + """
        sealed class Settings
        {
            public static string Remote => Fetch().Result;
            public static int Plain { get; set; }
            public int Workers { set => ThreadPool.QueueUserWorkItem(_ => { }); }
            static Task<string> Fetch() => Task.FromResult("x");
        }

        static partial class Net
        {
            [RunInNamespace(NS.Net)]
            static string Body(Settings settings)
            {
                settings.{|#1:Workers|} = 2;
                Settings.Plain = Settings.Plain + 1;
                return Settings.{|#0:Remote|};
            }
        }
        """,
        Verify.Diagnostic("NS1003").WithLocation(0).WithArguments("'Settings.Fetch' returns 'Task<string>'", " (via Remote)"),
        Verify.Diagnostic("NS1002").WithLocation(1).WithArguments("'ThreadPool.QueueUserWorkItem'", " (via Workers)"));

    [Fact]
    public Task RecursiveHelpersTerminateAndStillFindTheHop() => Verify.VerifyAsync(Usings + """
        static class Helpers
        {
            public static void Ping(int n) { if (n > 0) Pong(n - 1); }
            public static void Pong(int n) { if (n > 0) Ping(n - 1); else Ping(n); }

            public static void A(int n) { if (n > 0) B(n - 1); }
            public static void B(int n) { A(n); new Thread(() => { }).Start(); }

            public static int Self(int n) => n <= 0 ? 0 : Self(n - 1);
        }

        static partial class Net
        {
            [RunInNamespace(NS.Net)]
            static int Body()
            {
                Helpers.Ping(3);
                Helpers.{|#0:A|}(3);
                return Helpers.Self(3);
            }
        }
        """,
        Verify.Diagnostic("NS1002").WithLocation(0).WithArguments("'new Thread'", " (via A \u2192 B)"));

    [Fact]
    public Task AsyncVoidHelperIsReportedAndDeepChainsStopAtTheBound() => Verify.VerifyAsync(Usings + """
        static class Helpers
        {
            public static async void Fire() => await Task.Yield();

            public static void L1() => L2();
            static void L2() => L3();
            static void L3() => L4();
            static void L4() => L5();
            static void L5() => L6();
            static void L6() => L7();
            static void L7() => L8();
            static void L8() => L9();
            static void L9() => Task.Run(() => { });
        }

        static partial class Net
        {
            [RunInNamespace(NS.Net)]
            static void Body()
            {
                Helpers.{|#0:Fire|}();
                Helpers.L1();
            }
        }
        """,
        Verify.Diagnostic("NS1003").WithLocation(0).WithArguments("'Fire' is async void", " (via Fire)"));

    [Fact]
    public Task HelperStartingAThreadIsReportedOnceNotAgainForWhatTheThreadRuns() => Verify.VerifyAsync(Usings + """
        static class Helpers
        {
            public static void Start(HttpClient client) => Task.Run(() => client.GetStringAsync("http://localhost/"));
        }

        static partial class Net
        {
            [RunInNamespace(NS.Net)]
            static void Body(HttpClient client) => Helpers.{|#0:Start|}(client);
        }
        """,
        Verify.Diagnostic("NS1002").WithLocation(0).WithArguments("'Task.Run'", " (via Start)"));

    [Fact]
    public Task HelperThatReturnsALambdaWithoutRunningItIsNotReported() => Verify.VerifyAsync(Usings + """
        static class Helpers
        {
            public static Func<Task> Make() => () => Task.Run(() => { });
        }

        static partial class Net
        {
            [RunInNamespace(NS.Net)]
            static Func<Task> Body() => Helpers.Make();
        }
        """);

    [Fact]
    public Task CallsInADoLambdaAreReportedButNotInsideATaskRunLambda() => Verify.VerifyAsync(Usings + """
        static class Program
        {
            static void Main(HttpClient client)
            {
                using var set = NamespaceSet.Create(NS.Net);
                set.Do(() => client.{|NS1003:GetStringAsync|}("http://localhost/").Wait());
                set.Do(() => Task.{|NS1002:Run|}(() => client.GetStringAsync("http://localhost/")).Wait());
            }
        }
        """);

    [Fact]
    public Task HopsInLocalFunctionsOfABodyAreReported() => Verify.VerifyAsync(Usings + """
        static partial class Net
        {
            [RunInNamespace(NS.Net)]
            static void Body()
            {
                Local();
                void Local() => ThreadPool.{|NS1002:QueueUserWorkItem|}(_ => { });
            }
        }
        """);

    [Fact]
    public Task GeneratedCodeIsSkipped() => Verify.VerifyAsync(
        new[]
        {
            Usings + """
            static partial class Net
            {
                [RunInNamespace(NS.Net)]
                static void Body() { }
            }
            """,
            """
            // <auto-generated/>
            using System.Threading.Tasks;
            using Namespaces;

            static partial class Net
            {
                [RunInNamespace(NS.Net)]
                static void Generated() => Task.Run(() => { });
            }
            """,
        });

    [Fact]
    public Task RulesCanBeTurnedOffInEditorConfig() => Verify.VerifyWithConfigAsync(
        new[]
        {
            Usings + """
            static partial class Net
            {
                [RunInNamespace(NS.Net)]
                static void Body(HttpClient client)
                {
                    Task.Run(() => { });
                    client.{|#0:GetStringAsync|}("http://localhost/").Wait();
                }
            }
            """,
        },
        """
        root = true

        [*.cs]
        dotnet_diagnostic.NS1002.severity = none
        """,
        // Raising a severity is checked end to end in BuildOutputTests (this harness keeps the descriptor's).
        Verify.Diagnostic("NS1003").WithLocation(0).WithArguments("'HttpClient.GetStringAsync' returns 'Task<string>'", string.Empty));
}

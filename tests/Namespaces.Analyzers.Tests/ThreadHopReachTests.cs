using System.Threading.Tasks;
using Xunit;
using static Namespaces.Analyzers.Tests.SourceHeader;
using Verify = Namespaces.Analyzers.Tests.AnalyzerVerifier<Namespaces.Analyzers.ThreadHopAnalyzer>;

namespace Namespaces.Analyzers.Tests;

/// <summary>
/// What a body runs without naming it: implementations behind interfaces and virtual members, delegates whose
/// target is known, and the calls the compiler writes (constructors' field initializers, Dispose, GetEnumerator,
/// accessors, operators, conversions). Each kind positive and negative.
/// </summary>
public class ThreadHopReachTests
{
    [Fact]
    public Task CallsThroughAnInterfaceReachEveryImplementation() => Verify.VerifyAsync(Usings + """
        interface IProbe { void Run(); }
        sealed class Quiet : IProbe { public void Run() { } }
        sealed class Loud : IProbe { public void Run() => Task.Run(() => { }); }

        static partial class Net
        {
            [RunInNamespace(NS.Net)]
            static void Body(IProbe probe) => probe.{|#0:Run|}();
        }
        """,
        Verify.Diagnostic("NS1002").WithLocation(0).WithArguments("'Task.Run'", " (via IProbe.Run implemented by Loud.Run)"));

    [Fact]
    public Task CallsThroughAbstractVirtualAndOverrideMembersReachEveryOverride() => Verify.VerifyAsync(Usings + """
        abstract class Step { public abstract void Apply(); }
        class Timed : Step { public override void Apply() { } }
        sealed class Pooled : Timed { public override void Apply() => ThreadPool.QueueUserWorkItem(_ => { }); }

        class Hook { public virtual void Fire() { } }
        sealed class Signal : Hook { public override void Fire() => new Thread(() => { }).Start(); }

        static partial class Net
        {
            [RunInNamespace(NS.Net)]
            static void Body(Step step, Timed timed, Hook hook)
            {
                step.{|#0:Apply|}();
                timed.{|#1:Apply|}();
                hook.{|#2:Fire|}();
            }
        }
        """,
        Verify.Diagnostic("NS1002").WithLocation(0).WithArguments("'ThreadPool.QueueUserWorkItem'", " (via Step.Apply overridden by Pooled.Apply)"),
        Verify.Diagnostic("NS1002").WithLocation(1).WithArguments("'ThreadPool.QueueUserWorkItem'", " (via Timed.Apply overridden by Pooled.Apply)"),
        Verify.Diagnostic("NS1002").WithLocation(2).WithArguments("'new Thread'", " (via Hook.Fire overridden by Signal.Fire)"));

    [Fact]
    public Task InterfacesWhoseImplementationsStayOnTheThreadAndBaseCallsAreNotReported() => Verify.VerifyAsync(Usings + """
        interface IProbe { int Run(); }
        sealed class Quiet : IProbe { public int Run() => 1; }
        class Hook { public virtual void Fire() { } }
        sealed class Signal : Hook
        {
            public override void Fire() => new Thread(() => { }).Start();
            public void Plain() => base.Fire();
        }

        static partial class Net
        {
            [RunInNamespace(NS.Net)]
            static int Body(IProbe probe, IDisposable resource, Signal signal)
            {
                resource.Dispose();
                signal.Plain();
                return probe.Run();
            }
        }
        """);

    [Fact]
    public Task MethodGroupsInvokedThroughALocalOrAHelperAreFollowed() => Verify.VerifyAsync(Usings + """
        static class Helpers
        {
            public static void Spawn() => Task.Run(() => { });
            public static void Twice(Action action) { action(); action(); }
            public static void Local()
            {
                Action later = () => ThreadPool.QueueUserWorkItem(_ => { });
                later();
            }
        }

        static partial class Net
        {
            [RunInNamespace(NS.Net)]
            static void Body()
            {
                Action run = Helpers.{|#0:Spawn|};
                run();
                Helpers.Twice(Helpers.{|#1:Spawn|});
                Func<int> count = Count;
                count();
                Helpers.{|#2:Local|}();
            }

            static int Count() => 1;
        }
        """,
        Verify.Diagnostic("NS1002").WithLocation(0).WithArguments("'Task.Run'", " (via Spawn)"),
        Verify.Diagnostic("NS1002").WithLocation(1).WithArguments("'Task.Run'", " (via Spawn)"),
        Verify.Diagnostic("NS1002").WithLocation(2).WithArguments("'ThreadPool.QueueUserWorkItem'", " (via Local)"));

    [Fact]
    public Task MethodGroupsThatAreOnlyStoredOrHandedToAThreadAreNotFollowedAgain() => Verify.VerifyAsync(Usings + """
        static class Helpers
        {
            public static Action? Saved;
            public static void Spawn() => Task.Run(() => { });
            public static Action Make()
            {
                Action later = Spawn;
                return later;
            }
        }

        static partial class Net
        {
            [RunInNamespace(NS.Net)]
            static void Body()
            {
                Helpers.Saved = Helpers.Spawn;
                Action kept = Helpers.Spawn;
                Helpers.Make();
                {|#0:new Thread|}(Helpers.Spawn).Start();
            }
        }
        """,
        // The thread is the hop; what it runs is not reported a second time.
        Verify.Diagnostic("NS1002").WithLocation(0).WithArguments("'new Thread'", string.Empty));

    [Fact]
    public Task AConstructorRunsTheFieldInitializersOfItsType() => Verify.VerifyAsync(Usings + """
        sealed class Poller
        {
            private readonly Timer _timer = new Timer(_ => { }, null, 0, 1000);
        }

        sealed class Prober
        {
            private readonly Task _warmup = Task.Run(() => { });
            public Prober(int n) { }
            public Task Warmup { get; } = Task.Run(() => { });
        }

        class Base { private readonly Thread _worker = StartWorker(); static Thread StartWorker() { var t = new Thread(() => { }); t.Start(); return t; } }
        sealed class Derived : Base { }

        static partial class Net
        {
            [RunInNamespace(NS.Net)]
            static void Body()
            {
                var poller = {|#0:new Poller|}();
                var prober = {|#1:new Prober|}(1);
                var derived = {|#2:new Derived|}();
            }
        }
        """,
        Verify.Diagnostic("NS1002").WithLocation(0).WithArguments("'new System.Threading.Timer'", " (via new Poller)"),
        Verify.Diagnostic("NS1002").WithLocation(1).WithArguments("'Task.Run'", " (via new Prober)"),
        Verify.Diagnostic("NS1002").WithLocation(2).WithArguments("'new Thread'", " (via new Derived \u2192 new Base \u2192 StartWorker)"));

    [Fact]
    public Task ConstructorsWithHarmlessInitializersAreNotReported() => Verify.VerifyAsync(Usings + """
        sealed class Plain
        {
            private readonly List<int> _values = new List<int> { 1, 2 };
            private static readonly Task s_started = Task.Run(() => { });
            public int Count { get; } = 3;
        }

        static partial class Net
        {
            [RunInNamespace(NS.Net)]
            static int Body() => new Plain().Count;
        }
        """);

    [Fact]
    public Task TheDisposeAtTheEndOfAUsingIsFollowed() => Verify.VerifyAsync(Usings + """
        sealed class Lease : IDisposable
        {
            public void Dispose() => ThreadPool.QueueUserWorkItem(_ => { });
        }

        sealed class Quiet : IDisposable
        {
            public void Dispose() { }
        }

        static partial class Net
        {
            [RunInNamespace(NS.Net)]
            static void Body()
            {
                {|#0:using|} (var lease = new Lease()) { }
                {|#1:using|} var other = new Lease();
                using var quiet = new Quiet();
            }
        }
        """,
        Verify.Diagnostic("NS1002").WithLocation(0).WithArguments("'ThreadPool.QueueUserWorkItem'", " (via Lease.Dispose)"),
        Verify.Diagnostic("NS1002").WithLocation(1).WithArguments("'ThreadPool.QueueUserWorkItem'", " (via Lease.Dispose)"));

    [Fact]
    public Task ForeachRunsTheEnumeratorOfItsCollection() => Verify.VerifyAsync(Usings + """
        sealed class Links
        {
            public Enumerator GetEnumerator() => new Enumerator();
            public struct Enumerator
            {
                public bool MoveNext() { Task.Run(() => { }); return false; }
                public int Current => 0;
            }
        }

        static partial class Net
        {
            [RunInNamespace(NS.Net)]
            static void Body(Links links, int[] plain)
            {
                {|#0:foreach|} (var link in links) { }
                foreach (var value in plain) { }
            }
        }
        """,
        Verify.Diagnostic("NS1002").WithLocation(0).WithArguments("'Task.Run'", " (via Enumerator.MoveNext)"));

    [Fact]
    public Task UserDefinedOperatorsConversionsAndIndexersAreFollowed() => Verify.VerifyAsync(Usings + """
        readonly struct Money
        {
            public static Money operator +(Money a, Money b) { Task.Run(() => { }); return a; }
            public static Money operator -(Money a) { ThreadPool.QueueUserWorkItem(_ => { }); return a; }
            public static implicit operator decimal(Money m) { new Thread(() => { }).Start(); return 0m; }
            public static Money operator ++(Money a) { Task.Run(() => { }); return a; }
        }

        sealed class Table
        {
            public int this[int i] => Task.Run(() => i).Result;
        }

        static partial class Net
        {
            [RunInNamespace(NS.Net)]
            static decimal Body(Money a, Money b, Table table, int x, int y)
            {
                var sum = a {|#0:+|} b;
                var negated = {|#1:-|}a;
                sum{|#2:++|};
                var plain = x + y;
                var cell = {|#3:table[1]|};
                decimal value = {|#4:sum|};
                return value;
            }
        }
        """,
        Verify.Diagnostic("NS1002").WithLocation(0).WithArguments("'Task.Run'", " (via Money.op_Addition)"),
        Verify.Diagnostic("NS1002").WithLocation(1).WithArguments("'ThreadPool.QueueUserWorkItem'", " (via Money.op_UnaryNegation)"),
        Verify.Diagnostic("NS1002").WithLocation(2).WithArguments("'Task.Run'", " (via Money.op_Increment)"),
        Verify.Diagnostic("NS1002").WithLocation(3).WithArguments("'Task.Run'", " (via this[])"),
        Verify.Diagnostic("NS1002").WithLocation(4).WithArguments("'new Thread'", " (via Money.op_Implicit)"));

    [Fact]
    public Task TimersArmedWithoutConstructingOneAreReported() => Verify.VerifyAsync(Usings + """
        static partial class Net
        {
            [RunInNamespace(NS.Net)]
            static void Body(CancellationTokenSource cts, System.Timers.Timer timer, Timer threadingTimer, TaskAwaiter awaiter, ConfiguredTaskAwaitable.ConfiguredTaskAwaiter configured)
            {
                cts.{|#0:CancelAfter|}(1000);
                using var delayed = {|#1:new CancellationTokenSource|}(TimeSpan.FromSeconds(1));
                using var plain = new CancellationTokenSource();
                timer.{|#2:Start|}();
                timer.{|#3:Enabled|} = true;
                timer.Enabled = false;
                threadingTimer.{|#4:Change|}(0, 1000);
                awaiter.{|#5:OnCompleted|}(() => { });
                configured.{|#6:UnsafeOnCompleted|}(() => { });
            }
        }
        """,
        Verify.Diagnostic("NS1002").WithLocation(0).WithArguments("'CancellationTokenSource.CancelAfter' (arms a timer)", string.Empty),
        Verify.Diagnostic("NS1002").WithLocation(1).WithArguments("'new CancellationTokenSource' (with a delay, arms a timer)", string.Empty),
        Verify.Diagnostic("NS1002").WithLocation(2).WithArguments("'Timer.Start' (arms a timer)", string.Empty),
        Verify.Diagnostic("NS1002").WithLocation(3).WithArguments("'System.Timers.Timer.Enabled' (arms a timer)", string.Empty),
        Verify.Diagnostic("NS1002").WithLocation(4).WithArguments("'Timer.Change' (arms a timer)", string.Empty),
        Verify.Diagnostic("NS1002").WithLocation(5).WithArguments("'TaskAwaiter.OnCompleted' (schedules a continuation)", string.Empty),
        Verify.Diagnostic("NS1002").WithLocation(6).WithArguments("'ConfiguredTaskAwaiter.UnsafeOnCompleted' (schedules a continuation)", string.Empty));

    [Fact]
    public Task HttpClientSendIsReportedThoughItIsSynchronous() => Verify.VerifyAsync(Usings + """
        static partial class Net
        {
            [RunInNamespace(NS.Net)]
            static HttpResponseMessage Body(HttpClient client, HttpMessageInvoker invoker, HttpRequestMessage request)
            {
                invoker.{|#1:Send|}(request, CancellationToken.None);
                return client.{|#0:Send|}(request);
            }

            static HttpResponseMessage Outside(HttpClient client, HttpRequestMessage request) => client.Send(request);
        }
        """,
        Verify.Diagnostic("NS1002").WithLocation(0).WithArguments("'HttpClient.Send' (connects on thread-pool threads)", string.Empty),
        Verify.Diagnostic("NS1002").WithLocation(1).WithArguments("'HttpMessageInvoker.Send' (connects on thread-pool threads)", string.Empty));

    [Fact]
    public Task AnAwaitedCallIsReportedOnceByNS1001NotAgainAsNS1003() => Verify.VerifyAsync(Usings + """
        static partial class Net
        {
            [RunInNamespace(NS.Net)]
            static async Task Body(HttpClient client, IAsyncEnumerable<int> items, Stream stream)
            {
                await Task.Delay(1);
                await Task.Delay(1).ConfigureAwait(false);
                var text = await client.GetStringAsync("http://localhost/");
                await foreach (var item in Numbers()) { }
                await using (var copy = Open()) { }
                var pending = Task.{|#0:Delay|}(1);
                await pending;
            }

            static async IAsyncEnumerable<int> Numbers() { await Task.Yield(); yield return 1; }
            static IAsyncDisposable Open() => new MemoryStream();
        }
        """,
        // Only the task kept in a local, then awaited, is NS1003's: its continuation may be anywhere by then.
        Verify.Diagnostic("NS1003").WithLocation(0).WithArguments("'Task.Delay' returns 'Task'", string.Empty));

    [Fact]
    public Task DispatchThatCallsBackIntoItselfEndsAndGenericInterfacesAreFollowed() => Verify.VerifyAsync(Usings + """
        interface INode { void Visit(INode next); }
        sealed class Loop : INode { public void Visit(INode next) => next.Visit(this); }
        sealed class Echo : INode { public void Visit(INode next) => next.Visit(next); }

        interface IHandler<T> { void Handle(T item); }
        sealed class Queued : IHandler<int> { public void Handle(int item) => ThreadPool.QueueUserWorkItem(_ => { }); }

        static partial class Net
        {
            [RunInNamespace(NS.Net)]
            static void Body(INode node, IHandler<int> handler, IHandler<string> other)
            {
                node.Visit(node);
                handler.{|#0:Handle|}(1);
                other.Handle("x");
            }
        }
        """,
        // Queued implements IHandler<int> only: a call through IHandler<string> cannot reach it.
        Verify.Diagnostic("NS1002").WithLocation(0).WithArguments("'ThreadPool.QueueUserWorkItem'", " (via IHandler.Handle implemented by Queued.Handle)"));
}

using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Namespaces.Testing;
using Namespaces.Tests.Support;
using Xunit;

namespace Namespaces.Tests;

/// <summary>Generated overloads dispatch onto namespace threads: results, exceptions, nesting, cancellation, disposal.</summary>
public sealed class DispatchTests
{
    public DispatchTests() => Kernel.RequireRoot();

    [Fact]
    public async Task SyncAndAsync_RunInTheSetsNamespace_AndAsyncContinuesAtHome()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.Net);
        string home = Kernel.ProcessNs("net");

        Assert.Equal(set.Id(NS.Net), Bodies.NetNamespace(set));
        Assert.Equal(set.Id(NS.Net), await Bodies.NetNamespaceAsync(set));
        Assert.Equal(home, Kernel.ThreadNs("net"));
        Assert.DoesNotMatch("^ns ", Kernel.ThreadName(CurrentTid()));
    }

    [Fact]
    public void Sync_Exception_KeepsTheOriginalStack_AndTheThreadServesTheNextCall()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.Net);

        var error = Assert.Throws<InvalidOperationException>(() => Bodies.Throw(set, "sync"));

        Assert.Equal("sync", error.Message);
        Assert.Contains("Bodies.Throw(String message)", error.StackTrace);
        Assert.Equal(7, Bodies.Echo(set, 7));
    }

    [Fact]
    public async Task Async_Exception_KeepsTheOriginalStack()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.Net);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await Bodies.ThrowAsync(set, "async"));

        Assert.Equal("async", error.Message);
        Assert.Contains("Bodies.Throw(String message)", error.StackTrace);
    }

    [Fact]
    public void Nested_OnTheSameSet_RunsInline()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.Net | NS.Uts);

        (int outer, int inner) = Bodies.Nested(set, set);

        Assert.Equal(outer, inner);
    }

    [Fact]
    public void SetChecks_NameTheMethodAndWhatIsMissing()
    {
        using NamespaceSet uts = NamespaceSet.Create(NS.Uts);
        NamespaceSet disposed = NamespaceSet.Create(NS.Net);
        disposed.Dispose();

        Assert.Equal("set", Assert.Throws<ArgumentNullException>(() => Bodies.Echo(null!, 1)).ParamName);
        var missing = Assert.Throws<MissingNamespaceException>(() => Bodies.Echo(uts, 1));
        Assert.Contains("Bodies.Echo", missing.Message);
        Assert.Contains("net namespace", missing.Message);
        Assert.Throws<ObjectDisposedException>(() => Bodies.Echo(disposed, 1));
        Assert.Throws<ObjectDisposedException>(() => Bodies.EchoAsync(disposed, 1));
    }

    [Fact]
    public async Task Cancellation_AnItemNotYetStartedNeverRuns()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.Net);
        using var started = new ManualResetEventSlim();
        using var gate = new ManualResetEventSlim();
        using var cancel = new CancellationTokenSource();
        var counter = new StrongBox<int>();

        ValueTask blocker = Bodies.BlockAsync(set, started, gate);
        Assert.True(started.Wait(TimeSpan.FromSeconds(10)), "the blocking body never started");
        ValueTask queued = Bodies.CountAsync(set, counter, cancel.Token);
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await queued);
        gate.Set();
        await blocker;
        Bodies.Count(set, counter); // runs after the canceled item would have: the queue is drained
        Assert.Equal(1, counter.Value);
    }

    [Fact]
    public async Task Cancellation_AnAlreadyCanceledTokenNeverQueues()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.Net);
        var counter = new StrongBox<int>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await Bodies.CountAsync(set, counter, new CancellationToken(true)));

        Bodies.Count(set, counter);
        Assert.Equal(1, counter.Value);
    }

    [Fact]
    public async Task OneCallersAsyncCalls_RunInTheOrderTheyWereMade_WhateverPathEachTook()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.Net);
        var log = new ConcurrentQueue<int>();
        for (int round = 0; round < 50; round++)
        {
            using var started = new ManualResetEventSlim();
            using var gate = new ManualResetEventSlim();
            ValueTask blocker = Bodies.BlockAsync(set, started, gate);
            Assert.True(started.Wait(TimeSpan.FromSeconds(10)));
            // The first call finds the thread's one-item mailbox empty, the rest find it full and queue.
            ValueTask[] calls = Enumerable.Range(round * 10, 10).Select(i => Bodies.AppendAsync(set, log, i)).ToArray();
            gate.Set();
            await blocker;
            foreach (ValueTask call in calls)
            {
                await call;
            }
        }

        Assert.Equal(Enumerable.Range(0, 500), log);
    }

    [Fact]
    public async Task Dispose_FailsQueuedWork_AbandonsABodyThatDoesNotReturn_AndItsThreadEndsLater()
    {
        NamespaceSet set = NamespaceSet.Create(NS.Net);
        set.DisposeTimeout = TimeSpan.FromMilliseconds(200);
        using var started = new ManualResetEventSlim();
        using var gate = new ManualResetEventSlim();
        var counter = new StrongBox<int>();
        ValueTask blocker = Bodies.BlockAsync(set, started, gate);
        Assert.True(started.Wait(TimeSpan.FromSeconds(10)));
        string net = set.Id(NS.Net);
        ValueTask[] queued = Enumerable.Range(0, 3).Select(_ => Bodies.CountAsync(set, counter)).ToArray();

        var watch = Stopwatch.StartNew();
        set.Dispose();
        watch.Stop();

        Assert.True(ThreadsIn(net) == 1, "the blocked body's thread should still be inside, abandoned");
        foreach (ValueTask pending in queued)
        {
            await Assert.ThrowsAsync<ObjectDisposedException>(async () => await pending);
        }

        Assert.Equal(0, counter.Value);
        gate.Set();
        await blocker; // the abandoned body still completes its caller
        Assert.True(SpinWait.SpinUntil(() => ThreadsIn(net) == 0, TimeSpan.FromSeconds(10)), "the abandoned thread did not end after its body returned");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), "Dispose waited far beyond its timeout"); // a hang check, not a timing target
    }

    [Fact]
    public void ManyCallers_AllGetTheirOwnResults_WithSeveralThreadsPerSet()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.Net);
        set.Concurrency = 3;
        var threads = new ConcurrentDictionary<int, bool>();
        int running = 0, most = 0;

        Parallel.For(0, 20_000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            Assert.Equal(i, Bodies.Echo(set, i));
            threads[set.Do(() =>
            {
                int now = Interlocked.Increment(ref running);
                InterlockedMax(ref most, now);
                Thread.SpinWait(200);
                Interlocked.Decrement(ref running);
                return Environment.CurrentManagedThreadId;
            })] = true;
        });

        // Concurrency bounds how many bodies of the set run at once, not which of the shared threads run them.
        Assert.InRange(most, 1, 3);
        Assert.InRange(threads.Count, 1, Namespaces.Threading.Tunables.MaxThreads);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen = Volatile.Read(ref target);
        while (value > seen && Interlocked.CompareExchange(ref target, value, seen) is int now && now != seen)
        {
            seen = now;
        }
    }

    /// <summary>How many threads of this process stand in the network namespace <paramref name="net"/>.</summary>
    private static int ThreadsIn(string net) => Kernel.ThreadNamespaces().Values.Count(links => links.Contains(" net=" + net + " ", StringComparison.Ordinal));

    private static int CurrentTid() => int.Parse(System.IO.Path.GetFileName(Kernel.Link("/proc/thread-self")), System.Globalization.CultureInfo.InvariantCulture);
}

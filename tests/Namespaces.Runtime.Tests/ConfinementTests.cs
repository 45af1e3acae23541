using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Namespaces.Testing;
using Namespaces.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Namespaces.Tests;

/// <summary>
/// Namespace threads keep their namespaces to themselves: after heavy sync and async use, including while the
/// thread pool grows, no other thread of the process stands in a foreign namespace, every async continuation
/// ran at home, and the steady state allocates nothing.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class ConfinementTests(ITestOutputHelper output)
{
    [Fact]
    public async Task HundredThousandCalls_FromPoolThreads_AcrossEightSets_WhileThePoolGrows_LeaveNoForeignThread()
    {
        Kernel.RequireRoot();
        string home = Kernel.ProcessNs("net");
        NamespaceSet[] sets = Enumerable.Range(0, 8).Select(i => NamespaceSet.Create(NS.Net)).ToArray();
        try
        {
            for (int i = 0; i < sets.Length; i++)
            {
                sets[i].Concurrency = 1 + i % 2;
            }

            string[] ids = sets.Select(s => s.Id(NS.Net)).ToArray();
            int wrongResults = 0, continuationsAway = 0;

            // Phase 1: 50,000 synchronous calls from pool threads.
            Parallel.For(0, 50_000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
            {
                if (Bodies.Echo(sets[i % 8], i) != i)
                {
                    Interlocked.Increment(ref wrongResults);
                }
            });

            // Phase 2: 50,000 async calls while the pool is forced to grow: raise its minimum so it creates
            // workers on demand, and keep them busy so continuations need new ones.
            ThreadPool.GetMinThreads(out int minWorkers, out int minIo);
            int poolBefore = ThreadPool.ThreadCount;
            ThreadPool.SetMinThreads(Math.Max(minWorkers, 48), minIo);
            try
            {
                Task[] blockers = Enumerable.Range(0, 24).Select(_ => Task.Run(() => Thread.Sleep(300))).ToArray();
                Task[] callers = Enumerable.Range(0, 64).Select(c => Task.Run(async () =>
                {
                    for (int k = 0; k < 50_000 / 64 + 1; k++)
                    {
                        int set = (c + k) % 8;
                        string inside = await Bodies.NetNamespaceAsync(sets[set]);
                        if (inside != ids[set])
                        {
                            Interlocked.Increment(ref wrongResults);
                        }

                        if (Kernel.ThreadNs("net") != home)
                        {
                            Interlocked.Increment(ref continuationsAway);
                        }
                    }
                })).ToArray();
                await Task.WhenAll(callers.Concat(blockers));
                output.WriteLine($"thread pool: {poolBefore} -> {ThreadPool.ThreadCount} threads");
                Assert.True(ThreadPool.ThreadCount > poolBefore, "the pool did not grow, so this phase proved nothing");
            }
            finally
            {
                ThreadPool.SetMinThreads(minWorkers, minIo);
            }

            Assert.Equal(0, wrongResults);
            Assert.Equal(0, continuationsAway);
            Assert.Empty(ThreadAudit.ForeignThreads());
        }
        finally
        {
            foreach (NamespaceSet set in sets)
            {
                set.Dispose();
            }
        }
        Assert.Empty(ThreadAudit.ForeignThreads());
        WorkerThreads.AssertAllHomeAndBounded();
    }

    [Fact]
    public void SyncCalls_AllocateNothing_OnTheCallerOrOnTheNamespaceThread()
    {
        Kernel.RequireRoot();
        using NamespaceSet set = NamespaceSet.Create(NS.Net);
        for (int i = 0; i < 1_000; i++)
        {
            Bodies.Echo(set, i);
        }

        // Namespace threads are shared with the other tests running at the same time: measure a round during which
        // one thread served this set from start to end (the first such round, out of up to ten).
        for (int round = 0; ; round++)
        {
            (int threadBefore, long namespaceThreadBefore) = set.Do(() => (Environment.CurrentManagedThreadId, GC.GetAllocatedBytesForCurrentThread()));
            long callerBefore = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10_000; i++)
            {
                Bodies.Echo(set, i);
            }

            long callerAfter = GC.GetAllocatedBytesForCurrentThread();
            (int threadAfter, long namespaceThreadAfter) = set.Do(() => (Environment.CurrentManagedThreadId, GC.GetAllocatedBytesForCurrentThread()));
            Assert.Equal(0, callerAfter - callerBefore);
            if (threadAfter == threadBefore)
            {
                Assert.Equal(0, namespaceThreadAfter - namespaceThreadBefore);
                break;
            }

            Assert.True(round < 10, "ten rounds in a row were served by more than one namespace thread: the set's thread is not kept");
        }
    }

    [Fact]
    public async Task AsyncCalls_AllocateNothingPerCall()
    {
        Kernel.RequireRoot();
        using NamespaceSet set = NamespaceSet.Create(NS.Net);
        await Calls(set, 1_000);

        long before = GC.GetTotalAllocatedBytes(precise: true);
        await Calls(set, 100_000);
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        // Any per-call allocation would be at least 24 bytes a call (2.4 MB); a few KB of one-off state is allowed.
        output.WriteLine($"{allocated} bytes for 100,000 async calls");
        Assert.True(allocated < 100_000, $"{allocated} bytes for 100,000 async calls");

        static async Task Calls(NamespaceSet set, int count)
        {
            for (int i = 0; i < count; i++)
            {
                await Bodies.EchoAsync(set, i);
            }
        }
    }

    [Fact]
    public void DisposingAHundredSets_SendsEveryThreadHome_AndNothingHoldsTheirNamespaces()
    {
        Kernel.RequireRoot();
        NamespaceSet[] sets = Enumerable.Range(0, 100).Select(_ => NamespaceSet.Create(NS.Net)).ToArray();
        string[] ids = sets.Select(s => s.Id(NS.Net)).ToArray();
        int threadsBefore = WorkerThreads.Count();
        var served = new HashSet<int>();
        foreach (NamespaceSet set in sets)
        {
            served.Add(Bodies.ThreadId(set));
        }

        // One caller, one call at a time: the hundred sets share one or two threads, they do not get one each.
        Assert.InRange(served.Count, 1, 2);
        Assert.InRange(WorkerThreads.Count(), 1, Math.Max(threadsBefore, 1) + 1);

        foreach (NamespaceSet set in sets)
        {
            set.Dispose();
        }

        WorkerThreads.AssertAllHomeAndBounded();
        // No thread of the process stands in any of the hundred network namespaces any more.
        Assert.DoesNotContain(Kernel.ThreadNamespaces().Values, links => ids.Any(id => links.Contains("net=" + id + " ", StringComparison.Ordinal)));
    }

    /// <summary>Threads the kernel lists under the names namespace threads get ("ns net", ...).</summary>
    private static int NamespaceThreadCount() => Kernel.ThreadNamespaces().Keys.Count(tid => Kernel.ThreadName(tid).StartsWith("ns ", StringComparison.Ordinal));
}

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Namespaces.CompilerServices;
using Namespaces.Reliability.Tests.Support;
using Namespaces.Testing;
using Xunit;

namespace Namespaces.Reliability.Tests;

/// <summary>
/// Dispose while calls are in flight, twice at once, from inside a body, and every member used after it, from many
/// threads: only results or <see cref="ObjectDisposedException"/>, no hang, nothing left behind.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class DisposeRaceTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    [Fact]
    public Task Dispose_ConcurrentWithSyncAndAsyncCalls_AndTwiceAtOnce() =>
        Figures.RunAsync("Dispose races", "Dispose during sync and async calls, twice at once", async scenario =>
        {
            Kernel.RequireRoot();
            const int rounds = 200;
            long results = 0, refused = 0, wrong = 0, concurrentDisposes = 0;
            var unexpected = new ConcurrentQueue<string>();

            async Task Round(int round)
            {
                NamespaceSet set = NamespaceSet.Create(NS.Net | NS.Uts);
                set.Concurrency = 1 + round % 4;
                ulong net = ProcFs.InodeOf(set.Id(NS.Net));
                long before = Interlocked.Read(ref results);
                int disposeAfter = 10 + round % 40; // results seen before Dispose: a different moment each round

                void Outcome(Func<Stamp> call, long token, bool uts)
                {
                    Stamp stamp = call();
                    bool right = stamp.Net == net && stamp.Value == (uts ? Bodies.NetUtsValue(token) : Bodies.NetValue(token));
                    Interlocked.Increment(ref right ? ref results : ref wrong);
                }

                bool Failed(Exception e)
                {
                    if (e is ObjectDisposedException)
                    {
                        Interlocked.Increment(ref refused);
                        return true;
                    }
                    unexpected.Enqueue($"round {round}: {e.GetType().Name}: {e.Message}");
                    return true;
                }

                Task SyncCaller(int caller) => Dedicated.Run(() =>
                {
                    for (long i = 0; ; i++)
                    {
                        long token = caller * 1_000_000L + i;
                        try
                        {
                            if (i % 3 == 2)
                            {
                                Outcome(() => set.Do(() => Bodies.InNetUts(token)), token, uts: true);
                            }
                            else
                            {
                                Outcome(() => i % 2 == 0 ? Bodies.InNet(set, token) : Bodies.InNetUts(set, token), token, uts: i % 2 == 1);
                            }
                        }
                        catch (Exception e) when (Failed(e))
                        {
                            return;
                        }
                    }
                });

                async Task AsyncCaller(int caller)
                {
                    await Task.Yield();
                    for (long i = 0; ; i++)
                    {
                        long token = caller * 1_000_000L + i;
                        try
                        {
                            Stamp stamp = i % 2 == 0 ? await Bodies.InNetAsync(set, token) : await Bodies.InNetUtsAsync(set, token);
                            Outcome(() => stamp, token, uts: i % 2 == 1);
                        }
                        catch (Exception e) when (Failed(e))
                        {
                            return;
                        }
                    }
                }

                var callers = new List<Task>();
                for (int c = 0; c < 3; c++)
                {
                    callers.Add(SyncCaller(c));
                }

                for (int c = 3; c < 6; c++)
                {
                    int caller = c;
                    callers.Add(Task.Run(() => AsyncCaller(caller)));
                }
                Assert.True(Leaks.SpinUntil(() => Interlocked.Read(ref results) - before >= disposeAfter || callers.Any(t => t.IsCompleted), HangGuard), "no call completed");
                // Two Disposes at once, while the concurrency is raised (groups grow on their next call).
                using var start = new Barrier(3);
                Task[] disposers =
                [
                    Dedicated.Run(() => { start.SignalAndWait(); set.Dispose(); }),
                    Dedicated.Run(() => { start.SignalAndWait(); set.Dispose(); }),
                    Dedicated.Run(() => { start.SignalAndWait(); set.Concurrency = 4; }),
                ];
                Interlocked.Add(ref concurrentDisposes, 2);
                Task all = Task.WhenAll(callers.Concat(disposers));
                if (await Task.WhenAny(all, Task.Delay(HangGuard)) != all)
                {
                    Assert.Fail($"round {round}: a caller or a Dispose hung: {callers.Count(t => !t.IsCompleted)} callers and {disposers.Count(t => !t.IsCompleted)} disposers still running");
                }

                await all;
                Assert.True(set.IsDisposed);
            }

            await LoadTests.WarmUp();
            await Round(0);
            (results, refused, wrong) = (0, 0, 0);
            concurrentDisposes = 0;
            ResourceSnapshot before = ResourceSnapshot.Baseline();
            for (int round = 1; round <= rounds; round++)
            {
                await Round(round);
            }

            scenario.Cycles = rounds;
            scenario.Calls = results + refused + wrong;
            scenario.Work = $"{rounds} rounds: 3 sync callers (generated and Do) and 3 async callers on a Net|Uts set of 1–4 threads; after 10–49 results two threads Dispose at once while a third raises Concurrency; every caller runs until refused";
            scenario.Info("results / ObjectDisposedException / wrong results / other exceptions", $"{results} / {refused} / {wrong} / {unexpected.Count}");
            scenario.Info("Dispose calls made two at a time", concurrentDisposes.ToString(CultureInfo.InvariantCulture));
            Leaks.AssertNoneLeft(scenario, before, Leaks.HeapBound, andThen: () =>
            {
                Assert.True(unexpected.IsEmpty, "exceptions other than ObjectDisposedException: " + string.Join(" | ", unexpected.Take(5)));
                Assert.Equal(0, wrong);
                Assert.Equal(6L * rounds, refused); // every caller ended with one
            });
        });

    [Fact]
    public void EveryMember_AfterDispose_FromManyThreads_ThrowsObjectDisposedException() => Figures.Run("Dispose races", "every member after Dispose, from 32 threads", scenario =>
    {
        Kernel.RequireRoot();
        using var directory = new TempDirectory(ProcFs.TempPrefix);
        LoadTests.WarmUp().GetAwaiter().GetResult();
        ResourceSnapshot before = ResourceSnapshot.Baseline();
        NamespaceSet set = NamespaceSet.Create(NS.Net | NS.Uts);
        Bodies.InNet(set, 1); // threads exist, then go
        set.Dispose();

        (string Name, Action Use)[] members =
        [
            ("Do(Action)", () => set.Do(() => { })),
            ("Do<T>(Func<T>)", () => set.Do(() => 1)),
            ("DoRaw", () => set.DoRaw(() => true, restore: true)),
            ("Dup()", () => set.Dup().Dispose()),
            ("Dup(Net)", () => set.Dup(NS.Net).Dispose()),
            ("Fds()", () => set.Fds().Dispose()),
            ("Id(Net)", () => set.Id(NS.Net)),
            ("Unshare(Uts)", () => set.Unshare(NS.Uts).Dispose()),
            ("Mount(dir)", () => set.Mount(directory.Path)),
            ("MountNS(Net, file)", () => set.MountNS(NS.Net, directory.Combine("net"))),
            ("NamedNetns.Add", () => NamedNetns.Add(set, "never-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture))),
            ("generated sync", () => Bodies.InNet(set, 1)),
            ("generated async", () => Bodies.InNetAsync(set, 1).AsTask().GetAwaiter().GetResult()),
            ("NamespaceDispatch.Invoke", () =>
            {
                int state = 0;
                NamespaceDispatch.Invoke(set, NS.Net, "Test.Invoke", ref state, static (ref int s) => s++);
            }),
            ("NamespaceDispatch.InvokeAsync", () => NamespaceDispatch.InvokeAsync(set, NS.Net, "Test.InvokeAsync", 0, static (ref int s) => s, default).AsTask().GetAwaiter().GetResult()),
            ("NamespacePool.Put", () =>
            {
                using var pool = new NamespacePool(NS.Net | NS.Uts);
                pool.Put(set);
            }),
        ];
        const int threads = 32;
        var counts = new ConcurrentDictionary<string, int>();
        var wrong = new ConcurrentQueue<string>();
        using var start = new Barrier(threads);
        Task[] workers = Enumerable.Range(0, threads).Select(t => Dedicated.Run(() =>
        {
            start.SignalAndWait();
            for (int i = 0; i < members.Length; i++)
            {
                (string name, Action use) = members[(i + t) % members.Length];
                try
                {
                    use();
                    wrong.Enqueue(name + ": no exception");
                }
                catch (ObjectDisposedException)
                {
                    counts.AddOrUpdate(name, 1, (_, n) => n + 1);
                }
                catch (Exception e)
                {
                    wrong.Enqueue($"{name}: {e.GetType().Name}: {e.Message}");
                }
                set.Dispose(); // and again, from every thread
                _ = set.Contains(NS.Net) && set.IsDisposed && set.Flags == (NS.Net | NS.Uts) && set.ToString().Length > 0;
            }
        })).ToArray();
        Assert.True(Task.WaitAll(workers, HangGuard), "a member hung after Dispose");

        foreach ((string name, _) in members)
        {
            scenario.Input($"{name} after Dispose (×{threads} threads)", "ObjectDisposedException", $"ObjectDisposedException ×{counts.GetValueOrDefault(name)}", counts.GetValueOrDefault(name) == threads);
        }

        scenario.Calls = threads * 7L; // the members that dispatch: Do ×2, DoRaw, generated sync and async, Invoke, InvokeAsync
        scenario.Work = $"{threads} threads each call {members.Length} members of a disposed set (and Dispose it again after each)";
        Leaks.AssertNoneLeft(scenario, before, Leaks.HeapBound, andThen: () =>
        {
            Assert.True(wrong.IsEmpty, string.Join(" | ", wrong.Take(8)));
            Assert.All(members, m => Assert.Equal(threads, counts.GetValueOrDefault(m.Name)));
            Assert.Empty(Directory.GetFileSystemEntries(directory.Path));
        });
    });

    [Fact]
    public void Dispose_FromInsideABody_WhileOthersCall() => Figures.Run("Dispose races", "Dispose from inside a body", scenario =>
    {
        Kernel.RequireRoot();
        const int rounds = 100;
        int returned = 0, refused = 0;
        var unexpected = new ConcurrentQueue<string>();
        void Round()
        {
            NamespaceSet set = NamespaceSet.Create(NS.Net);
            set.Concurrency = 2;
            ulong net = ProcFs.InodeOf(set.Id(NS.Net));
            Task[] others = Enumerable.Range(0, 2).Select(c => Dedicated.Run(() =>
            {
                try
                {
                    while (true)
                    {
                        Bodies.InNet(set, c);
                    }
                }
                catch (ObjectDisposedException)
                {
                    Interlocked.Increment(ref refused);
                }
                catch (Exception e)
                {
                    unexpected.Enqueue(e.GetType().Name + ": " + e.Message);
                }
            })).ToArray();
            returned += Bodies.DisposeFromInside(set, set) == net ? 1 : 0;
            Assert.True(Task.WaitAll(others, HangGuard), "a caller hung after a body disposed its set");
            Assert.True(set.IsDisposed);
        }
        LoadTests.WarmUp().GetAwaiter().GetResult();
        Round();
        (returned, refused) = (0, 0);
        ResourceSnapshot before = ResourceSnapshot.Baseline();
        for (int round = 0; round < rounds; round++)
        {
            Round();
        }

        scenario.Cycles = rounds;
        scenario.Calls = rounds + refused;
        scenario.Work = $"{rounds} rounds: a body disposes its own set (Concurrency 2) while two callers keep calling";
        scenario.Info("bodies that returned after disposing their set / callers refused", $"{returned} / {refused}");
        Leaks.AssertNoneLeft(scenario, before, Leaks.HeapBound, andThen: () =>
        {
            Assert.True(unexpected.IsEmpty, string.Join(" | ", unexpected.Take(5)));
            Assert.Equal(rounds, returned);
            Assert.Equal(2 * rounds, refused);
        });
    });

    [Fact]
    public void Dispose_ConcurrentWithDupFdsIdAndUnshare_OfAPidSet_EveryCopyKeepsTheNamespacesInit() => Figures.Run("Dispose races", "Dispose during Dup/Fds/Id/Unshare of a Pid set", scenario =>
    {
        Kernel.RequireRoot();
        const int rounds = 300;
        int copies = 0, copiesWithoutInit = 0, fdSets = 0, ids = 0, refused = 0, racing = 0;
        var unexpected = new ConcurrentQueue<string>();
        var examples = new List<string>();

        void Round(int round)
        {
            NamespaceSet set = NamespaceSet.Create(NS.Pid | NS.Net);
            long progress = 0;
            // The copying thread keeps only its latest copy, disposing it before making the next (as a user who
            // dups, uses and disposes would): so the set's Dispose may drop the last reference to the init.
            NamespaceSet? latest = null;
            Func<NamespaceSet> copy = round % 2 == 0 ? () => set.Dup() : () => set.Unshare(NS.Net); // Unshare keeps the set's pid namespace
            Task[] users =
            [
                Dedicated.Run(() => Use(() =>
                {
                    latest?.Dispose();
                    latest = null;
                    latest = copy();
                    Interlocked.Increment(ref copies);
                    if (set.IsDisposed)
                    {
                        // This copy was made while Dispose ran: keep it, and look at its init below.
                        Interlocked.Increment(ref racing);
                        throw new RacedException();
                    }
                })),
                Dedicated.Run(() => Use(() => { set.Fds().Dispose(); Interlocked.Increment(ref fdSets); })),
                Dedicated.Run(() => Use(() => { _ = set.Id(NS.Pid); Interlocked.Increment(ref ids); })),
            ];
            void Use(Action use)
            {
                try
                {
                    while (true)
                    {
                        use();
                        Interlocked.Increment(ref progress);
                    }
                }
                catch (ObjectDisposedException)
                {
                    Interlocked.Increment(ref refused);
                }
                catch (RacedException)
                {
                }
                catch (Exception e)
                {
                    unexpected.Enqueue($"round {round}: {e.GetType().Name}: {e.Message}");
                }
            }
            long disposeAfter = 4 + round % 16;
            Assert.True(Leaks.SpinUntil(() => Interlocked.Read(ref progress) >= disposeAfter || users.Any(u => u.IsCompleted), HangGuard));
            set.Dispose();
            Assert.True(Task.WaitAll(users, HangGuard), "Dup/Fds/Id/Unshare hung during Dispose");

            // A copy made while Dispose ran holds the pid namespace, so its init must still be alive: a living child of ours in it.
            if (latest is not null)
            {
                string pidNs = latest.Id(NS.Pid);
                bool initAlive = Kernel.Children().Any(c => c.State != 'Z' && Kernel.TryLink($"/proc/{c.Pid}/ns/pid") == pidNs);
                if (!initAlive)
                {
                    copiesWithoutInit++;
                    if (examples.Count < 3)
                    {
                        examples.Add($"round {round}: a copy made by {(round % 2 == 0 ? "Dup" : "Unshare(Net)")} outlived the set, but the init of its pid namespace {pidNs} is gone");
                    }
                }
                latest.Dispose();
            }
        }

        LoadTests.WarmUp().GetAwaiter().GetResult();
        Round(0);
        (copies, copiesWithoutInit, fdSets, ids, refused, racing) = (0, 0, 0, 0, 0, 0);
        examples.Clear();
        ResourceSnapshot before = ResourceSnapshot.Baseline();
        for (int round = 1; round <= rounds; round++)
        {
            Round(round);
        }

        scenario.Cycles = rounds;
        scenario.Calls = 0; // no dispatch: the copies, Fds and Id calls are counted below
        scenario.Work = $"{rounds} rounds: three threads copy (Dup in even rounds, Unshare(Net) in odd ones, keeping only the latest copy), Fds and Id a Pid|Net set until Dispose (after 4–19 of them) refuses them";
        scenario.Info("copies (Dup, Unshare) / Fds / Id / refused", $"{copies} / {fdSets} / {ids} / {refused}");
        scenario.Info("copies made while Dispose ran (kept and checked)", racing.ToString(CultureInfo.InvariantCulture));
        scenario.Check("copies made during Dispose whose pid namespace lost its init", 0, copiesWithoutInit, copiesWithoutInit > 0, string.Join("; ", examples));
        Leaks.AssertNoneLeft(scenario, before, Leaks.HeapBound, andThen: () =>
        {
            Assert.True(unexpected.IsEmpty, string.Join(" | ", unexpected.Take(5)));
            Assert.Equal(3 * rounds, refused + racing); // every user ended refused, or kept a copy made during Dispose
            Assert.True(copiesWithoutInit == 0, $"{copiesWithoutInit} of {racing} copies of a pid set outlived the set while their namespace's init had been killed: " + string.Join("; ", examples));
        });
    });

    [Fact]
    public void ThreadAudit_WhileNamespaceThreadsStartAndEnd_ReportsNoThreadOfTheLibrary() => Figures.Run("Dispose races", "ThreadAudit while threads start and end", scenario =>
    {
        Kernel.RequireRoot();
        const int cycles = 1_000;
        LoadTests.WarmUp().GetAwaiter().GetResult();
        ResourceSnapshot before = ResourceSnapshot.Baseline();
        int afterCreate = 0, afterDispose = 0, concurrent = 0, audits = 0;
        var examples = new List<string>();
        using var stop = new CancellationTokenSource();
        Task auditor = Dedicated.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                IReadOnlyList<ForeignThread> found = ThreadAudit.ForeignThreads();
                audits++;
                concurrent += found.Count;
                lock (examples)
                {
                    if (found.Count > 0 && examples.Count < 6)
                    {
                        examples.Add("concurrent: " + string.Join("; ", found));
                    }
                }
            }
        });
        for (int i = 0; i < cycles; i++)
        {
            using (NamespaceSet set = NamespaceSet.Create(NS.Net | NS.Mnt)) // the creating thread cannot go back home: it ends
            {
                IReadOnlyList<ForeignThread> found = ThreadAudit.ForeignThreads();
                afterCreate += found.Count;
                lock (examples)
                {
                    if (found.Count > 0 && examples.Count < 6)
                    {
                        examples.Add("after Create returned: " + string.Join("; ", found));
                    }
                }

                set.Do(() => { }); // starts the set's namespace thread, which Dispose ends
            }
            IReadOnlyList<ForeignThread> left = ThreadAudit.ForeignThreads();
            afterDispose += left.Count;
            lock (examples)
            {
                if (left.Count > 0 && examples.Count < 6)
                {
                    examples.Add("after Dispose returned: " + string.Join("; ", left));
                }
            }
        }
        stop.Cancel();
        Assert.True(auditor.Wait(HangGuard));
        scenario.Cycles = cycles;
        scenario.Calls = cycles;
        scenario.Work = $"{cycles} cycles of Create(Net|Mnt), a call, Dispose, auditing right after Create and after Dispose returned, and from a thread auditing all along ({audits} audits)";
        scenario.Check("threads reported right after Create returned", 0, afterCreate, afterCreate > 0);
        scenario.Check("threads reported right after Dispose returned", 0, afterDispose, afterDispose > 0);
        scenario.Check("threads reported by the concurrent audits", 0, concurrent, concurrent > 0);
        Leaks.AssertNoneLeft(scenario, before, Leaks.HeapBound, andThen: () =>
            Assert.True(afterCreate + afterDispose + concurrent == 0,
                $"ThreadAudit.ForeignThreads() reported the library's own threads: {afterCreate} right after Create, {afterDispose} right after Dispose, {concurrent} in concurrent audits; e.g. {string.Join(" | ", examples)}"));
    });
}

/// <summary>Ends a copying loop that made its copy while Dispose ran (not a failure).</summary>
internal sealed class RacedException : Exception;

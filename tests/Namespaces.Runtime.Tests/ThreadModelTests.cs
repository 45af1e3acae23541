using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Namespaces.Creation;
using Namespaces.Testing;
using Namespaces.Tests.Support;
using Namespaces.Threading;
using Xunit;
using Xunit.Abstractions;

// These bodies wake waiters on purpose: what NS1007 warns about is the scenario under test.
#pragma warning disable NS1007

namespace Namespaces.Tests;

/// <summary>
/// The thread model (issue #12, and the threading half of #10): threads shared by every set and bounded whatever the
/// number of sets, each body in exactly its set's namespaces, nesting without deadlock, sets reclaimed without
/// Dispose, and library threads that survive interrupts and drift. Serial: they count the process's threads.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed partial class ThreadModelTests(ITestOutputHelper output)
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    [Fact]
    public void AThousandSets_CalledRoundRobin_ShareAFewThreads_AndEachBodySeesItsOwnSet()
    {
        Kernel.RequireRoot();
        NamespaceSet[] sets = Enumerable.Range(0, 1_000).Select(_ => NamespaceSet.Create(NS.Net)).ToArray();
        try
        {
            string[] ids = sets.Select(s => s.Id(NS.Net)).ToArray();
            int before = WorkerThreads.Count();
            int wrong = 0;
            for (int pass = 0; pass < 3; pass++)
            {
                for (int i = 0; i < sets.Length; i++)
                {
                    wrong += ModelBodies.Net(sets[i]) == ids[i] ? 0 : 1;
                }
            }

            int after = WorkerThreads.Count();
            output.WriteLine($"namespace threads: {before} before, {after} after 3,000 calls on 1,000 sets");
            Assert.Equal(0, wrong);
            // One caller: the calls reuse the threads there are (one more at most, while the last one goes idle).
            Assert.InRange(after, 1, Math.Max(before, 1) + 1);
            Assert.True(NamespaceMetrics.LiveThreads <= Tunables.MaxThreads);
        }
        finally
        {
            Array.ForEach(sets, s => s.Dispose());
        }
        WorkerThreads.AssertAllHomeAndBounded();
    }

    [Fact]
    public async Task TwoThousandSets_RoundRobinFromEightCallers_EveryBodyInItsOwnSet_ThreadsBounded()
    {
        Kernel.RequireRoot();
        NamespaceSet[] sets = Enumerable.Range(0, 2_000).Select(_ => NamespaceSet.Create(NS.Net)).ToArray();
        try
        {
            string[] ids = sets.Select(s => s.Id(NS.Net)).ToArray();
            int wrong = 0, calls = 0, peak = 0;
            using var sampling = new CancellationTokenSource();
            Task sampler = Task.Run(async () =>
            {
                while (!sampling.IsCancellationRequested)
                {
                    peak = Math.Max(peak, WorkerThreads.Count());
                    await Task.Delay(20);
                }
            });
            Task[] callers = Enumerable.Range(0, 8).Select(c => Task.Factory.StartNew(() =>
            {
                for (int k = 0; k < 2 * sets.Length; k++)
                {
                    int i = (k * 7 + c * 251) % sets.Length; // each caller walks every set, in its own order
                    if (ModelBodies.Net(sets[i]) != ids[i])
                    {
                        Interlocked.Increment(ref wrong);
                    }

                    Interlocked.Increment(ref calls);
                }
            }, TaskCreationOptions.LongRunning)).ToArray();
            await Task.WhenAll(callers).WaitAsync(HangGuard);
            sampling.Cancel();
            await sampler;
            output.WriteLine($"{calls} calls, peak {peak} namespace threads, {WorkerThreads.Count()} alive");
            Assert.Equal(8 * 2 * sets.Length, calls);
            Assert.Equal(0, wrong);
            // At most one thread per concurrent call (and a few finishing), never one per set.
            Assert.InRange(peak, 1, Math.Min(Tunables.MaxThreads, 8 + Environment.ProcessorCount + 2));
            Assert.Empty(ThreadAudit.ForeignThreads());
        }
        finally
        {
            Array.ForEach(sets, s => s.Dispose());
        }
        WorkerThreads.AssertAllHomeAndBounded();
    }

    [Fact]
    public async Task NestedCalls_AToBToA_AcrossTwoSets_CompleteInTheRightNamespaces()
    {
        Kernel.RequireRoot();
        using NamespaceSet a = NamespaceSet.Create(NS.Net);
        using NamespaceSet b = NamespaceSet.Create(NS.Net);
        string na = a.Id(NS.Net), nb = b.Id(NS.Net);

        // a → b → a → b → a, synchronously, each body checking its namespace before and after its nested call.
        string trace = await Task.Run(() => ModelBodies.PingPong(a, a, b, 4)).WaitAsync(HangGuard);

        Assert.Equal($"{na}({nb}({na}({nb}({na}){nb}){na}){nb}){na}", trace);
        Assert.Equal(na, ModelBodies.Net(a));
        Assert.Equal(nb, ModelBodies.Net(b));
    }

    [Fact]
    public async Task NestedCalls_NetUtsToNetMntToNetUts_OnOneSet_EachBodyOnlyInWhatItAsked()
    {
        Kernel.RequireRoot();
        using NamespaceSet set = NamespaceSet.Create(NS.Net | NS.Uts | NS.Mnt);
        string net = set.Id(NS.Net), uts = set.Id(NS.Uts), mnt = set.Id(NS.Mnt);
        string homeUts = Kernel.ProcessNs("uts"), homeMnt = Kernel.ProcessNs("mnt");

        string trace = await Task.Run(() => ModelBodies.NetUts(set, set, 2)).WaitAsync(HangGuard);

        string x = $"{net} {uts} {homeMnt}", y = $"{net} {homeUts} {mnt}";
        Assert.Equal($"[{x}]{{{y}}}[{x}]{{/{y}}}[/{x}]", trace);
    }

    [Fact]
    public void SetsDroppedWithoutDispose_AreReclaimed_TheirThreadsGoHome_FdsClose_PidInitsEnd()
    {
        Kernel.RequireRoot();
        long reclaimed = 0;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == NamespaceMetrics.MeterName && instrument.Name == "namespaces.sets.reclaimed")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref reclaimed, value));
        listener.Start();
        // Warm what the library opens once per process (home thread, a namespace thread, the reaper and what a
        // reclaimed pid set touches), so that the baseline counts it.
        DropSets(NS.Net, 1);
        DropSets(NS.Pid | NS.Net, 1);
        Collect();
        Assert.True(SpinWait.SpinUntil(() => ChildProcess.LiveCount == 0, HangGuard), "the warm-up's pid init was not reaped");
        Collect();
        string[] fdsBefore = Kernel.OpenFds();
        int childrenBefore = Kernel.ChildProcesses().Count;
        Interlocked.Exchange(ref reclaimed, 0);

        string[] nets = DropSets(NS.Net, 500);
        string[] pidNets = DropSets(NS.Pid | NS.Net, 100); // a GC meanwhile may already have reclaimed some
        Collect();

        Assert.True(SpinWait.SpinUntil(() => Kernel.ChildProcesses().Count == childrenBefore && ChildProcess.LiveCount == 0, HangGuard),
            $"{Kernel.ChildProcesses().Count - childrenBefore} pid inits outlived their reclaimed sets");
        Assert.True(SpinWait.SpinUntil(() => Kernel.OpenFdCount() <= fdsBefore.Length, HangGuard),
            $"fds {fdsBefore.Length} -> {Kernel.OpenFdCount()}: new {string.Join(", ", Kernel.OpenFds().Except(fdsBefore))}");
        Assert.DoesNotContain(Kernel.ThreadNamespaces().Values, links => nets.Concat(pidNets).Any(id => links.Contains("net=" + id + " ", StringComparison.Ordinal)));
        Assert.Equal(600, Interlocked.Read(ref reclaimed));
        WorkerThreads.AssertAllHomeAndBounded();
    }

    [Fact]
    public void ThreadInterrupt_OnAnIdleNamespaceThread_RetiresIt_AndTheNextCallGetsAThreadThatWorks()
    {
        Kernel.RequireRoot();
        using NamespaceSet set = NamespaceSet.Create(NS.Net);
        (Thread thread, int tid) = ModelBodies.Self(set);
        Thread.Sleep(10); // let it go idle (spinning or parked: both must contain the interrupt)
        thread.Interrupt();

        Assert.True(SpinWait.SpinUntil(() => !Kernel.ThreadNamespaces().ContainsKey(tid), HangGuard), $"interrupted namespace thread {tid} did not retire");
        Assert.Equal(set.Id(NS.Net), ModelBodies.Net(set));
        Assert.NotEqual(tid, ModelBodies.Self(set).Tid);
    }

    [Fact]
    public async Task ThreadInterrupt_DuringABody_ReachesItsCaller_AndTheSetKeepsWorking()
    {
        Kernel.RequireRoot();
        using NamespaceSet set = NamespaceSet.Create(NS.Net);
        using var started = new ManualResetEventSlim();
        var body = new StrongBox<Thread?>();
        Task call = Task.Run(() => ModelBodies.SleepForever(set, started, body));
        Assert.True(started.Wait(HangGuard), "the body never started");
        body.Value!.Interrupt();

        await Assert.ThrowsAsync<ThreadInterruptedException>(() => call.WaitAsync(HangGuard));
        Assert.Equal(set.Id(NS.Net), ModelBodies.Net(set));
    }

    [Fact]
    public void ThreadInterrupt_OfAWaitingCaller_DoesNotAbandonTheCall_ItIsDeliveredAfterwards()
    {
        Kernel.RequireRoot();
        using NamespaceSet set = NamespaceSet.Create(NS.Net);
        using var started = new ManualResetEventSlim();
        using var gate = new ManualResetEventSlim();
        bool completed = false, interruptedLater = false;
        var caller = new Thread(() =>
        {
            Bodies.Block(set, started, gate);
            completed = true;
            try
            {
                Thread.Sleep(Timeout.Infinite);
            }
            catch (ThreadInterruptedException)
            {
                interruptedLater = true;
            }
        });
        caller.Start();
        Assert.True(started.Wait(HangGuard), "the body never started");
        caller.Interrupt(); // the caller is blocked waiting for the body
        Thread.Sleep(50);
        gate.Set();

        Assert.True(caller.Join(HangGuard), "the interrupted caller never returned");
        Assert.True(completed, "the call did not complete");
        Assert.True(interruptedLater, "the interrupt was swallowed instead of delivered after the call");
        Assert.Equal(set.Id(NS.Net), ModelBodies.Net(set));
    }

    [Fact]
    public void ABodyThatUnsharesItsNetwork_IsReportedByTheAudit_ItsThreadRetires_AndLaterBodiesRunInTheSet()
    {
        Kernel.RequireRoot();
        using NamespaceSet set = NamespaceSet.Create(NS.Net);
        string net = set.Id(NS.Net);
        int tid = ModelBodies.UnshareNet(set);

        IReadOnlyList<ForeignThread> found = ThreadAudit.ForeignThreads();
        output.WriteLine(string.Join(Environment.NewLine, found));
        Assert.Contains(found, f => f.Tid == tid && f.Namespaces.HasFlag(NS.Net));

        Assert.True(SpinWait.SpinUntil(() => !Kernel.ThreadNamespaces().ContainsKey(tid), HangGuard), $"drifted thread {tid} was not retired");
        for (int i = 0; i < 20; i++)
        {
            Assert.Equal(net, ModelBodies.Net(set));
        }

        Assert.Empty(ThreadAudit.ForeignThreads());
    }

    [Fact]
    public async Task BodiesJoinedToAPidNamespace_CompleteTasksAndSignalWaiters_AndThePoolKeepsWorkingAtHome()
    {
        Kernel.RequireRoot();
        using NamespaceSet set = NamespaceSet.Create(NS.Pid | NS.Net);
        string homeNet = Kernel.ProcessNs("net"), homePid = Kernel.ProcessNs("pid");
        var seen = new ConcurrentBag<string>();
        for (int i = 0; i < 20; i++)
        {
            var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var semaphore = new SemaphoreSlim(0);
            using var cts = new CancellationTokenSource();
            Channel<int> channel = Channel.CreateUnbounded<int>();
            Task[] waiters =
            [
                tcs.Task.ContinueWith(_ => seen.Add(Here()), TaskScheduler.Default),
                Task.Run(async () => { await semaphore.WaitAsync(); seen.Add(Here()); }),
                Task.Run(async () => { await Task.Delay(Timeout.Infinite, cts.Token).ContinueWith(_ => { }); seen.Add(Here()); }),
                Task.Run(async () => { await channel.Reader.ReadAsync(); seen.Add(Here()); }),
            ];
            ModelBodies.Signal(set, tcs, semaphore, cts, channel.Writer);
            await Task.WhenAll(waiters).WaitAsync(HangGuard);
        }

        // The pool still creates and runs work, at home.
        string[] runs = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Task.Run(Here))).WaitAsync(HangGuard);
        Assert.All(seen.Concat(runs), where => Assert.Equal($"{homeNet} {homePid}", where));
        Assert.Empty(ThreadAudit.ForeignThreads());
    }

    private static string Here() => $"{Kernel.ThreadNs("net")} {Kernel.TryLink("/proc/thread-self/ns/pid_for_children")}";

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string[] DropSets(NS namespaces, int count)
    {
        var ids = new string[count];
        for (int i = 0; i < count; i++)
        {
            NamespaceSet set = NamespaceSet.Create(namespaces);
            ids[i] = set.Id(NS.Net);
            Assert.Equal(ids[i], ModelBodies.Net(set));
        }
        return ids;
    }

    private static void Collect()
    {
        _ = Console.Out;
        _ = Console.Error;
        for (int i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
    }
}

/// <summary>Bodies of the thread-model tests.</summary>
internal static partial class ModelBodies
{
    [RunInNamespace(NS.Net)]
    public static string Net() => Kernel.ThreadNs("net");

    [RunInNamespace(NS.Net)]
    public static (Thread Thread, int Tid) Self() => (Thread.CurrentThread, GetTid());

    [RunInNamespace(NS.Net)]
    public static void SleepForever(ManualResetEventSlim started, StrongBox<Thread?> thread)
    {
        thread.Value = Thread.CurrentThread;
        started.Set();
        Thread.Sleep(Timeout.Infinite);
    }

    /// <summary>Runs in <paramref name="here"/>'s set, then calls itself in <paramref name="there"/>'s, <paramref name="hops"/> deep.</summary>
    [RunInNamespace(NS.Net)]
    public static string PingPong(NamespaceSet here, NamespaceSet there, int hops)
    {
        string before = Kernel.ThreadNs("net");
        if (hops == 0)
        {
            return before;
        }

        string nested = PingPong(there, there, here, hops - 1);
        return $"{before}({nested}){Kernel.ThreadNs("net")}";
    }

    [RunInNamespace(NS.Net | NS.Uts)]
    public static string NetUts(NamespaceSet set, int hops)
    {
        string where = Where();
        string nested = hops == 0 ? "" : NetMnt(set, set, hops - 1);
        return hops == 0 ? $"[{where}]" : $"[{where}]{nested}[/{Where()}]";
    }

    [RunInNamespace(NS.Net | NS.Mnt)]
    public static string NetMnt(NamespaceSet set, int hops)
    {
        string where = Where();
        string nested = hops == 0 ? "" : NetUts(set, set, hops - 1);
        return $"{{{where}}}{nested}{{/{Where()}}}";
    }

    [RunInNamespace(NS.Net)]
    public static int UnshareNet()
    {
        Assert.Equal(0, unshare(0x40000000)); // CLONE_NEWNET: the body leaves its set's network namespace behind
        return GetTid();
    }

    [RunInNamespace(NS.Pid)]
    public static void Signal(TaskCompletionSource tcs, SemaphoreSlim semaphore, CancellationTokenSource cts, ChannelWriter<int> writer)
    {
        tcs.SetResult();
        semaphore.Release();
        cts.Cancel();
        writer.TryWrite(1);
    }

    private static string Where() => $"{Kernel.ThreadNs("net")} {Kernel.ThreadNs("uts")} {Kernel.ThreadNs("mnt")}";

    private static int GetTid() => int.Parse(System.IO.Path.GetFileName(Kernel.Link("/proc/thread-self")), System.Globalization.CultureInfo.InvariantCulture);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int unshare(int flags);
}

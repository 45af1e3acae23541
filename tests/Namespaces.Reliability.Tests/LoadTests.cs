using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Namespaces.Reliability.Tests.Support;
using Namespaces.Testing;
using Xunit;

namespace Namespaces.Reliability.Tests;

/// <summary>Many callers, many sets, sync and async: every result right, nothing left behind.</summary>
[Collection(ReliabilityCollection.Name)]
public sealed class LoadTests
{
    private const int Callers = 64;
    private const int CallsPerCaller = 10_000;
    private const int SetCount = 16;

    [Fact]
    public Task SixtyFourCallers_TenThousandCallsEach_SixteenSets_EveryResultRight_AndNothingLeftBehind() =>
        Figures.RunAsync("Load", "64 callers × 10,000 calls on 16 sets", async scenario =>
        {
            Kernel.RequireRoot();
            await WarmUp();
            ResourceSnapshot before = ResourceSnapshot.Baseline();
            ulong homeNet = ProcFs.InodeOf(Kernel.ProcessNs("net"));
            ulong homeUts = ProcFs.InodeOf(Kernel.ProcessNs("uts"));

            var sets = new NamespaceSet[SetCount];
            var nets = new ulong[SetCount];
            var utss = new ulong[SetCount];
            for (int k = 0; k < SetCount; k++)
            {
                sets[k] = NamespaceSet.Create(NS.Net | NS.Uts);
                sets[k].Concurrency = 1 + k % 4; // 1-4 threads per group, two groups per set (Net, Net|Uts)
                nets[k] = ProcFs.InodeOf(sets[k].Id(NS.Net));
                utss[k] = ProcFs.InodeOf(sets[k].Id(NS.Uts));
            }
            Assert.Equal(SetCount, nets.Distinct().Count());
            Assert.DoesNotContain(homeNet, nets);

            long sync = 0, async = 0, viaDo = 0, wrong = 0, resumedAway = 0, done = 0;
            var wrongExamples = new ConcurrentQueue<string>();
            var namespaceThreadTids = new ConcurrentDictionary<int, byte>();
            using var neverCanceled = new CancellationTokenSource();

            void Verify(int caller, int k, long token, Stamp stamp, bool joinedUts, long expected)
            {
                namespaceThreadTids.TryAdd(stamp.Tid, 0);
                ulong uts = joinedUts ? utss[k] : homeUts;
                if (stamp.Value != expected || stamp.Net != nets[k] || stamp.Uts != uts)
                {
                    Interlocked.Increment(ref wrong);
                    if (wrongExamples.Count < 5)
                    {
                        wrongExamples.Enqueue($"caller {caller} set {k} token {token}: got {stamp}, expected value {expected} net {nets[k]} uts {uts}");
                    }
                }
            }

            void SyncCaller(int caller)
            {
                for (int i = 0; i < CallsPerCaller; i++)
                {
                    int k = (caller * 5 + i) % SetCount;
                    long token = caller * 1_000_000L + i;
                    NamespaceSet set = sets[k];
                    if (i % 8 == 7)
                    {
                        Verify(caller, k, token, set.Do(() => Bodies.InNetUts(token)), joinedUts: true, Bodies.NetUtsValue(token));
                        Interlocked.Increment(ref viaDo);
                    }
                    else if (i % 2 == 1)
                    {
                        Verify(caller, k, token, Bodies.InNetUts(set, token), joinedUts: true, Bodies.NetUtsValue(token));
                    }
                    else
                    {
                        Verify(caller, k, token, Bodies.InNet(set, token), joinedUts: false, Bodies.NetValue(token));
                    }
                    Interlocked.Increment(ref sync);
                    Interlocked.Increment(ref done);
                }
            }

            async Task AsyncCaller(int caller)
            {
                await Task.Yield();
                for (int i = 0; i < CallsPerCaller; i++)
                {
                    int k = (caller * 5 + i) % SetCount;
                    long token = caller * 1_000_000L + i;
                    NamespaceSet set = sets[k];
                    CancellationToken cancellation = i % 10 == 9 ? neverCanceled.Token : default;
                    if (i % 2 == 1)
                    {
                        Verify(caller, k, token, await Bodies.InNetUtsAsync(set, token, cancellation), joinedUts: true, Bodies.NetUtsValue(token));
                    }
                    else
                    {
                        Verify(caller, k, token, await Bodies.InNetAsync(set, token, cancellation), joinedUts: false, Bodies.NetValue(token));
                    }
                    // The continuation after await must run at home, never on the namespace thread.
                    if (ProcFs.ThreadNsInode("net") != homeNet)
                    {
                        Interlocked.Increment(ref resumedAway);
                    }

                    Interlocked.Increment(ref async);
                    Interlocked.Increment(ref done);
                }
            }

            var threads = Enumerable.Range(0, Callers / 2).Select(c => new Thread(() => SyncCaller(c)) { Name = "sync caller " + c }).ToList();
            threads.ForEach(t => t.Start());
            Task asyncCallers = Task.WhenAll(Enumerable.Range(Callers / 2, Callers / 2).Select(c => Task.Run(() => AsyncCaller(c))));

            // While the load runs, the audit must report nothing: every namespace thread is registered as one.
            int audits = 0, reported = 0;
            var reportedExamples = new List<string>();
            int peakNamespaceThreads = 0;
            while (Interlocked.Read(ref done) < (long)Callers * CallsPerCaller && !asyncCallers.IsFaulted)
            {
                IReadOnlyList<ForeignThread> foreign = ThreadAudit.ForeignThreads();
                audits++;
                reported += foreign.Count;
                if (foreign.Count > 0 && reportedExamples.Count < 3)
                {
                    reportedExamples.Add(string.Join("; ", foreign));
                }

                peakNamespaceThreads = Math.Max(peakNamespaceThreads, ProcFs.Threads().Count(t => ThreadKinds.IsNamespaceThread(t.Name)));
                Thread.Sleep(50);
            }
            threads.ForEach(t => t.Join());
            await asyncCallers;

            foreach (NamespaceSet set in sets)
            {
                set.Dispose();
            }

            long total = sync + async;
            scenario.Calls = total;
            int expectedThreads = Enumerable.Range(0, SetCount).Sum(k => 2 * (1 + k % 4));
            scenario.Work = $"{Figures.Number(total)} calls from {Callers} callers: {Figures.Number(sync)} sync ({Figures.Number(viaDo)} of them through Do), {Figures.Number(async)} async; {SetCount} Net|Uts sets, 2 groups each of 1–4 threads ({expectedThreads} namespace threads)";
            scenario.Info("wrong results", wrong.ToString());
            scenario.Info("async continuations that resumed outside the home network namespace", resumedAway.ToString());
            scenario.Info("namespace threads seen running bodies / at peak", $"{namespaceThreadTids.Count} / {peakNamespaceThreads}");
            scenario.Check("foreign threads reported by audits during the load", 0, reported, reported > 0, string.Join(" || ", reportedExamples));
            scenario.Info("audits during the load", audits.ToString());

            Assert.True(wrong == 0, $"{wrong} wrong results, e.g. {string.Join(" | ", wrongExamples)}");
            Assert.Equal((long)Callers * CallsPerCaller, total);
            Assert.Equal(0, resumedAway);
            Leaks.AssertNoneLeft(scenario, before, Leaks.HeapBound);
            Assert.True(reported == 0, $"ThreadAudit.ForeignThreads() reported {reported} threads during the load although every namespace thread was registered: {string.Join(" || ", reportedExamples)}");
        });

    /// <summary>Starts what starts once per process (the library's home thread, the runtime's service threads, pools of work items).</summary>
    internal static async Task WarmUp()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.Net | NS.Uts);
        set.Concurrency = 4;
        for (int i = 0; i < 100; i++)
        {
            Bodies.InNet(set, i);
            Bodies.InNetUts(set, i);
            set.Do(() => Bodies.InNet(i));
            await Bodies.InNetAsync(set, i);
            await Bodies.InNetUtsAsync(set, i);
        }
        // The first exception rendered with file and line information opens the library's pdb, for good.
        _ = Record.Exception(() => Bodies.Throw(set, 0))?.ToString();
        _ = (await Record.ExceptionAsync(async () => await Bodies.ThrowAsync(set, 0)))?.ToString();
        // Assemblies the scenarios load stay mapped (an fd each, for good): load them before any baseline.
        _ = System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces();
        using (Process process = Process.Start(new ProcessStartInfo("true") { RedirectStandardOutput = true, RedirectStandardError = true })!)
        {
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            process.StandardOutput.Dispose();
            process.StandardError.Dispose();
        }
    }
}

using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Namespaces.Reliability.Tests.Support;
using Namespaces.Testing;
using Xunit;

// These bodies wake waiters on purpose: what NS1007 warns about is the scenario under test.
#pragma warning disable NS1007

namespace Namespaces.Reliability.Tests;

/// <summary>
/// Issue #10's threading scenarios against the shared-thread model: the pool after 20 s of quiet, bodies that wake the
/// pool from inside a namespace, and descriptor and thread limits met in a child process.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class ThreadModelTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    /// <summary>Longer than the pool's 20 s: without ThreadsToKeepAlive its idle workers would have retired by then.</summary>
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(25);

    [Fact]
    public Task AfterTwentySecondsOfQuiet_BodiesThatWakeThePool_LeaveEveryLaterTaskAtHome() =>
        Figures.RunAsync("Thread model", "bodies wake the pool after 25 s of quiet", async scenario =>
        {
            Kernel.RequireRoot();
            await LoadTests.WarmUp();
            ResourceSnapshot before = ResourceSnapshot.Baseline();
            string home = $"{Kernel.ProcessNs("net")} {Kernel.ProcessNs("uts")}";
            int poolBefore = ThreadPool.ThreadCount;
            using (NamespaceSet set = NamespaceSet.Create(NS.Net | NS.Uts))
            {
                WakeBodies.Nothing(set);
                await Task.Delay(Quiet); // the only timer: nothing else runs in the process meanwhile
                int poolAfterQuiet = ThreadPool.ThreadCount;

                // Bodies that make pool work runnable from inside the namespaces, 10 times each.
                var seen = new ConcurrentBag<string>();
                for (int i = 0; i < 10; i++)
                {
                    var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    using var semaphore = new SemaphoreSlim(0);
                    using var cts = new CancellationTokenSource();
                    Channel<int> channel = Channel.CreateUnbounded<int>();
                    Task[] woken =
                    [
                        Task.Run(async () => { await tcs.Task; seen.Add(Here()); }),
                        Task.Run(async () => { await semaphore.WaitAsync(); seen.Add(Here()); }),
                        Task.Run(async () => { await Task.Delay(Timeout.Infinite, cts.Token).ContinueWith(_ => { }, TaskScheduler.Default); seen.Add(Here()); }),
                        Task.Run(async () => { await channel.Reader.ReadAsync(); seen.Add(Here()); }),
                    ];
                    WakeBodies.Wake(set, tcs, semaphore, cts, channel.Writer);
                    await Task.WhenAll(woken).WaitAsync(HangGuard);
                }

                // Work started from home afterwards: 40 Task.Run, 10 await continuations, a timer callback.
                string[] runs = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Task.Run(Here))).WaitAsync(HangGuard);
                var continuations = new string[10];
                for (int i = 0; i < continuations.Length; i++)
                {
                    await Task.Yield();
                    continuations[i] = Here();
                }
                var timer = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
                using (new Timer(_ => timer.TrySetResult(Here()), null, 10, Timeout.Infinite))
                {
                    continuations = [.. continuations, await timer.Task.WaitAsync(HangGuard)];
                }

                string[] all = [.. seen, .. runs, .. continuations];
                int away = all.Count(where => where != home);
                scenario.Calls = 11;
                scenario.Work = $"25 s of quiet, then 10 bodies each completing a TaskCompletionSource, releasing a SemaphoreSlim, cancelling a CancellationTokenSource and writing a Channel awaited from home; then 40 Task.Run, 10 await continuations and a timer callback";
                scenario.Info("thread-pool workers before / after the quiet / at the end", $"{poolBefore} / {poolAfterQuiet} / {ThreadPool.ThreadCount}");
                scenario.Info("probes that ran outside the home namespaces", $"{away} of {all.Length}");
                Assert.Equal(0, away);
                Assert.Empty(ThreadAudit.ForeignThreads());
            }
            Leaks.AssertNoneLeft(scenario, before, Leaks.HeapBound);
        });

    [Fact]
    public void ADescriptorLimit_FailsTheCallsThatHitIt_AndTheLibraryWorksOnceDescriptorsAreFree() =>
        Figures.Run("Thread model", "a descriptor limit (prlimit --nofile=160)", scenario =>
        {
            Kernel.RequireRoot();
            string prlimit = Kernel.RequireProgram("prlimit");
            (int code, string output) = ChildProgram.Run([prlimit, "--nofile=160:160", .. ChildProgram.Helper("limits-fds")]);
            string[] steps = Steps(output);
            scenario.Calls = 3;
            scenario.Work = "a child under prlimit --nofile=160 uses the library, fills its descriptor table, creates a set and calls an existing one, frees half, creates and calls sets until the table is full again, frees everything and uses the library again";
            foreach (string step in steps)
            {
                scenario.Info("step", step);
            }

            Assert.True(code == 0, $"the helper died (exit {code}): {output}");
            static bool Emfile(string step, string name) => step.StartsWith(name + " NamespaceException", StringComparison.Ordinal) && step.Contains("Too many open files", StringComparison.Ordinal);
            Assert.Contains(steps, s => Emfile(s, "create-with-a-full-table"));
            Assert.Contains("call-an-existing-set-with-a-full-table ok", steps);
            Assert.Contains(steps, s => Emfile(s, "sets-until-full"));
            Assert.Contains("after-freeing ok", steps);
        });

    [Fact]
    public void AThreadLimit_FailsTheFirstUseWithATypedError_ExcessCallsWait_AndTheLibraryWorksOnceRaised() =>
        Figures.Run("Thread model", "a pids cgroup limit", scenario =>
        {
            Kernel.RequireRoot();
            string root = "/sys/fs/cgroup/pids";
            Assert.True(Directory.Exists(root), "this test needs the cgroup v1 pids controller at /sys/fs/cgroup/pids (or adapt it to cgroup v2)");
            string cgroup = Path.Combine(root, "namespaces-reliability-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            Directory.CreateDirectory(cgroup);
            try
            {
                (int code, string output) = ChildProgram.Run(ChildProgram.Helper("limits-threads", cgroup));
                string[] steps = Steps(output);
                scenario.Calls = 9;
                scenario.Work = "a child in a pids cgroup with no room for a thread uses the library; with room for two more threads, six blocking calls at once; then the limit is raised and the library is used again";
                foreach (string step in steps)
                {
                    scenario.Info("step", step);
                }

                Assert.True(code == 0, $"the helper died (exit {code}): {output}");
                Assert.Contains(steps, s => s.StartsWith("first-use-without-threads NamespaceException EAGAIN", StringComparison.Ordinal));
                Assert.Contains(steps, s => s.StartsWith("blocking-callers all-returned", StringComparison.Ordinal));
                Assert.Contains("after-raising ok", steps);
            }
            finally
            {
                // The helper has exited: the cgroup is empty and can go.
                Directory.Delete(cgroup);
            }
        });

    private static string[] Steps(string output) => output.Split('\n').Where(l => l.StartsWith("step ", StringComparison.Ordinal)).Select(l => l[5..].Trim()).ToArray();

    private static string Here() => $"{Kernel.ThreadNs("net")} {Kernel.ThreadNs("uts")}";
}

/// <summary>Bodies that make thread-pool work runnable from inside a set's namespaces.</summary>
internal static partial class WakeBodies
{
    [RunInNamespace(NS.Net | NS.Uts)]
    public static void Nothing()
    {
    }

    [RunInNamespace(NS.Net | NS.Uts)]
    public static void Wake(TaskCompletionSource tcs, SemaphoreSlim semaphore, CancellationTokenSource cts, ChannelWriter<int> writer)
    {
        tcs.SetResult();
        semaphore.Release();
        cts.Cancel();
        writer.TryWrite(1);
    }
}

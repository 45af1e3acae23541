using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Namespaces.Reliability.Tests.Support;
using Namespaces.Testing;
using Xunit;

namespace Namespaces.Reliability.Tests;

/// <summary>Bodies that throw or block, creators that vanish, kernels that lack a type, callers without privilege.</summary>
[Collection(ReliabilityCollection.Name)]
public sealed class FaultTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    [Fact]
    public Task ABodyThrows_TheCallerGetsIt_AndTheSameThreadServesTheNextCall() =>
        Figures.RunAsync("Faults", "a body throws", async scenario =>
        {
            Kernel.RequireRoot();
            await LoadTests.WarmUp();
            ResourceSnapshot before = ResourceSnapshot.Baseline();
            const int rounds = 1_000;
            int caught = 0, servedBySameThread = 0, traces = 0;
            using (NamespaceSet set = NamespaceSet.Create(NS.Net))
            {
                ulong net = ProcFs.InodeOf(set.Id(NS.Net));
                int thread = Bodies.InNet(set, 0).Tid; // Concurrency 1: one thread serves the Net group
                for (int i = 0; i < rounds; i++)
                {
                    long token = 1000 + i;
                    BodyFailedException error = (i % 3) switch
                    {
                        0 => Assert.Throws<BodyFailedException>(() => Bodies.Throw(set, token)),
                        1 => await Assert.ThrowsAsync<BodyFailedException>(async () => await Bodies.ThrowAsync(set, token)),
                        _ => Assert.Throws<BodyFailedException>(() => set.Do(() => Bodies.Throw(token))),
                    };
                    caught += error.Token == token ? 1 : 0;
                    // The original stack trace survives the hop back to the caller.
                    traces += error.StackTrace?.Contains(nameof(Bodies.Throw), StringComparison.Ordinal) == true ? 1 : 0;
                    Stamp next = i % 2 == 0 ? Bodies.InNet(set, token) : await Bodies.InNetAsync(set, token);
                    servedBySameThread += next.Tid == thread && next.Net == net && next.Value == Bodies.NetValue(token) ? 1 : 0;
                }
            }
            scenario.Calls = 2L * rounds + 1;
            scenario.Work = $"{rounds} throwing bodies (sync, async, Do), each followed by a call on the same set";
            scenario.Info("exceptions that reached their caller with their token / with the body's frame in the stack trace", $"{caught} / {traces}");
            scenario.Info("next calls served right by the same namespace thread", servedBySameThread.ToString(CultureInfo.InvariantCulture));
            Assert.Equal(rounds, caught);
            Assert.Equal(rounds, traces);
            Assert.Equal(rounds, servedBySameThread);
            Leaks.AssertNoneLeft(scenario, before, Leaks.HeapBound);
        });

    [Fact]
    public Task ABodyBlocks_WhileDisposeRuns_QueuedCallsFail_TheBodyFinishes_AndItsThreadEnds() =>
        Figures.RunAsync("Faults", "a body blocks while Dispose runs", async scenario =>
        {
            Kernel.RequireRoot();
            int bodiesFinished = 0, queuedRefused = 0, disposeWaited = 0;
            async Task Round()
            {
                NamespaceSet set = NamespaceSet.Create(NS.Net);
                set.DisposeTimeout = TimeSpan.FromHours(1); // long enough that only the body's end can end the wait
                ulong net = ProcFs.InodeOf(set.Id(NS.Net));
                using var entered = new ManualResetEventSlim();
                using var release = new ManualResetEventSlim();
                var finished = new StrongBox<int>();
                Task<ulong> blocked = Dedicated.Run(() => Bodies.Block(set, entered, release, finished));
                Assert.True(entered.Wait(HangGuard), "the blocking body never started");
                // Calls queued behind the blocked body (or refused at once if Dispose got there first).
                Task<Stamp> queuedSync = Dedicated.Run(() => Bodies.InNet(set, 1));
                Task<Stamp> queuedAsync = Bodies.InNetAsync(set, 2).AsTask();
                Task dispose = Dedicated.Run(set.Dispose);

                // Both queued calls fail while the body still blocks: Dispose is now waiting for it.
                await Assert.ThrowsAsync<ObjectDisposedException>(() => queuedSync.WaitAsync(HangGuard));
                await Assert.ThrowsAsync<ObjectDisposedException>(() => queuedAsync.WaitAsync(HangGuard));
                queuedRefused += 2;
                Assert.Equal(0, Volatile.Read(ref finished.Value));
                Assert.True(set.IsDisposed);

                release.Set();
                await dispose.WaitAsync(HangGuard);
                // Dispose returned only once the body had (its caller may not have woken up yet).
                disposeWaited += Volatile.Read(ref finished.Value);
                bodiesFinished += await blocked.WaitAsync(HangGuard) == net ? 1 : 0;
            }

            await LoadTests.WarmUp();
            await Round();
            (bodiesFinished, queuedRefused, disposeWaited) = (0, 0, 0);
            ResourceSnapshot before = ResourceSnapshot.Baseline();
            const int rounds = 50;
            for (int round = 0; round < rounds; round++)
            {
                await Round();
            }

            scenario.Calls = 3L * rounds;
            scenario.Work = $"{rounds} rounds: a body blocks, a sync and an async call queue behind it, Dispose starts (DisposeTimeout 1 h), the body is released";
            scenario.Info("queued calls refused with ObjectDisposedException", queuedRefused.ToString(CultureInfo.InvariantCulture));
            scenario.Info("blocked bodies that finished and returned their result / Dispose calls that returned after them", $"{bodiesFinished} / {disposeWaited}");
            Assert.Equal(rounds, bodiesFinished);
            Assert.Equal(rounds, disposeWaited);
            Leaks.AssertNoneLeft(scenario, before, Leaks.HeapBound);
        });

    [Fact]
    public Task ABodyBlocksPastDisposeTimeout_ItsThreadIsAbandoned_ThenEndsWhenTheBodyReturns() =>
        Figures.RunAsync("Faults", "a body blocks past DisposeTimeout (zero)", async scenario =>
        {
            Kernel.RequireRoot();
            int results = 0, aliveWhileAbandoned = 0;
            async Task Round()
            {
                NamespaceSet set = NamespaceSet.Create(NS.Net);
                set.DisposeTimeout = TimeSpan.Zero; // do not wait at all: abandon a busy thread
                ulong net = ProcFs.InodeOf(set.Id(NS.Net));
                using var entered = new ManualResetEventSlim();
                using var release = new ManualResetEventSlim();
                var finished = new StrongBox<int>();
                Task<ulong> blocked = Dedicated.Run(() => Bodies.Block(set, entered, release, finished));
                Assert.True(entered.Wait(HangGuard), "the blocking body never started");

                set.Dispose(); // returns at once; the body still runs on its (abandoned) thread

                // The abandoned thread still stands in the set's network namespace, running the body.
                string inside = $" net=net:[{net}] ";
                aliveWhileAbandoned += ProcFs.Threads().Count(t => ThreadKinds.IsNamespaceThread(t.Name) && (t.Namespaces + " ").Contains(inside, StringComparison.Ordinal)) == 1
                    && Volatile.Read(ref finished.Value) == 0 ? 1 : 0;
                Assert.Empty(ThreadAudit.ForeignThreads()); // still a registered namespace thread while its body runs
                release.Set();
                results += await blocked.WaitAsync(HangGuard) == net ? 1 : 0;
            }

            await LoadTests.WarmUp();
            await Round();
            (results, aliveWhileAbandoned) = (0, 0);
            ResourceSnapshot before = ResourceSnapshot.Baseline();
            const int rounds = 50;
            for (int round = 0; round < rounds; round++)
            {
                await Round();
            }

            scenario.Calls = rounds;
            scenario.Work = $"{rounds} rounds: a body blocks, Dispose with DisposeTimeout = 0 returns at once, then the body is released";
            scenario.Info("abandoned threads seen alive after Dispose returned / bodies that then finished with their result", $"{aliveWhileAbandoned} / {results}");
            Assert.Equal(rounds, aliveWhileAbandoned);
            Assert.Equal(rounds, results);
            Leaks.AssertNoneLeft(scenario, before, Leaks.HeapBound);
        });

    [Fact]
    public void DisposeTimeout_InfiniteTimeSpan_IsRefusedOrMeansWaitForever() => Figures.Run("Faults", "DisposeTimeout = Timeout.InfiniteTimeSpan", scenario =>
    {
        Kernel.RequireRoot();
        NamespaceSet set = NamespaceSet.Create(NS.Net);
        scenario.Calls = 1;
        scenario.Work = "a body blocks; Dispose with DisposeTimeout = Timeout.InfiniteTimeSpan (.NET's convention for 'no limit')";
        try
        {
            set.DisposeTimeout = Timeout.InfiniteTimeSpan;
        }
        catch (ArgumentOutOfRangeException refused)
        {
            // Also acceptable: a clear refusal at the setter.
            scenario.Input("DisposeTimeout = Timeout.InfiniteTimeSpan", "waits for the body, or ArgumentOutOfRangeException", "ArgumentOutOfRangeException: " + refused.Message, true);
            set.Dispose();
            return;
        }
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var finished = new StrongBox<int>();
        Task<ulong> blocked = Dedicated.Run(() => Bodies.Block(set, entered, release, finished));
        Assert.True(entered.Wait(HangGuard), "the blocking body never started");
        Task dispose = Dedicated.Run(set.Dispose);
        // With the body still blocked, a Dispose that honours "infinite" cannot return. This wait is a guard, not
        // a measurement: a Dispose that does not wait returns within microseconds, and one that waits never does.
        bool returnedWhileBlocked = dispose.Wait(TimeSpan.FromSeconds(2)) && Volatile.Read(ref finished.Value) == 0;
        release.Set();
        dispose.Wait(HangGuard);
        blocked.Wait(HangGuard);
        scenario.Input("DisposeTimeout = Timeout.InfiniteTimeSpan", "waits for the body, or ArgumentOutOfRangeException",
            returnedWhileBlocked ? "accepted, and Dispose returned at once, abandoning the thread with its body still running (taken as a zero timeout)" : "accepted; Dispose waited for the body",
            !returnedWhileBlocked);
        Assert.False(returnedWhileBlocked,
            "DisposeTimeout accepted Timeout.InfiniteTimeSpan but Dispose returned while the body still ran: NamespaceThreadGroup.Stop turns the negative span into a zero wait and abandons the thread.");
    });

    [Fact]
    public void TheProcessThatCreatedTheNamespacesIsGone_TheSetStillWorks_ItsFdsPinThem() => Figures.Run("Faults", "the creating process exits (util-linux unshare)", scenario =>
    {
        Kernel.RequireRoot();
        string unshare = Kernel.RequireProgram("unshare");
        LoadTests.WarmUp().GetAwaiter().GetResult();
        ResourceSnapshot before = ResourceSnapshot.Baseline();
        const int rounds = 20;
        int worked = 0;
        for (int round = 0; round < rounds; round++)
        {
            string hostname = "gone-" + round.ToString(CultureInfo.InvariantCulture);
            NamespaceSet set;
            string[] ids;
            int creator;
            using (Process child = ChildProgram.Start(unshare, "--net", "--uts", "--ipc", "--", "sh", "-c", $"hostname {hostname} && echo ready && exec sleep 1000"))
            {
                Assert.Equal("ready", child.StandardOutput.ReadLine());
                creator = child.Id;
                set = NamespaceSet.FromPid(child.Id, NS.Net | NS.Uts | NS.Ipc);
                ids = new[] { "net", "uts", "ipc" }.Select(n => Kernel.TryLink($"/proc/{child.Id}/ns/{n}")!).ToArray();
                child.Kill();
                Assert.True(child.WaitForExit(HangGuard), "the creator did not exit");
                ChildProgram.Close(child);
            }
            Assert.False(Directory.Exists($"/proc/{creator}"), "the creator is still there");
            using (set)
            {
                using NamespaceSet copy = set.Dup(NS.Net | NS.Uts);
                ulong[] inside = copy.Do(() => Bodies.Inodes("net", "uts"));
                bool right = set.Id(NS.Net) == ids[0] && set.Id(NS.Uts) == ids[1] && set.Id(NS.Ipc) == ids[2]
                    && Bodies.HostName(set) == hostname
                    && inside.SequenceEqual(ids.Take(2).Select(ProcFs.InodeOf))
                    && set.Do(() => System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces().Select(i => i.Name).SequenceEqual(["lo"]));
                worked += right ? 1 : 0;
            }
        }
        scenario.Cycles = rounds;
        scenario.Calls = 3L * rounds;
        scenario.Work = $"{rounds} rounds: `unshare --net --uts --ipc` sets a hostname and sleeps; FromPid; the process is killed and reaped; then Id, Dup, Do, a generated call";
        scenario.Info("sets that still showed the creator's namespaces (ids, hostname, only lo) after it was gone", worked.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(rounds, worked);
        Leaks.AssertNoneLeft(scenario, before, Leaks.HeapBound);
    });

    [Fact]
    public void ANamespaceCreatedByTheLibraryInAnotherProcess_PinnedByItsMounts_OutlivesThatProcess() => Figures.Run("Faults", "the creating process exits (the library, pinned by Mount)", scenario =>
    {
        Kernel.RequireRoot();
        LoadTests.WarmUp().GetAwaiter().GetResult();
        ResourceSnapshot before = ResourceSnapshot.Baseline();
        const int rounds = 5;
        int worked = 0;
        for (int round = 0; round < rounds; round++)
        {
            using var directory = new TempDirectory(ProcFs.TempPrefix);
            string hostname = "pinned-" + round.ToString(CultureInfo.InvariantCulture);
            (int code, string output) = ChildProgram.Run(ChildProgram.Helper("create-mount-exit", directory.Path, "Net|Uts|Ipc", hostname));
            Assert.True(code == 0, output);
            Dictionary<string, string> ids = output.Split('\n').Single(l => l.StartsWith("ids ", StringComparison.Ordinal))[4..]
                .Split(' ').Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);
            try
            {
                using NamespaceSet set = NamespaceSet.FromDir(directory.Path, NS.None);
                bool right = set.Flags == (NS.Net | NS.Uts | NS.Ipc)
                    && set.Id(NS.Net) == ids["Net"] && set.Id(NS.Uts) == ids["Uts"] && set.Id(NS.Ipc) == ids["Ipc"]
                    && Bodies.HostName(set) == hostname
                    && Bodies.InNet(set, 3).Net == ProcFs.InodeOf(ids["Net"]);
                worked += right ? 1 : 0;
            }
            finally
            {
                foreach (string name in new[] { "net", "uts", "ipc" })
                {
                    NamespaceSet.Unmount(directory.Combine(name));
                }
            }
        }
        scenario.Cycles = rounds;
        scenario.Calls = 2L * rounds;
        scenario.Work = $"{rounds} rounds: the helper process creates Net|Uts|Ipc with the library, sets a hostname, Mount()s them into a directory and exits without Dispose; FromDir; calls; Unmount";
        scenario.Info("sets reopened from the mounts that showed the helper's namespaces", worked.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(rounds, worked);
        Leaks.AssertNoneLeft(scenario, before, Leaks.HeapBound);
    });

    [Fact]
    public void APidNamespaceWhoseInitIsGone_StaysOpen_ButTakesNoNewProcess() => Figures.Run("Faults", "the init of a pid namespace exits", scenario =>
    {
        Kernel.RequireRoot();
        string unshare = Kernel.RequireProgram("unshare");
        LoadTests.WarmUp().GetAwaiter().GetResult();
        ResourceSnapshot before = ResourceSnapshot.Baseline();
        Process wrapper = ChildProgram.Start(unshare, "--pid", "--fork", "--", "sleep", "1000");
        int init = 0;
        Assert.True(Leaks.Eventually(() => (init = Kernel.Children(wrapper.Id).Select(c => c.Pid).FirstOrDefault()) != 0, HangGuard), "unshare --fork started no child");
        Assert.Contains("\t1", File.ReadAllLines($"/proc/{init}/status").Single(l => l.StartsWith("NSpid:", StringComparison.Ordinal)));
        using (NamespaceSet set = NamespaceSet.FromPid(init, NS.Pid))
        {
            string id = set.Id(NS.Pid);
            wrapper.Kill(entireProcessTree: true);
            Assert.True(wrapper.WaitForExit(HangGuard));
            ChildProgram.Close(wrapper);
            Assert.True(Leaks.Eventually(() => !Directory.Exists($"/proc/{init}"), HangGuard), "the init did not go");

            Assert.Equal(id, set.Id(NS.Pid)); // the fd pins the namespace
            // The kernel refuses new processes in a pid namespace whose init has exited (fork: ENOMEM).
            var refused = Assert.Throws<Win32Exception>(() => set.Do(() => Process.Start("true")));
            scenario.Input("Process.Start in a pid namespace whose init exited", "Win32Exception ENOMEM (the kernel's rule)", $"{refused.GetType().Name} {refused.NativeErrorCode}: {refused.Message}", refused.NativeErrorCode == 12);
            Assert.Equal(12, refused.NativeErrorCode);
        }
        scenario.Calls = 1;
        scenario.Work = "`unshare --pid --fork sleep`: FromPid on the sleeper (pid 1 inside), the process is killed; the set still names the namespace, a body starting a process gets ENOMEM";
        Leaks.AssertNoneLeft(scenario, before, Leaks.HeapBound);
    });

    [Fact]
    public void ANamespaceTypeTheKernelLacks_IsNotSupported_AndEveryTypeItHasIsCreated() => Figures.Run("Faults", "namespace types the kernel lacks", scenario =>
    {
        Kernel.RequireRoot();
        // The kernel has a type when /proc/self/ns has its entry (that is also how the library decides). No honest
        // way exists to take a type away from a running kernel: on a kernel that has all eight, only the first half
        // of this test can run, and the figures say so.
        var names = new Dictionary<NS, string>
        {
            [NS.Net] = "net", [NS.Uts] = "uts", [NS.Ipc] = "ipc", [NS.Mnt] = "mnt",
            [NS.Pid] = "pid", [NS.Cgroup] = "cgroup", [NS.User] = "user", [NS.Time] = "time",
        };
        string[] present = ProcFs.KernelNamespaceTypes();
        var lacking = names.Where(n => !present.Contains(n.Value)).Select(n => n.Key).ToArray();
        foreach ((NS ns, string name) in names)
        {
            if (lacking.Contains(ns))
            {
                var error = Record.Exception(() => NamespaceSet.Create(ns, ns == NS.User ? UnshareOptions.Unmapped : null).Dispose());
                scenario.Input($"Create(NS.{ns}) on a kernel without it", "NotSupportedException", error?.GetType().Name + ": " + error?.Message, error is NotSupportedException);
                Assert.IsType<NotSupportedException>(error);
                Assert.IsType<NotSupportedException>(Record.Exception(() => NamespaceSet.Current(ns)));
            }
            else
            {
                using NamespaceSet set = NamespaceSet.Create(ns, ns == NS.User ? UnshareOptions.Unmapped : null);
                Assert.NotEqual(Kernel.ProcessNs(name), set.Id(ns));
                scenario.Input($"Create(NS.{ns}) on this kernel (has /proc/self/ns/{name})", "a new namespace", "created " + set.Id(ns), true);
            }
        }
        scenario.Cycles = names.Count;
        scenario.Work = "each of the eight types: Create on a kernel that has it; NotSupportedException for each it lacks";
        scenario.Info("namespace types this kernel has (/proc/self/ns)", string.Join(", ", present));
        scenario.Info(SuiteFigures.NotExercised, lacking.Length == 0
            ? "NotSupportedException for a type the kernel lacks: this kernel has all eight types, and a type cannot be removed from a running kernel (hiding /proc entries or mocking would test something else). The path runs on a kernel built without one (e.g. CONFIG_TIME_NS=n, or before 5.6)."
            : $"none: the kernel lacks {string.Join(", ", lacking)}, and each gave NotSupportedException");
    });

    [Fact]
    public void InAUserNamespaceOfItsOwn_JoiningAHostOwnedNetworkIsEPERM_SayingWhoOwnsWhat() => Figures.Run("Faults", "rootless join (unshare -Ur child)", scenario =>
    {
        // Root inside a user namespace of its own has no power over the host's namespaces: the message must say who
        // owns the target and where the caller stands, not "run as root" or "run under unshare -Ur" (it already is).
        Kernel.RequireRoot();
        string unshare = Kernel.RequireProgram("unshare", "util-linux");
        // A bind mount of a host-owned network namespace: opening it is a file open (another process's /proc/PID/ns
        // files would first meet the kernel's ptrace check, EACCES from a child user namespace).
        using var directory = new TempDirectory(ProcFs.TempPrefix);
        string target = Path.Combine(directory.Path, "net");
        using NamespaceSet hostOwned = NamespaceSet.Create(NS.Net);
        hostOwned.MountNS(NS.Net, target);
        (int code, string output) result;
        try
        {
            result = ChildProgram.Run([unshare, "-Ur", "--", .. ChildProgram.Helper("join-from-own-user-namespace", target)]);
        }
        finally
        {
            NamespaceSet.Unmount(target);
        }
        (int code, string output) = result;
        Assert.True(code == 0, output);
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string self = lines.Single(l => l.StartsWith("self ", StringComparison.Ordinal))[5..];
        string host = Kernel.ProcessNs("user");
        Assert.NotEqual(host, self);
        foreach (string line in lines.Where(l => l.StartsWith("case ", StringComparison.Ordinal)))
        {
            string outcome = line.Split(' ', 3)[2];
            bool right = outcome.StartsWith("NamespaceException errno=1 ns=Net ", StringComparison.Ordinal)
                && outcome.Contains($"The net namespace {hostOwned.Id(NS.Net)} is owned by a user namespace outside this process's own", StringComparison.Ordinal)
                && outcome.Contains("stands in user namespace " + self, StringComparison.Ordinal)
                && !outcome.Contains("unshare -Ur", StringComparison.Ordinal);
            scenario.Input(line.Split(' ', 3)[1] + " of a host-owned net from " + self, "EPERM naming the target, an owner outside the caller's user namespace, and " + self + " as the caller's", outcome, right);
            Assert.True(right, line);
        }
        Assert.Equal(2, scenario.Inputs.Count);
        scenario.Calls = 0;
        scenario.Work = "a .NET child under unshare -Ur joins a network namespace the host made (bind-mounted) with Do and with DoRaw";
    });

    [Fact]
    public void WithoutCapSysAdmin_EveryPrivilegedOperationFailsWithEPERM_AndAHint_AndLeavesNothing() => Figures.Run("Faults", "no CAP_SYS_ADMIN (setpriv child)", scenario =>
    {
        Kernel.RequireRoot();
        string setpriv = Kernel.RequireProgram("setpriv");
        using var directory = new TempDirectory(ProcFs.TempPrefix);
        (int code, string output) = ChildProgram.Run([setpriv, "--bounding-set=-sys_admin", "--inh-caps=-sys_admin", "--", .. ChildProgram.Helper("no-cap-sys-admin", directory.Path)]);
        Assert.True(code == 0, output);
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        ulong capEff = ulong.Parse(lines.Single(l => l.StartsWith("capeff ", StringComparison.Ordinal))[7..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        Assert.True((capEff & (1UL << 21)) == 0, $"the child still has CAP_SYS_ADMIN (CapEff {capEff:x})");

        var privileged = new[] { "create-net", "create-uts-ipc", "create-mnt", "create-cgroup", "create-pid", "create-time", "do-current-net", "do-parent-net-uts", "mountns-net" };
        var failures = new List<string>();
        foreach (string line in lines.Where(l => l.StartsWith("case ", StringComparison.Ordinal)))
        {
            string[] parts = line.Split(' ', 3);
            string name = parts[1], outcome = parts[2];
            (string expected, bool right) = name switch
            {
                // Creating a user namespace needs no privilege; it either works or is refused by policy with EPERM.
                "create-user-net" => ("ok (no privilege needed), or EPERM by policy",
                    outcome == "ok" || outcome.StartsWith("NamespaceException errno=1 ", StringComparison.Ordinal)),
                // Opening pid 1's namespace files passes the kernel's ptrace check first, which may say EACCES.
                "do-pid1-net" => ("NamespaceException EPERM or EACCES naming CAP_SYS_ADMIN",
                    (outcome.StartsWith("NamespaceException errno=1 ", StringComparison.Ordinal) || outcome.StartsWith("NamespaceException errno=13 ", StringComparison.Ordinal))
                    && outcome.Contains("CAP_SYS_ADMIN", StringComparison.Ordinal)),
                _ => ("NamespaceException EPERM naming CAP_SYS_ADMIN",
                    outcome.StartsWith("NamespaceException errno=1 ", StringComparison.Ordinal) && outcome.Contains("EPERM", StringComparison.Ordinal) && outcome.Contains("CAP_SYS_ADMIN", StringComparison.Ordinal)),
            };
            scenario.Input(name + " without CAP_SYS_ADMIN", expected, outcome, right);
            if (!right)
            {
                failures.Add(line);
            }
        }
        Assert.Equal(privileged.Length + 2, scenario.Inputs.Count);
        Assert.All(privileged, p => Assert.Contains(scenario.Inputs, i => i.Input.StartsWith(p + " ", StringComparison.Ordinal)));
        string left = lines.Single(l => l.StartsWith("left ", StringComparison.Ordinal));
        int[] fds = left.Split(' ')[1][4..].Split("->").Select(int.Parse).ToArray();
        scenario.Check("fds in the child (second pass of every case)", fds[0], fds[1], fds[1] > fds[0], lines.Single(l => l.StartsWith("newfds", StringComparison.Ordinal))[6..].Trim());
        int foreign = int.Parse(left.Split(' ')[2][8..], CultureInfo.InvariantCulture);
        int children = int.Parse(left.Split(' ')[3][9..], CultureInfo.InvariantCulture);
        scenario.Check("foreign threads in the child", 0, foreign, foreign > 0);
        scenario.Check("children of the child", 0, children, children > 0);
        scenario.Check("files left in the mount target directory", 0, Directory.GetFileSystemEntries(directory.Path).Length, Directory.GetFileSystemEntries(directory.Path).Length > 0);
        scenario.Calls = 0; // attempts in the child, refused before any dispatch: counted as inputs
        scenario.Work = "a child under `setpriv --bounding-set=-sys_admin` tries each operation twice: Create (net, uts+ipc, mnt, cgroup, pid, time, user+net), Do on existing namespaces, MountNS";
        Assert.True(failures.Count == 0, "not refused as expected: " + string.Join(" | ", failures));
        Assert.DoesNotContain(scenario.Checks, c => c.Leaked);
    });
}

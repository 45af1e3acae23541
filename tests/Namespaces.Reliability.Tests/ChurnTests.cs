using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Namespaces.Reliability.Tests.Support;
using Namespaces.Testing;
using Xunit;

namespace Namespaces.Reliability.Tests;

/// <summary>
/// Create/dispose cycles, each with a call into the new set (so namespace threads are made and ended too):
/// no fd, thread, mount, child, zombie or managed memory may stay behind.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class ChurnTests
{
    private const long HeapBound = Leaks.HeapBound;

    [Fact]
    public void Net_5000Cycles() => Figures.Run("Churn", "{Net} × 5,000", scenario =>
    {
        Kernel.RequireRoot();
        Cycle(NS.Net);
        ResourceSnapshot before = ResourceSnapshot.Baseline();
        const int cycles = 5_000;
        int wrong = 0;
        for (int i = 0; i < cycles; i++)
        {
            wrong += Cycle(NS.Net) ? 0 : 1;
        }

        scenario.Cycles = cycles;
        scenario.Calls = cycles;
        scenario.Work = "Create(Net), one generated call checked against the set's net inode, Dispose";
        scenario.Info("wrong results", wrong.ToString());
        Assert.Equal(0, wrong);
        Leaks.AssertNoneLeft(scenario, before, HeapBound);
    });

    [Fact]
    public void NetUtsIpcMnt_5000Cycles() => Figures.Run("Churn", "{Net|Uts|Ipc|Mnt} × 5,000", scenario =>
    {
        Kernel.RequireRoot();
        const NS four = NS.Net | NS.Uts | NS.Ipc | NS.Mnt;
        Cycle(four);
        ResourceSnapshot before = ResourceSnapshot.Baseline();
        const int cycles = 5_000;
        int wrong = 0;
        for (int i = 0; i < cycles; i++)
        {
            wrong += Cycle(four) ? 0 : 1;
        }

        scenario.Cycles = cycles;
        scenario.Calls = cycles;
        scenario.Work = "Create(Net|Uts|Ipc|Mnt), one generated call that joins all four checked against the set's inodes, Dispose";
        scenario.Info("wrong results", wrong.ToString());
        Assert.Equal(0, wrong);
        Leaks.AssertNoneLeft(scenario, before, HeapBound);
    });

    [Fact]
    public void UserNet_WithIdMaps_500Cycles() => Figures.Run("Churn", "{User|Net} with id maps × 500", scenario =>
    {
        Kernel.RequireRoot();
        var maps = UnshareOptions.WithIdMaps([new IdMap(0, 100000, 65536)], [new IdMap(0, 100000, 65536)]);
        string homeUser = Kernel.ProcessNs("user");
        bool UserCycle()
        {
            using NamespaceSet set = NamespaceSet.Create(NS.User | NS.Net, maps);
            using NamespaceSet net = set.Dup(NS.Net); // a user namespace cannot be joined; the rest can
            return set.Id(NS.User) != homeUser && Bodies.InNet(net, 7).Net == ProcFs.InodeOf(set.Id(NS.Net));
        }
        UserCycle();
        ResourceSnapshot before = ResourceSnapshot.Baseline();
        const int cycles = 500;
        int wrong = 0;
        for (int i = 0; i < cycles; i++)
        {
            wrong += UserCycle() ? 0 : 1;
        }

        scenario.Cycles = cycles;
        scenario.Calls = cycles;
        scenario.Work = "Create(User|Net) with uid/gid maps 0 100000 65536 (a clone child each), Dup(Net), one generated call in it, Dispose both";
        scenario.Info("wrong results", wrong.ToString());
        Assert.Equal(0, wrong);
        Leaks.AssertNoneLeft(scenario, before, HeapBound);
    });

    [Fact]
    public void Pid_200Cycles_EachWithAProcessLeftRunningInside() => Figures.Run("Churn", "{Pid} × 200, a process left running inside each", scenario =>
    {
        Kernel.RequireRoot();
        string sleep = Kernel.RequireProgram("sleep");
        (bool Right, Process Process) PidCycle()
        {
            Process inside;
            string nsPid;
            using (NamespaceSet set = NamespaceSet.Create(NS.Pid))
            {
                string pidNs = set.Id(NS.Pid);
                // The body starts a process and returns: the process lives in the new pid namespace, a child of ours.
                inside = set.Do(() => Process.Start(sleep, "1000"));
                string status = File.ReadAllText($"/proc/{inside.Id}/status");
                nsPid = status.Split('\n').Single(l => l.StartsWith("NSpid:", StringComparison.Ordinal));
                if (Kernel.TryLink($"/proc/{inside.Id}/ns/pid") != pidNs)
                {
                    return (false, inside);
                }
            }
            // Dispose killed the namespace's init, so the kernel killed everything inside it.
            bool ended = inside.WaitForExit(TimeSpan.FromSeconds(30)); // a hang guard: the kill is immediate
            return (ended && nsPid.EndsWith("\t2", StringComparison.Ordinal), inside);
        }
        PidCycle().Process.Dispose();
        ResourceSnapshot before = ResourceSnapshot.Baseline();
        const int cycles = 200;
        int wrong = 0;
        for (int i = 0; i < cycles; i++)
        {
            (bool right, Process process) = PidCycle();
            wrong += right ? 0 : 1;
            process.Dispose();
        }
        scenario.Cycles = cycles;
        scenario.Calls = cycles;
        scenario.Work = "Create(Pid) (its init a clone child), a body starts `sleep 1000` inside (pid 2 there), Dispose: init killed and reaped, the sleeper killed by the kernel";
        scenario.Info("cycles where the process inside was not pid 2 or did not end with its namespace", wrong.ToString());
        Assert.Equal(0, wrong);
        Leaks.AssertNoneLeft(scenario, before, HeapBound);
    });

    /// <summary>Create, one call that checks the namespaces it ran in, Dispose.</summary>
    private static bool Cycle(NS namespaces)
    {
        using NamespaceSet set = NamespaceSet.Create(namespaces);
        if (namespaces == NS.Net)
        {
            return Bodies.InNet(set, 11).Net == ProcFs.InodeOf(set.Id(NS.Net));
        }

        ulong[] seen = Bodies.InFour(set);
        return seen.SequenceEqual(new[] { NS.Net, NS.Uts, NS.Ipc, NS.Mnt }.Select(ns => ProcFs.InodeOf(set.Id(ns))));
    }
}

using System;
using System.Linq;
using System.Threading;
using Namespaces.Creation;
using Namespaces.Testing;
using Namespaces.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Namespaces.Tests;

/// <summary>Many create/dispose cycles leave no fd, thread, child process, zombie or moved thread behind.</summary>
[Collection(SerialCollection.Name)]
public sealed class LeakTests(ITestOutputHelper output)
{
    [Fact]
    public void ThousandCycles_OfCreateDoDispose_LeaveEveryCountAndEveryThreadAsTheyWere()
    {
        Kernel.RequireRoot();
        Cycle(NS.Net | NS.Uts); // start the home thread, the runtime's service threads and a restorable thread
        var before = Snapshot();

        for (int i = 0; i < 1000; i++)
        {
            Cycle(NS.Net | NS.Uts);
        }

        AssertBackTo(before, "1,000 cycles of Net|Uts");
    }

    [Fact]
    public void Cycles_OfUserPidAndMountSets_LeaveNoChildOrZombie()
    {
        Kernel.RequireRoot();
        var maps = UnshareOptions.WithIdMaps([new IdMap(0, 100000, 65536)], [new IdMap(0, 100000, 65536)]);
        Cycle(NS.Pid);
        NamespaceSet.Create(NS.User | NS.Net, maps).Dispose();
        var before = Snapshot();

        for (int i = 0; i < 200; i++)
        {
            NamespaceSet.Create(NS.User | NS.Net, maps).Dispose();
            Cycle(NS.Pid | NS.Net);
            Cycle(NS.Mnt | NS.Ipc);
            using (NamespaceSet pid = NamespaceSet.Create(NS.Pid))
            using (NamespaceSet copy = pid.Dup())
            {
                pid.Dispose(); // the copy keeps the namespace's init alive
                string pidNs = copy.Id(NS.Pid);
                Assert.Single(Kernel.ChildProcesses(), child => Kernel.TryLink($"/proc/{child}/ns/pid") == pidNs);
            }
        }

        AssertBackTo(before, "200 cycles of User|Net, Pid|Net, Mnt|Ipc and a duplicated Pid");
    }

    private static void Cycle(NS namespaces)
    {
        using NamespaceSet set = NamespaceSet.Create(namespaces);
        set.Do(() => { });
    }

    private sealed record State(string[] Fds, int Threads, string[] ThreadNamespaces);

    private static State Snapshot()
    {
        // Console dups stdout and stderr when the process first touches it (the test host may, at any time).
        _ = Console.Out;
        _ = Console.Error;
        // Handles other tests left to the finalizer would otherwise close in the middle of the count.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var threads = Kernel.ThreadNamespaces();
        return new State(Kernel.OpenFds(), threads.Count, threads.OrderBy(t => t.Key).Select(t => $"{t.Key}: {t.Value}").ToArray());
    }

    private void AssertBackTo(State before, string what)
    {
        State after = Snapshot();
        output.WriteLine($"{what}: fds {before.Fds.Length} -> {after.Fds.Length}, threads {before.Threads} -> {after.Threads}");

        Assert.True(before.Fds.Length == after.Fds.Length,
            $"fds {before.Fds.Length} -> {after.Fds.Length}; new: {string.Join(", ", after.Fds.Except(before.Fds))}; gone: {string.Join(", ", before.Fds.Except(after.Fds))}");
        // Killed children are reaped by the library's reaper thread, moments after Dispose returned.
        Assert.True(SpinWait.SpinUntil(() => ChildProcess.LiveCount == 0 && Kernel.ChildProcesses().Count == 0, TimeSpan.FromSeconds(10)),
            $"{ChildProcess.LiveCount} children not reaped; children: {string.Join(", ", Kernel.ChildProcesses())}");
        Assert.Empty(Kernel.ZombieChildren());
        Assert.Empty(ThreadAudit.ForeignThreads());
        // Every thread alive before and after stands in the namespaces it stood in; nothing new stayed behind.
        static string Tid(string entry) => entry.Split(':')[0];
        string[] survivors = before.ThreadNamespaces.Select(Tid).Intersect(after.ThreadNamespaces.Select(Tid)).ToArray();
        Assert.Equal(before.ThreadNamespaces.Where(t => survivors.Contains(Tid(t))), after.ThreadNamespaces.Where(t => survivors.Contains(Tid(t))));
        // New threads may appear (the thread pool grows as it likes, namespace threads are shared by every set and
        // stay, bounded), but every new thread stands in the home namespaces.
        WorkerThreads.AssertAllHomeAndBounded();
        string home = before.ThreadNamespaces[0][(before.ThreadNamespaces[0].IndexOf(':') + 2)..];
        string[] newThreads = after.ThreadNamespaces.Where(t => !survivors.Contains(Tid(t))).ToArray();
        Assert.All(newThreads, t => Assert.EndsWith(home, t));
    }
}

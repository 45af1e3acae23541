using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using Namespaces.Testing;
using Namespaces.Tests.Support;
using Xunit;

namespace Namespaces.Tests;

/// <summary>
/// Namespaces made by the native helper: owned by the set's user namespace after Unshare, a pid namespace's init
/// that reaps, clock offsets of a time namespace, user and time together. Checked with what the kernel says.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class NativeCreationTests
{
    private static readonly UnshareOptions RootMaps = IdMaps.Root;

    public NativeCreationTests() => Kernel.RequireRoot();

    private static string RunInside(NamespaceSet set, string script, ProcessOptions? options = null)
    {
        var info = new ProcessStartInfo("sh") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        using Process process = set.StartProcess(info, options);
        string output = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(60_000), "the process did not exit within 60 s");
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {error}");
        return output;
    }

    [Fact]
    public void Unshare_OnAUserSet_NewNamespacesAreOwnedByTheSetsUserNamespace()
    {
        using NamespaceSet user = NamespaceSet.Create(NS.User, RootMaps);
        using NamespaceSet inner = user.Unshare(NS.Net | NS.Uts | NS.Ipc | NS.Mnt);

        Assert.Equal(user.Id(NS.User), inner.Id(NS.User));
        foreach (NS ns in new[] { NS.Net, NS.Uts, NS.Ipc, NS.Mnt })
        {
            Assert.Equal(user.Id(NS.User), Owners.OwnerOf(inner, ns));
        }
        // Root in the set's user namespace has power over them: it can bring lo up and set the hostname.
        string output = RunInside(inner, "ip link set lo up && hostname owned-inside && hostname && ip -o link show lo");
        Assert.StartsWith("owned-inside\n", output);
        Assert.Contains("UP", output);
    }

    [Fact]
    public void Create_UserNet_TheNetNamespaceIsOwnedByTheNewUserNamespace()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.User | NS.Net, RootMaps);
        Assert.Equal(set.Id(NS.User), Owners.OwnerOf(set, NS.Net));
        Assert.Equal(Kernel.ProcessNs("user"), Owners.ParentOf(set));
    }

    [Fact]
    public void Create_UserNetUts_FromABodyOrAForeignThread_IsMadeAsFromTheMainThread()
    {
        // The helper of a Create that needs no init starts on the calling thread when that thread stands at home; a
        // body's thread (a namespace thread) or a thread standing elsewhere (DoRaw's) hands it to the launcher.
        using NamespaceSet other = NamespaceSet.Create(NS.Net | NS.Uts | NS.Ipc);
        string hostUser = Kernel.ProcessNs("user");
        var made = new List<NamespaceSet>();
        try
        {
            made.Add(NamespaceSet.Create(NS.User | NS.Net | NS.Uts, RootMaps));
            made.Add(other.Do(() => NamespaceSet.Create(NS.User | NS.Net | NS.Uts, RootMaps)));
            other.DoRaw(() =>
            {
                made.Add(NamespaceSet.Create(NS.User | NS.Net | NS.Uts, RootMaps));
                return true;
            }, restore: true);
            Assert.Equal(3, made.Count);
            foreach (NamespaceSet set in made)
            {
                Assert.Equal(hostUser, Owners.ParentOf(set));
                Assert.Equal(set.Id(NS.User), Owners.OwnerOf(set, NS.Net));
                Assert.Equal(set.Id(NS.User), Owners.OwnerOf(set, NS.Uts));
                Assert.NotEqual(other.Id(NS.Net), set.Id(NS.Net));
                Assert.NotEqual(other.Id(NS.Uts), set.Id(NS.Uts));
            }
            Assert.Equal(3, made.Select(s => s.Id(NS.Net)).Distinct().Count());
        }
        finally
        {
            made.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public void Unshare_User_OnAUserSet_MakesAChildUserNamespace()
    {
        using NamespaceSet user = NamespaceSet.Create(NS.User | NS.Net, RootMaps);
        using NamespaceSet child = user.Unshare(NS.User, UnshareOptions.Unmapped);
        Assert.NotEqual(user.Id(NS.User), child.Id(NS.User));
        Assert.Equal(user.Id(NS.User), Owners.ParentOf(child));
        Assert.Equal(user.Id(NS.Net), child.Id(NS.Net)); // kept
    }

    [Fact]
    public void ThreadInterrupt_DuringCreatePid_LeavesNoChildAndFailsNothing()
    {
        // Create(Pid) hands the fork to the launcher thread and waits for it: an interrupt that ended that wait left
        // the init it started with nobody in charge of it, for the life of the process (304 children left by 300
        // interrupted calls here, and a call failing with "the helper exited before it was ready").
        NamespaceSet.Create(NS.Pid).Dispose(); // the launcher thread exists: what is interrupted is the wait for it
        List<int> before = Kernel.ChildProcesses();
        var failures = new List<string>();
        int interrupted = 0;
        var worker = new Thread(() =>
        {
            for (int i = 0; i < 300; i++)
            {
                try
                {
                    NamespaceSet.Create(NS.Pid).Dispose();
                }
                catch (ThreadInterruptedException)
                {
                    interrupted++; // allowed only after the library's part is done: nothing may be left (below)
                }
                catch (Exception e)
                {
                    failures.Add(e.GetType().Name + ": " + e.Message);
                }
            }
        });
        worker.Start();
        while (worker.IsAlive)
        {
            Thread.Sleep(1);
            worker.Interrupt();
        }

        worker.Join();
        Assert.Empty(failures);
        int[] left = [];
        bool gone = SpinWait.SpinUntil(() => (left = [.. Kernel.ChildProcesses().Except(before)]).Length == 0, TimeSpan.FromSeconds(10));
        Assert.True(gone, "children left: " + string.Join(", ", left.Select(pid => $"{pid} ({Comm(pid)})")));
        Assert.Empty(Kernel.ZombieChildren());
    }

    [Fact]
    public void StartProcess_InAChildUserNamespaceBesideTheParentsNet_JoinsBoth()
    {
        // The child user namespace does not own the net it keeps from its parent: joined after the user namespace,
        // setns(net) is EPERM. The helper joins the others first, while it still stands in ours (nsenter's order).
        using NamespaceSet user = NamespaceSet.Create(NS.User | NS.Net | NS.Uts, UnshareOptions.WithIdMaps(WideMap, WideMap));
        using NamespaceSet child = user.Unshare(NS.User, UnshareOptions.WithIdMaps(LowThousand, LowThousand));
        Assert.Equal(user.Id(NS.User), Owners.ParentOf(child));
        Assert.Equal(user.Id(NS.Net), child.Id(NS.Net));
        Assert.NotEqual(child.Id(NS.User), Owners.OwnerOf(child, NS.Net));

        string[] lines = RunInside(child, "readlink /proc/self/ns/user /proc/self/ns/net /proc/self/ns/uts; id -u").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(child.Id(NS.User), lines[0]);
        Assert.Equal(user.Id(NS.Net), lines[1]);
        Assert.Equal(user.Id(NS.Uts), lines[2]);
        Assert.Equal("0", lines[3]);
    }

    private static readonly IdMap[] WideMap = [new IdMap(0, 100000, 65536)];
    private static readonly IdMap[] LowThousand = [new IdMap(0, 0, 1000)];

    [Fact]
    public void Unshare_UserNet_OnAUserSetMappedElsewhere_TheMapsAreWrittenFromTheSetsUserNamespace()
    {
        using NamespaceSet user = NamespaceSet.Create(NS.User, UnshareOptions.WithIdMaps(WideMap, WideMap));
        using NamespaceSet child = user.Unshare(NS.User | NS.Net, UnshareOptions.WithIdMaps(LowThousand, LowThousand));

        Assert.Equal(user.Id(NS.User), Owners.ParentOf(child));
        Assert.Equal(child.Id(NS.User), Owners.OwnerOf(child, NS.Net));
        // Inside: the map in the set's ids, uid 0, and root's power over the new net (owned by the child).
        string[] inside = RunInside(child, "cat /proc/self/uid_map /proc/self/gid_map /proc/self/setgroups; id -u; id -g; ip link set lo up && ip -o link show lo")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["0 0 1000", "0 0 1000", "deny", "0", "0"], inside.Take(5).Select(Words));
        Assert.Contains("UP", inside[5]);

        // From the host the same ranges read in host ids: the child's 0..999 are the set's 0..999, host 100000..
        using Process sleeper = child.StartProcess(new ProcessStartInfo("sleep", "60"));
        try
        {
            Assert.Equal(child.Id(NS.User), Kernel.Link($"/proc/{sleeper.Id}/ns/user"));
            Assert.Contains(sleeper.Id, ProcessesInOrBelow(user.Id(NS.User))); // what AssertNothingLeft looks for
            Assert.Equal("0 100000 1000", Words(File.ReadAllText($"/proc/{sleeper.Id}/uid_map").Trim()));
            Assert.Equal("0 100000 1000", Words(File.ReadAllText($"/proc/{sleeper.Id}/gid_map").Trim()));
            // nsenter into the process's user and net namespaces agrees (it becomes uid 0 there, as StartProcess does).
            string[] entered = Kernel.RunChecked("nsenter", "-t", sleeper.Id.ToString(CultureInfo.InvariantCulture), "-U", "-n", "sh", "-c", "cat /proc/self/uid_map; id -u; readlink /proc/self/ns/net")
                .Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(["0 0 1000", "0", child.Id(NS.Net)], entered.Select(Words));
        }
        finally
        {
            sleeper.Kill();
            sleeper.WaitForExit();
        }
    }

    [Fact]
    public void Unshare_UserPid_OnAUserSetMappedElsewhere_TheInitStandsInTheMappedChild()
    {
        using NamespaceSet user = NamespaceSet.Create(NS.User, UnshareOptions.WithIdMaps(WideMap, WideMap));
        using NamespaceSet child = user.Unshare(NS.User | NS.Pid | NS.Mnt, UnshareOptions.WithIdMaps(LowThousand, LowThousand));
        Assert.Equal(user.Id(NS.User), Owners.ParentOf(child));
        Assert.Equal(child.Id(NS.User), Owners.OwnerOf(child, NS.Pid));
        string[] inside = RunInside(child, "id -u; cat /proc/self/uid_map; ls /proc | grep -c '^[0-9]'", new ProcessOptions { MountProc = true })
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("0", inside[0]);
        Assert.Equal("0 0 1000", Words(inside[1]));
        Assert.InRange(int.Parse(inside[2], CultureInfo.InvariantCulture), 2, 5);
    }

    [Fact]
    public void Unshare_UserUnmapped_OnAUserSetMappedElsewhere_Works()
    {
        // Host root is not mapped in the set's user namespace; the kernel refuses unshare(CLONE_NEWUSER) to a creator
        // whose ids are unmapped in the parent (EPERM), so the helper becomes the set's root first.
        using NamespaceSet user = NamespaceSet.Create(NS.User, UnshareOptions.WithIdMaps(WideMap, WideMap));
        using NamespaceSet child = user.Unshare(NS.User, UnshareOptions.Unmapped);
        Assert.Equal(user.Id(NS.User), Owners.ParentOf(child));
    }

    [Theory]
    [InlineData("uid")]
    [InlineData("gid")]
    public void Unshare_User_OnAUserSet_MapOutsideTheSetsMap_IsATypedErrorAndLeavesNothing(string bad)
    {
        using NamespaceSet user = NamespaceSet.Create(NS.User, UnshareOptions.WithIdMaps(WideMap, WideMap));
        IdMap[] outside = [new IdMap(0, 70000, 10)]; // the set maps 0..65535
        UnshareOptions options = bad == "uid" ? UnshareOptions.WithIdMaps(outside, LowThousand) : UnshareOptions.WithIdMaps(LowThousand, outside);
        Console.Out.Flush(); // Console dups its streams on first use: not a leak of ours
        string[] fdsBefore = Kernel.OpenFds();
        List<int> childrenBefore = Kernel.ChildProcesses();

        NamespaceException e = Assert.Throws<NamespaceException>(() => user.Unshare(NS.User | NS.Net, options));

        Assert.Equal(1, e.Errno); // EPERM: the kernel found a range outside the parent's map
        Assert.Equal(NS.User, e.Namespace);
        Assert.Contains($"\"0 70000 10\" to the new user namespace's {bad}_map", e.Message);
        Assert.Contains($"inside the set's own {bad}_map", e.Message);
        // The helper exits once its mapper failed and is reaped; the mapper (which reported, then exits) goes with it.
        AssertNothingLeft(user, childrenBefore);
        Assert.True(SpinWait.SpinUntil(() => !Kernel.OpenFds().Except(fdsBefore).Any(), TimeSpan.FromSeconds(5)),
            "new fds: " + string.Join(", ", Kernel.OpenFds().Except(fdsBefore)));
        // Nothing lost: the set works as before.
        using NamespaceSet child = user.Unshare(NS.User, UnshareOptions.WithIdMaps(LowThousand, LowThousand));
        Assert.Equal(user.Id(NS.User), Owners.ParentOf(child));
    }

    [Fact]
    public void Unshare_User_OnAUserSet_MultiLineMaps_AreWrittenWhole_AndABadOneIsDescribedShort()
    {
        using NamespaceSet user = NamespaceSet.Create(NS.User, UnshareOptions.WithIdMaps(WideMap, WideMap));
        IdMap[] two = [new IdMap(0, 0, 10), new IdMap(100, 5000, 10)];
        using (NamespaceSet child = user.Unshare(NS.User, UnshareOptions.WithIdMaps(two, two)))
        {
            string[] lines = RunInside(child, "cat /proc/self/uid_map").Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(["0 0 10", "100 5000 10"], lines.Select(Words));
        }

        IdMap[] secondOutside = [new IdMap(0, 0, 10), new IdMap(100, 65530, 10)]; // runs 4 ids past the set's map
        NamespaceException e = Assert.Throws<NamespaceException>(() => user.Unshare(NS.User, UnshareOptions.WithIdMaps(two, secondOutside)));
        Assert.Equal(1, e.Errno);
        Assert.Contains("writing 2 lines (\"0 0 10\", …) to the new user namespace's gid_map", e.Message);
    }

    [Fact]
    public void Unshare_User_OnAUserSetWithoutRoot_IsATypedErrorNamingTheCreator()
    {
        using NamespaceSet user = NamespaceSet.Create(NS.User, UnshareOptions.WithIdMaps([new IdMap(1000, 100000, 1)], [new IdMap(1000, 100000, 1)]));
        NamespaceException e = Assert.Throws<NamespaceException>(() => user.Unshare(NS.User, UnshareOptions.WithIdMaps([new IdMap(0, 1000, 1)], [new IdMap(0, 1000, 1)])));
        Assert.Equal(22, e.Errno); // EINVAL: setresuid(0) to an id the set does not map
        Assert.Equal(NS.User, e.Namespace);
        Assert.Contains("uid and gid 0 of the set's user namespace", e.Message);
        Assert.Contains("container id 0", e.Message);
    }

    [Fact]
    public void Unshare_User_OnAUserSet_TwoHundredTimes_LeavesNoProcess()
    {
        using NamespaceSet user = NamespaceSet.Create(NS.User, UnshareOptions.WithIdMaps(WideMap, WideMap));
        List<int> childrenBefore = Kernel.ChildProcesses();
        string parent = user.Id(NS.User);
        for (int i = 0; i < 200; i++)
        {
            using NamespaceSet child = user.Unshare(NS.User | NS.Net, UnshareOptions.WithIdMaps(LowThousand, LowThousand));
            Assert.Equal(parent, Owners.ParentOf(child));
        }

        AssertNothingLeft(user, childrenBefore);
    }

    [Theory]
    [InlineData("read", 127)]     // the mapper's one read, waiting for the helper to unshare: the helper must leave (127)
    [InlineData("unshare", 137)]  // the helper, its mapper waiting: the mapper must see EOF and leave; strace dies as the helper did
    public void Helper_MapperOrHelperKilledAtTheWorstMoment_NeitherIsLeft(string syscall, int exitCode)
    {
        // strace's fault injection SIGKILLs whichever process makes that system call, at exactly that point.
        string strace = Kernel.RequireProgram("strace", "strace");
        using NamespaceSet user = NamespaceSet.Create(NS.User, UnshareOptions.WithIdMaps(WideMap, WideMap));
        string helper = Namespaces.Processes.NativeHelper.Path.Replace("/proc/self/", $"/proc/{Environment.ProcessId}/", StringComparison.Ordinal);
        var info = new ProcessStartInfo(strace);
        foreach (string argument in new[] { "-f", "-qq", "-o", "/dev/null", "-e", "trace=" + syscall, "-e", $"inject={syscall}:signal=SIGKILL",
            helper, "-j", user.PathOf(NS.User), "-I", "-X", "0 0 10\n", "-S", "-Y", "0 0 10\n", "-u", "10000000", "-H" })
        {
            info.ArgumentList.Add(argument);
        }

        using Process traced = Process.Start(info)!;
        bool exited = traced.WaitForExit(20_000); // strace -f leaves once every process it traces is gone
        if (!exited)
        {
            traced.Kill(entireProcessTree: true);
        }

        Assert.True(exited, $"after a SIGKILL at {syscall}, the helper or its mapper was still there after 20 s");
        Assert.Equal(exitCode, traced.ExitCode);
        // strace leaves as soon as the helper dies; its mapper, reparented, sees EOF and leaves on its own.
        AssertNothingLeft(user, Kernel.ChildProcesses());
    }

    /// <summary>
    /// No child of ours beyond <paramref name="childrenBefore"/>, no zombie, and no process (a helper, its mapper, either
    /// reparented) in the set's user namespace or one made inside it: every namespace made from the set is disposed.
    /// </summary>
    private static void AssertNothingLeft(NamespaceSet user, List<int> childrenBefore)
    {
        string parent = user.Id(NS.User);
        int[] left = [];
        bool gone = SpinWait.SpinUntil(() => (left = [.. Kernel.ChildProcesses().Except(childrenBefore), .. ProcessesInOrBelow(parent)]).Length == 0, TimeSpan.FromSeconds(10));
        Assert.True(gone, "processes left: " + string.Join(", ", left.Select(pid => $"{pid} ({Comm(pid)})")));
        Assert.Empty(Kernel.ZombieChildren());
    }

    private static string Comm(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").TrimEnd('\n');
        }
        catch (IOException)
        {
            return "exited";
        }
    }

    /// <summary>Processes standing in <paramref name="userNamespace"/> or a user namespace below it (zombies, whose links cannot be read, excepted).</summary>
    private static int[] ProcessesInOrBelow(string userNamespace) => Directory.GetDirectories("/proc")
        .Select(d => int.TryParse(Path.GetFileName(d), out int pid) ? pid : 0)
        .Where(pid => pid > 0 && Owners.UserNamespacesOf(pid).Contains(userNamespace))
        .ToArray();

    [Fact]
    public void Create_Pid_InitReapsAThousandOrphans()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.Pid);
        // Each subshell exits at once and leaves its sleep to the namespace's init, which must reap it.
        RunInside(set, "i=0; while [ $i -lt 1000 ]; do (sleep 0.01 &); i=$((i+1)); done");
        // A zombie's ns links cannot be read: the init is found by NSpid, its children (zombies too) by ppid.
        int init = Assert.Single(ProcessesIn(set.Id(NS.Pid)), IsInit); // the sleeps may still be exiting
        int[] children = [];
        bool settled = SpinWait.SpinUntil(() => (children = ChildrenOf(init)).Length == 0, TimeSpan.FromSeconds(20));
        Assert.True(settled, $"{children.Length} children of the init left, {children.Count(IsZombie)} of them zombies");
        Assert.False(IsZombie(init));
        Assert.Empty(Kernel.ZombieChildren());
    }

    [Fact]
    public void Create_Pid_DisposeKillsAndReapsTheInitAndEveryProcessInside()
    {
        NamespaceSet set = NamespaceSet.Create(NS.Pid);
        using Process sleeper = set.StartProcess(new ProcessStartInfo("sleep", "60"), new ProcessOptions { KillOnDispose = false });
        string pidNs = set.Id(NS.Pid);
        Assert.Equal(2, ProcessesIn(pidNs).Length); // init and sleep
        set.Dispose();
        Assert.True(SpinWait.SpinUntil(() => ProcessesIn(pidNs).Length == 0, TimeSpan.FromSeconds(10)), "processes left in the pid namespace after Dispose");
        Assert.True(sleeper.WaitForExit(10_000));
        Assert.True(SpinWait.SpinUntil(() => Kernel.ZombieChildren().Count == 0, TimeSpan.FromSeconds(10)), "zombies: " + string.Join(",", Kernel.ZombieChildren()));
    }

    [Fact]
    public void Create_Time_ClockOffsetsAreSeenByAProcessInside()
    {
        var options = new UnshareOptions { MonotonicOffset = TimeSpan.FromDays(1000), BoottimeOffset = TimeSpan.FromDays(2000) + TimeSpan.FromMilliseconds(1500) };
        using NamespaceSet set = NamespaceSet.Create(NS.Time, options);
        string[] lines = RunInside(set, "cat /proc/self/timens_offsets; cut -d' ' -f1 /proc/uptime").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("monotonic 86400000 0", lines.Select(Words));
        Assert.Contains("boottime 172800001 500000000", lines.Select(Words));
        double uptime = double.Parse(lines[^1], CultureInfo.InvariantCulture);
        Assert.True(uptime > TimeSpan.FromDays(2000).TotalSeconds, $"uptime inside is {uptime} s");
        Assert.True(double.Parse(File.ReadAllText("/proc/uptime").Split(' ')[0], CultureInfo.InvariantCulture) < TimeSpan.FromDays(2000).TotalSeconds);
    }

    [Fact]
    public void Create_Time_NegativeOffsetIsNormalised_AndOneBelowZeroIsATypedError()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.Time, new UnshareOptions { MonotonicOffset = TimeSpan.FromSeconds(-1.25) });
        Assert.Contains("monotonic -2 750000000", RunInside(set, "cat /proc/self/timens_offsets").Split('\n').Select(Words));
        NamespaceException e = Assert.Throws<NamespaceException>(() => NamespaceSet.Create(NS.Time, new UnshareOptions { BoottimeOffset = TimeSpan.FromDays(-100_000) }));
        Assert.Equal(34, e.Errno); // ERANGE: the clock would go below zero
        Assert.Contains("timens_offsets", e.Message);
        Assert.Contains("below 0", e.Message);
        e = Assert.Throws<NamespaceException>(() => NamespaceSet.Create(NS.Net, new UnshareOptions { MonotonicOffset = TimeSpan.FromSeconds(1) }));
        Assert.Equal(NS.Time, e.Namespace);
    }

    [Fact]
    public void Create_UserTime_TogetherWork_TheTimeNamespaceIsOwnedByTheUserNamespace()
    {
        var options = RootMaps with { BoottimeOffset = TimeSpan.FromDays(3000) };
        using NamespaceSet set = NamespaceSet.Create(NS.User | NS.Time, options);
        Assert.Equal(set.Id(NS.User), Owners.OwnerOf(set, NS.Time));
        string[] lines = RunInside(set, "readlink /proc/self/ns/time /proc/self/ns/user; cut -d' ' -f1 /proc/uptime").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(set.Id(NS.Time), lines[0]);
        Assert.Equal(set.Id(NS.User), lines[1]);
        Assert.True(double.Parse(lines[2], CultureInfo.InvariantCulture) > TimeSpan.FromDays(3000).TotalSeconds);
    }

    [Fact]
    public void Create_UserPidMntNetUts_AllInOne()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.User | NS.Pid | NS.Mnt | NS.Net | NS.Uts, RootMaps);
        foreach (NS ns in new[] { NS.Pid, NS.Mnt, NS.Net, NS.Uts })
        {
            Assert.Equal(set.Id(NS.User), Owners.OwnerOf(set, ns));
        }

        string output = RunInside(set, "hostname sandbox && hostname && id -u && ls /proc | grep -c '^[0-9]'", new ProcessOptions { MountProc = true });
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("sandbox", lines[0]);
        Assert.Equal("0", lines[1]);
        Assert.InRange(int.Parse(lines[2], CultureInfo.InvariantCulture), 2, 5);
    }

    private static int[] ProcessesIn(string pidNamespace) => Directory.GetDirectories("/proc")
        .Select(d => int.TryParse(Path.GetFileName(d), out int pid) ? pid : 0)
        .Where(pid => pid > 0 && Kernel.TryLink($"/proc/{pid}/ns/pid") == pidNamespace)
        .ToArray();

    private static bool IsInit(int pid)
    {
        try
        {
            return File.ReadAllLines($"/proc/{pid}/status").Single(l => l.StartsWith("NSpid:", StringComparison.Ordinal)).EndsWith("\t1", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false; // exited meanwhile
        }
    }

    private static string Words(string line) => string.Join(' ', line.Split(' ', StringSplitOptions.RemoveEmptyEntries));

    private static int[] ChildrenOf(int parent) => Directory.GetDirectories("/proc")
        .Select(d => int.TryParse(Path.GetFileName(d), out int pid) ? pid : 0)
        .Where(pid => pid > 0 && ParentOf(pid) == parent)
        .ToArray();

    private static int ParentOf(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static bool IsZombie(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)] == 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }
}

using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.NetworkInformation;
using System.Threading;
using Namespaces.Testing;
using Namespaces.Tests.Support;
using Xunit;

namespace Namespaces.Tests;

/// <summary>Create and Unshare make real namespaces: isolation is checked by what the kernel shows inside and outside.</summary>
public sealed class CreateTests
{
    public CreateTests() => Kernel.RequireRoot();

    [Fact]
    public void Create_Net_IsNewAndHoldsOnlyLoopback()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.Net);

        Assert.Equal(NS.Net, set.Flags);
        Assert.NotEqual(Kernel.ProcessNs("net"), set.Id(NS.Net));
        string[] inside = set.Do(() => NetworkInterface.GetAllNetworkInterfaces().Select(i => i.Name).ToArray());
        Assert.Equal(["lo"], inside);
        Assert.Equal(set.Id(NS.Net), set.Do(() => Kernel.ThreadNs("net")));
    }

    [Fact]
    public void Create_Uts_HostnameSetInsideIsInvisibleOutside()
    {
        string outside = Kernel.HostName();
        using NamespaceSet set = NamespaceSet.Create(NS.Uts);

        string inside = set.Do(() =>
        {
            Kernel.SetHostName("ns-test-inside");
            return Kernel.HostName();
        });

        Assert.Equal("ns-test-inside", inside);
        Assert.Equal(outside, Kernel.HostName());
        Assert.Equal("ns-test-inside", set.Do(Kernel.HostName)); // it stays set in the namespace
    }

    [Fact]
    public void Create_Mnt_TmpfsMountedInsideIsInvisibleOutside()
    {
        using var directory = new TempDirectory();
        using NamespaceSet set = NamespaceSet.Create(NS.Mnt);

        set.Do(() =>
        {
            Kernel.MountTmpfs(directory.Path);
            File.WriteAllText(directory.Combine("inside.txt"), "only in the namespace");
        });

        Assert.Contains(directory.Path, set.Do(Kernel.MountPoints));
        Assert.DoesNotContain(directory.Path, Kernel.MountPoints());
        Assert.False(File.Exists(directory.Combine("inside.txt")));
        Assert.True(set.Do(() => File.Exists(directory.Combine("inside.txt"))));
    }

    [Fact]
    public void Create_Mnt_IsPrivateByDefault_SoNoMountPropagates()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.Mnt);

        string[] sharedMounts = set.Do(() => File.ReadAllLines("/proc/thread-self/mountinfo").Where(l => l.Contains(" shared:", StringComparison.Ordinal)).ToArray());

        Assert.Empty(sharedMounts);
    }

    [Theory]
    [InlineData(NS.Ipc, "ipc")]
    [InlineData(NS.Cgroup, "cgroup")]
    [InlineData(NS.Uts, "uts")]
    public void Create_OtherTypes_AreNewNamespacesAThreadCanJoin(NS ns, string name)
    {
        using NamespaceSet set = NamespaceSet.Create(ns);

        Assert.NotEqual(Kernel.ProcessNs(name), set.Id(ns));
        Assert.Equal(set.Id(ns), set.Do(() => Kernel.ThreadNs(name)));
    }

    [Fact]
    public void Create_Several_AllNewAndJoinedTogether()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.Net | NS.Uts | NS.Ipc | NS.Mnt);

        string joined = set.Do(() => string.Join(",", Kernel.ThreadNs("net"), Kernel.ThreadNs("uts"), Kernel.ThreadNs("ipc"), Kernel.ThreadNs("mnt")));

        Assert.Equal(string.Join(",", set.Id(NS.Net), set.Id(NS.Uts), set.Id(NS.Ipc), set.Id(NS.Mnt)), joined);
    }

    [Fact]
    public void Create_UserAndNet_WritesTheUidAndGidMaps()
    {
        Kernel.RequireProgram("nsenter");
        var options = UnshareOptions.WithIdMaps([new IdMap(0, 100000, 1000), new IdMap(1000, 1000, 1)], [new IdMap(0, 200000, 65536)]);
        using NamespaceSet set = NamespaceSet.Create(NS.User | NS.Net, options);
        using FdSet fds = set.Fds(NS.User);
        string user = $"/proc/{Environment.ProcessId}/fd/{(int)fds[NS.User].DangerousGetHandle()}";

        (int code, string uidMap) = Kernel.Run("nsenter", "--user=" + user, "cat", "/proc/self/uid_map");
        (_, string gidMap) = Kernel.Run("nsenter", "--user=" + user, "cat", "/proc/self/gid_map");
        (_, string setgroups) = Kernel.Run("nsenter", "--user=" + user, "cat", "/proc/self/setgroups");

        Assert.True(code == 0, uidMap);
        Assert.Equal(["0 100000 1000", "1000 1000 1"], Lines(uidMap));
        Assert.Equal(["0 200000 65536"], Lines(gidMap));
        Assert.Equal("deny", setgroups.Trim());
        Assert.NotEqual(Kernel.ProcessNs("user"), set.Id(NS.User));
    }

    [Fact]
    public void Create_UserAndNet_TheNetNamespaceIsOwnedByTheNewUserNamespace()
    {
        Kernel.RequireProgram("nsenter");
        using NamespaceSet set = NamespaceSet.Create(NS.User | NS.Net, IdMaps.Root);
        using NamespaceSet net = set.Dup(NS.Net);
        using FdSet fds = set.Fds();
        string fd(NS ns) => $"/proc/{Environment.ProcessId}/fd/{(int)fds[ns].DangerousGetHandle()}";

        // Entering the user namespace first, then its net namespace, works only if the latter is owned by the former.
        (int code, string output) = Kernel.Run("nsenter", "--user=" + fd(NS.User), "--net=" + fd(NS.Net), "readlink", "/proc/self/ns/net");

        Assert.True(code == 0, output);
        Assert.Equal(set.Id(NS.Net), output.Trim());
        Assert.Equal(["lo"], net.Do(() => NetworkInterface.GetAllNetworkInterfaces().Select(i => i.Name).ToArray()));
    }

    [Fact]
    public void Create_UserAlone_AndDoRefusesIt_PointingToDup()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.User, UnshareOptions.Unmapped);

        var error = Assert.Throws<NamespaceException>(() => set.Do(() => { }));

        Assert.Equal(NS.User, error.Namespace);
        Assert.Equal(22, error.Errno); // EINVAL, as setns would say
        Assert.Contains("Dup", error.Message);
        Assert.Contains("multithreaded", error.Message);
    }

    [Fact]
    public void Create_Pid_AProcessStartedInsideSeesItselfAboveOne_AndDisposeLeavesNoChild()
    {
        NamespaceSet set = NamespaceSet.Create(NS.Pid);
        string pidNs = set.Id(NS.Pid);

        string[] seen = set.Do(() =>
        {
            (_, string output) = Kernel.Run("sh", "-c", "echo $$; readlink /proc/self/ns/pid");
            return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        });
        int[] init = Kernel.ChildProcesses().Where(pid => Kernel.Link($"/proc/{pid}/ns/pid") == pidNs).ToArray();
        string[] initStatus = init.Length == 1 ? File.ReadAllLines($"/proc/{init[0]}/status") : [];
        set.Dispose();

        Assert.True(int.Parse(seen[0]) > 1, $"the shell saw itself as pid {seen[0]}");
        Assert.Equal(pidNs, seen[1]);
        Assert.NotEqual(Kernel.ProcessNs("pid"), pidNs);
        int holder = Assert.Single(init); // the namespace's init, a child of ours while the set lives
        Assert.Equal("1", initStatus.Single(l => l.StartsWith("NSpid:", StringComparison.Ordinal)).Split('\t')[^1]);
        // Killed at Dispose and reaped by the library's reaper thread: gone, not even a zombie, moments later.
        Assert.True(SpinWait.SpinUntil(() => !Directory.Exists($"/proc/{holder}"), TimeSpan.FromSeconds(10)), "the init of a disposed pid set is still there (not killed or not reaped)");
    }

    [Fact]
    public void Create_Time_IsNewButCannotBeJoined()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.Time);

        Assert.NotEqual(Kernel.ProcessNs("time"), set.Id(NS.Time));
        var error = Assert.Throws<NamespaceException>(() => set.Do(() => { }));
        Assert.Equal(NS.Time, error.Namespace);
        Assert.Equal(87, error.Errno); // EUSERS
    }

    [Fact]
    public void Unshare_FromASet_CreatesOnlyTheAskedNamespaces_AndKeepsTheOthers()
    {
        using NamespaceSet source = NamespaceSet.Create(NS.Net | NS.Uts);

        using NamespaceSet result = source.Unshare(NS.Uts);

        Assert.Equal(NS.Net | NS.Uts, result.Flags);
        Assert.Equal(source.Id(NS.Net), result.Id(NS.Net));
        Assert.NotEqual(source.Id(NS.Uts), result.Id(NS.Uts));
        Assert.NotEqual(Kernel.ProcessNs("uts"), result.Id(NS.Uts));
    }

    [Fact]
    public void Unshare_Mnt_FromASet_CopiesThatSetsMountTable()
    {
        using var directory = new TempDirectory();
        using NamespaceSet source = NamespaceSet.Create(NS.Mnt);
        source.Do(() => Kernel.MountTmpfs(directory.Path));

        using NamespaceSet copy = source.Unshare(NS.Mnt);

        Assert.NotEqual(source.Id(NS.Mnt), copy.Id(NS.Mnt));
        Assert.Contains(directory.Path, copy.Do(Kernel.MountPoints));
        Assert.DoesNotContain(directory.Path, Kernel.MountPoints());
    }

    [Fact]
    public void Unshare_Pid_FromAPidSet_MakesASiblingBecauseTheKernelNestsOnlyBelowTheCreator()
    {
        using NamespaceSet outer = NamespaceSet.Create(NS.Pid | NS.Uts);
        using NamespaceSet inner = outer.Unshare(NS.Pid);

        string status = inner.Do(() => Kernel.Run("grep", "NSpid", "/proc/self/status").Output);

        Assert.NotEqual(outer.Id(NS.Pid), inner.Id(NS.Pid));
        Assert.Equal(outer.Id(NS.Uts), inner.Id(NS.Uts));
        // NSpid lists the pid in each namespace from ours down: ours and the new one, not the outer set's.
        Assert.Equal(3, status.Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void Create_DoesNotMoveTheCallingThread()
    {
        string before = Kernel.ThreadNs("net") + Kernel.ThreadNs("mnt") + Kernel.ThreadNs("pid_for_children");

        using (NamespaceSet.Create(NS.Net | NS.Mnt | NS.Pid | NS.Uts))
        {
        }

        Assert.Equal(before, Kernel.ThreadNs("net") + Kernel.ThreadNs("mnt") + Kernel.ThreadNs("pid_for_children"));
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries))).ToArray();
}

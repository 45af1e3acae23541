using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Namespaces.Testing;
using Namespaces.Tests.Support;
using Xunit;

namespace Namespaces.Tests;

/// <summary>StartProcess: what the kernel says about the started process, from /proc, for every namespace type.</summary>
[Collection(SerialCollection.Name)]
public sealed class ProcessTests
{
    private static readonly UnshareOptions RootMaps = IdMaps.Root;

    public ProcessTests() => Kernel.RequireRoot();

    private static ProcessStartInfo Info(string program, params string[] arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return info;
    }

    /// <summary>Runs the program to its end inside the set; returns its exit code and standard output.</summary>
    private static (int Code, string Output, string Error) Run(NamespaceSet set, ProcessStartInfo info, ProcessOptions? options = null)
    {
        using Process process = set.StartProcess(info, options);
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(30_000), "the process did not exit within 30 s");
        return (process.ExitCode, output.Result, error.Result);
    }

    /// <summary>The links of /proc/PID/ns/NAME for each name.</summary>
    private static Dictionary<string, string> NsLinks(int pid, params string[] names)
        => names.ToDictionary(n => n, n => Kernel.Link($"/proc/{pid}/ns/{n}"));

    [Fact]
    public void StartProcess_NetUtsIpcMntCgroup_ChildStandsInEverySetNamespace()
    {
        NS flags = NS.Net | NS.Uts | NS.Ipc | NS.Mnt | NS.Cgroup;
        using NamespaceSet set = NamespaceSet.Create(flags);
        using Process process = set.StartProcess(new ProcessStartInfo("sleep", "30"));
        try
        {
            foreach (NS ns in new[] { NS.Net, NS.Uts, NS.Ipc, NS.Mnt, NS.Cgroup })
            {
                string name = ns.ToString().ToLowerInvariant();
                Assert.Equal(set.Id(ns), Kernel.Link($"/proc/{process.Id}/ns/{name}"));
            }
            // What it does not hold is the host's.
            Assert.Equal(Kernel.ProcessNs("pid"), Kernel.Link($"/proc/{process.Id}/ns/pid"));
            Assert.Equal(Kernel.ProcessNs("user"), Kernel.Link($"/proc/{process.Id}/ns/user"));
            Assert.Equal("sleep", File.ReadAllText($"/proc/{process.Id}/comm").Trim());
        }
        finally
        {
            process.Kill();
            process.WaitForExit();
        }
    }

    [Fact]
    public void StartProcess_NoThreadOutsideTheLibraryChangesNamespace()
    {
        // The library's own workers are shared by every set and other test classes run beside this one, so they may
        // move; every other thread (the caller, the pool, the runtime's) must stay where it stood.
        using NamespaceSet set = NamespaceSet.Create(NS.Net | NS.Uts | NS.Mnt);
        Dictionary<int, string> before = Kernel.ThreadNamespaces();
        (int code, _, _) = Run(set, Info("true"));
        Assert.Equal(0, code);
        Assert.Empty(ThreadAudit.ForeignThreads());
        foreach ((int tid, string links) in Kernel.ThreadNamespaces())
        {
            string name = Kernel.ThreadName(tid);
            if (before.TryGetValue(tid, out string? was) && name != WorkerThreads.Name)
            {
                Assert.True(was == links, $"thread {tid} ({name}) moved: was {was}, now {links}");
            }
        }
    }

    [Fact]
    public void StartProcess_UserNet_RunsAsMappedRootWithCapabilitiesInside()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.User | NS.Net, UnshareOptions.WithIdMaps([new IdMap(0, 100000, 65536)], [new IdMap(0, 100000, 65536)]));
        (int code, string output, string error) = Run(set, Info("sh", "-c",
            "readlink /proc/self/ns/user /proc/self/ns/net; id -u; id -g; cat /proc/self/uid_map /proc/self/gid_map; grep CapEff /proc/self/status; ip link set lo up && echo lo-up"));
        Assert.True(code == 0, error);
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(set.Id(NS.User), lines[0]);
        Assert.Equal(set.Id(NS.Net), lines[1]);
        Assert.Equal("0", lines[2]);
        Assert.Equal("0", lines[3]);
        Assert.Equal(["0", "100000", "65536"], lines[4].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["0", "100000", "65536"], lines[5].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.NotEqual("CapEff:\t0000000000000000", lines[6]); // root there has its capabilities...
        Assert.Equal("lo-up", lines[7]);                         // ...over the namespaces the user namespace owns
    }

    [Fact]
    public void StartProcess_UserId_SetsTheIdsInsideAndDropsCapabilities()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.User | NS.Uts, UnshareOptions.WithIdMaps([new IdMap(0, 200000, 2000)], [new IdMap(0, 200000, 2000)]));
        (int code, string output, string error) = Run(set, Info("sh", "-c", "id -u; id -g; grep CapEff /proc/self/status"), new ProcessOptions { UserId = 1000, GroupId = 1001 });
        Assert.True(code == 0, error);
        Assert.Equal(["1000", "1001", "CapEff:\t0000000000000000"], output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void StartProcess_Pid_ProgramIsAProcessOfTheSetsPidNamespace()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.Pid | NS.Mnt);
        (int code, string output, string error) = Run(set, Info("sh", "-c", "grep NSpid /proc/self/status; readlink /proc/self/ns/pid"));
        Assert.True(code == 0, error);
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // NSpid: the pid in each pid namespace from the host's down; inside the set it is above 1 (1 is the init).
        string[] nspid = lines[0].Split('\t', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, nspid.Length);
        Assert.True(int.Parse(nspid[2], CultureInfo.InvariantCulture) > 1, lines[0]);
        Assert.Equal(set.Id(NS.Pid), lines[1]);
    }

    [Fact]
    public void StartProcess_Pid_ExitCodeAndSignalsAreForwarded()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.Pid);
        Assert.Equal(7, Run(set, Info("sh", "-c", "exit 7")).Code);
        using Process sleeper = set.StartProcess(Info("sleep", "30"));
        Thread.Sleep(100);
        sleeper.Kill();
        Assert.True(sleeper.WaitForExit(5_000));
        Assert.Equal(137, sleeper.ExitCode); // SIGKILL
        Assert.Empty(Kernel.ZombieChildren());
    }

    [Fact]
    public void StartProcess_Time_ChildSeesTheSetsTimeNamespace()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.Time);
        (int code, string output, string error) = Run(set, Info("readlink", "/proc/self/ns/time"));
        Assert.True(code == 0, error);
        Assert.Equal(set.Id(NS.Time), output.Trim());
    }

    [Fact]
    public async Task StartProcess_RedirectionAndWaitForExitAsyncWork()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.Uts | NS.Net);
        var info = new ProcessStartInfo("cat") { RedirectStandardInput = true, RedirectStandardOutput = true };
        using Process process = set.StartProcess(info);
        await process.StandardInput.WriteLineAsync("through the pipes");
        process.StandardInput.Close();
        string output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal("through the pipes\n", output);
        Assert.Equal(0, process.ExitCode);
    }

    [Fact]
    public void StartProcess_WorkingDirectoryAndRootAreInsideTheSet()
    {
        using var directory = new TempDirectory();
        Directory.CreateDirectory(directory.Combine("inside"));
        using NamespaceSet set = NamespaceSet.Create(NS.Mnt);
        set.Do(() => Kernel.MountTmpfs(directory.Combine("inside")));
        set.Do(() => Directory.CreateDirectory(Path.Combine(directory.Path, "inside", "only-in-the-set")));
        var info = Info("pwd");
        info.WorkingDirectory = Path.Combine(directory.Path, "inside", "only-in-the-set");
        (int code, string output, string error) = Run(set, info);
        Assert.True(code == 0, error);
        Assert.Equal(info.WorkingDirectory, output.Trim());
        Assert.False(Directory.Exists(info.WorkingDirectory)); // the host never saw it
    }

    [Fact]
    public void StartProcess_MountProc_PsShowsOnlyTheNamespace()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.Pid | NS.Mnt);
        (int code, string output, string error) = Run(set, Info("sh", "-c", "ls /proc | grep -c '^[0-9]'"), new ProcessOptions { MountProc = true });
        Assert.True(code == 0, error);
        // init (1), sh, and the ls|grep it runs: a handful, not the host's hundreds.
        Assert.InRange(int.Parse(output.Trim(), CultureInfo.InvariantCulture), 2, 5);
    }

    [Fact]
    public void StartProcess_MissingProgram_TypedErrorAndNoProcessLeft()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.Net | NS.Mnt);
        int children = Kernel.ChildProcesses().Count;
        NamespaceException e = Assert.Throws<NamespaceException>(() => set.StartProcess(new ProcessStartInfo("/no/such/program")));
        Assert.Equal(2, e.Errno); // ENOENT
        Assert.Contains("/no/such/program", e.Message);
        Assert.Contains("NamespaceSet(", e.Message);
        e = Assert.Throws<NamespaceException>(() => set.StartProcess(new ProcessStartInfo("no-such-program-in-path")));
        Assert.Equal(2, e.Errno);
        Assert.Equal(children, Kernel.ChildProcesses().Count);
        Assert.Empty(Kernel.ZombieChildren());
    }

    [Fact]
    public void StartProcess_NotExecutable_Eacces()
    {
        using var directory = new TempDirectory();
        string file = directory.Combine("not-executable");
        File.WriteAllText(file, "#!/bin/sh\necho no\n");
        using NamespaceSet set = NamespaceSet.Create(NS.Uts);
        NamespaceException e = Assert.Throws<NamespaceException>(() => set.StartProcess(new ProcessStartInfo(file)));
        Assert.Equal(13, e.Errno); // EACCES
        Assert.Contains("not executable", e.Message);
    }

    [Fact]
    public void StartProcess_BadInputs_TypedErrors()
    {
        using NamespaceSet net = NamespaceSet.Create(NS.Net);
        Assert.Throws<ArgumentNullException>(() => net.StartProcess(null!));
        Assert.Throws<ArgumentException>(() => net.StartProcess(new ProcessStartInfo("")));
        Assert.Throws<ArgumentException>(() => net.StartProcess(new ProcessStartInfo("true") { UseShellExecute = true }));
        Assert.Throws<ArgumentException>(() => net.StartProcess(new ProcessStartInfo("true") { UserName = "nobody" }));
        Assert.Throws<ArgumentOutOfRangeException>(() => net.StartProcess(new ProcessStartInfo("true"), new ProcessOptions { UserId = -1 }));
        NamespaceException e = Assert.Throws<NamespaceException>(() => net.StartProcess(new ProcessStartInfo("true"), new ProcessOptions { MountProc = true }));
        Assert.Equal(NS.Pid, e.Namespace);
        Assert.Equal(22, e.Errno);
        using NamespaceSet uts = NamespaceSet.Create(NS.Uts);
        e = Assert.Throws<NamespaceException>(() => uts.StartProcess(new ProcessStartInfo("true"), new ProcessOptions { NetnsName = "blue" }));
        Assert.Equal(NS.Net, e.Namespace);
        Assert.Throws<ArgumentException>(() => net.StartProcess(new ProcessStartInfo("true"), new ProcessOptions { NetnsName = "../x" }));
        // uid 5 is not mapped in a user namespace that maps only 0.
        using NamespaceSet user = NamespaceSet.Create(NS.User | NS.Net, RootMaps);
        e = Assert.Throws<NamespaceException>(() => user.StartProcess(new ProcessStartInfo("true"), new ProcessOptions { UserId = 5 }));
        Assert.Equal(22, e.Errno);
        Assert.Contains("not mapped", e.Message);
        net.Dispose();
        Assert.Throws<ObjectDisposedException>(() => net.StartProcess(new ProcessStartInfo("true")));
    }

    [Fact]
    public void StartProcess_KillOnDispose_DisposingTheSetKillsTheProcess()
    {
        NamespaceSet set = NamespaceSet.Create(NS.Net);
        using Process process = set.StartProcess(new ProcessStartInfo("sleep", "30"));
        using Process kept = set.StartProcess(new ProcessStartInfo("sleep", "1"), new ProcessOptions { KillOnDispose = false });
        set.Dispose();
        Assert.True(process.WaitForExit(5_000));
        Assert.Equal(137, process.ExitCode);
        Assert.False(kept.HasExited);
        kept.WaitForExit();
        Assert.Equal(0, kept.ExitCode);
    }

    [Fact]
    public void PathOf_IsAcceptedByNsenterAndIp()
    {
        Kernel.RequireProgram("nsenter");
        using NamespaceSet set = NamespaceSet.Create(NS.Net | NS.Uts);
        string path = set.PathOf(NS.Net);
        (int code, string output) = Kernel.Run("nsenter", "--net=" + path, "readlink", "/proc/self/ns/net");
        Assert.True(code == 0, output);
        Assert.Equal(set.Id(NS.Net), output.Trim());
        string name = "po" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        (code, output) = Kernel.Run("ip", "link", "add", name, "type", "veth", "peer", "name", name + "p");
        Assert.True(code == 0, output);
        try
        {
            (code, output) = Kernel.Run("ip", "link", "set", name, "netns", path);
            Assert.True(code == 0, output);
            Assert.Contains(name + "@", Run(set, Info("ip", "-o", "link")).Output);
        }
        finally
        {
            Kernel.Run("ip", "link", "del", name + "p");
        }

        using NamespaceSet reopened = NamespaceSet.FromPath(path, NS.Net);
        Assert.Equal(set.Id(NS.Net), reopened.Id(NS.Net));
        Assert.Throws<MissingNamespaceException>(() => set.PathOf(NS.Pid));
    }

    [Fact]
    public void StartProcess_NetnsName_MatchesIpNetnsExec()
    {
        Kernel.RequireProgram("ip");
        string name = "ns-exec-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        string etc = Path.Combine("/etc/netns", name);
        using NamespaceSet set = NamespaceSet.Create(NS.Net);
        NamedNetns.Add(set, name);
        Directory.CreateDirectory(etc);
        try
        {
            File.WriteAllText(Path.Combine(etc, "resolv.conf"), "nameserver 192.0.2.53 # " + name + "\n");
            (int code, string expected) = Kernel.Run("ip", "netns", "exec", name, "sh", "-c", "ls /sys/class/net; cat /etc/resolv.conf");
            Assert.True(code == 0, expected);
            (code, string actual, string error) = Run(set, Info("sh", "-c", "ls /sys/class/net; cat /etc/resolv.conf"), new ProcessOptions { NetnsName = name });
            Assert.True(code == 0, error);
            Assert.Equal(expected, actual);
            Assert.StartsWith("lo\n", actual);                 // the namespace's interfaces, not the host's
            Assert.Contains("192.0.2.53", actual);
            Assert.DoesNotContain("192.0.2.53", File.ReadAllText("/etc/resolv.conf")); // bound in a private copy only
        }
        finally
        {
            Directory.Delete(etc, recursive: true);
            NamedNetns.Delete(name);
        }
    }

    [Fact]
    public void NamedNetnsAdd_OverAHalfMadeEntry_TakesTheName()
    {
        string name = "half-made-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        using NamespaceSet set = NamespaceSet.Create(NS.Net);
        Directory.CreateDirectory(NamedNetns.Directory);
        File.WriteAllBytes(NamedNetns.PathOf(name), []); // what a kill between creating the file and the mount leaves
        try
        {
            NamedNetns.Add(set, name);
            (int code, string output) = Kernel.Run("ip", "netns", "exec", name, "readlink", "/proc/self/ns/net");
            Assert.True(code == 0, output);
            Assert.Equal(set.Id(NS.Net), output.Trim());
            Assert.Throws<NamespaceException>(() => NamedNetns.Add(set, name)); // a real entry still takes the name
        }
        finally
        {
            NamedNetns.Delete(name);
        }

        File.WriteAllText(NamedNetns.PathOf(name), "not empty: someone's file");
        try
        {
            Assert.Equal(17, Assert.Throws<NamespaceException>(() => NamedNetns.Add(set, name)).Errno);
        }
        finally
        {
            File.Delete(NamedNetns.PathOf(name));
        }
    }

    [Fact]
    public void FromPid_ForChildren_TakesThePidNamespaceOfUnshareFork()
    {
        Kernel.RequireProgram("unshare");
        using Process unshare = Process.Start(new ProcessStartInfo("unshare", "--pid --fork sleep 30"))!;
        try
        {
            int child = 0;
            Assert.True(SpinWait.SpinUntil(() => (child = ChildOf(unshare.Id)) != 0 && File.ReadAllText($"/proc/{child}/comm").Trim() == "sleep", 10_000), "unshare did not fork its child");
            using NamespaceSet own = NamespaceSet.FromPid(unshare.Id, NS.Pid);
            using NamespaceSet forChildren = NamespaceSet.FromPid(unshare.Id, NS.Pid, forChildren: true);
            Assert.Equal(Kernel.ProcessNs("pid"), own.Id(NS.Pid));                      // $! is unshare, still here
            Assert.Equal(Kernel.Link($"/proc/{child}/ns/pid"), forChildren.Id(NS.Pid)); // what it made
            Assert.Contains("\t1", File.ReadAllLines($"/proc/{child}/status").Single(l => l.StartsWith("NSpid:", StringComparison.Ordinal)));
        }
        finally
        {
            unshare.Kill(entireProcessTree: true);
            unshare.WaitForExit();
        }
    }

    private static int ChildOf(int parent)
    {
        string path = $"/proc/{parent}/task/{parent}/children";
        string text = File.Exists(path) ? File.ReadAllText(path).Trim() : "";
        return text.Length == 0 ? 0 : int.Parse(text.Split(' ')[0], CultureInfo.InvariantCulture);
    }
}

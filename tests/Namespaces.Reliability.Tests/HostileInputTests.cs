using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using Namespaces.Reliability.Tests.Support;
using Namespaces.Testing;
using Xunit;

namespace Namespaces.Reliability.Tests;

/// <summary>
/// Files that are not namespaces, namespaces of the wrong type, impossible pids, id maps the kernel refuses, mount
/// targets that lead elsewhere: each refused with a clear error, and nothing left open or mounted.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class HostileInputTests
{
    private static readonly Dictionary<NS, string> Names = new()
    {
        [NS.User] = "user", [NS.Time] = "time", [NS.Cgroup] = "cgroup", [NS.Ipc] = "ipc",
        [NS.Uts] = "uts", [NS.Net] = "net", [NS.Pid] = "pid", [NS.Mnt] = "mnt",
    };

    [Fact]
    public void FromPath_OnFilesThatAreNotNamespaces_OrOfAnotherType() => Figures.Run("Hostile input", "FromPath: not a namespace, wrong type", scenario =>
    {
        Kernel.RequireRoot();
        using var directory = new TempDirectory(ProcFs.TempPrefix);
        string fifo = directory.Combine("fifo");
        Assert.Equal(0, ProcFs.MakeFifo(fifo, 0x180));
        string regular = directory.Combine("regular");
        File.WriteAllText(regular, "not a namespace");
        string empty = directory.Combine("empty");
        File.WriteAllText(empty, "");
        string dangling = directory.Combine("dangling");
        File.CreateSymbolicLink(dangling, directory.Combine("nowhere"));
        string loop = directory.Combine("loop");
        File.CreateSymbolicLink(loop, loop);
        string socketPath = directory.Combine("socket");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(socketPath));
        string tooLong = "/" + string.Join('/', Enumerable.Repeat(new string('a', 250), 20)); // > PATH_MAX (4096)

        WarmUp();
        ResourceSnapshot before = ResourceSnapshot.Baseline();
        var attempts = new Attempts(scenario);
        foreach (string path in new[] { "/dev/null", "/dev/zero", "/dev/urandom", regular, empty, "/proc/self/status", "/proc/self/ns", directory.Path, socketPath })
        {
            attempts.Refused<NamespaceException>($"FromPath({path}, Net)", () => NamespaceSet.FromPath(path, NS.Net), [path, "not a namespace"]);
        }

        attempts.Refused<NamespaceException>($"FromPath(a FIFO, Net)", () => NamespaceSet.FromPath(fifo, NS.Net), [fifo, "not a namespace"], unblock: () => OpenForWriting(fifo));
        attempts.Refused<NamespaceException>("FromPath(a dangling symlink, Net)", () => NamespaceSet.FromPath(dangling, NS.Net), [dangling, "ENOENT"]);
        attempts.Refused<NamespaceException>("FromPath(a symlink to itself, Net)", () => NamespaceSet.FromPath(loop, NS.Net), [loop, "ELOOP"]);
        attempts.Refused<NamespaceException>("FromPath(a path longer than PATH_MAX, Net)", () => NamespaceSet.FromPath(tooLong, NS.Net), ["net namespace"]);
        attempts.Refused<ArgumentException>("FromPath(\"\", Net)", () => NamespaceSet.FromPath("", NS.Net), []);
        // A NUL ends the string the kernel sees: the rest of the name would be silently dropped.
        attempts.Refused<ArgumentException>("FromPath(\"/proc/self/ns/net\\0/etc/passwd\", Net)", () => NamespaceSet.FromPath("/proc/self/ns/net\0/etc/passwd", NS.Net), []);
        attempts.Refused<ArgumentException>("FromPath(\"/proc/self/ns/uts\\0net\", Net)", () => NamespaceSet.FromPath("/proc/self/ns/uts\0net", NS.Net), []);
        foreach ((NS actual, string actualName) in Names)
        {
            foreach (NS requested in Names.Keys.Where(ns => ns != actual))
            {
                attempts.Refused<NamespaceException>($"FromPath(/proc/self/ns/{actualName}, {requested})", () => NamespaceSet.FromPath("/proc/self/ns/" + actualName, requested),
                    [$"is a {actualName} namespace, not a {Names[requested]} namespace"]);
            }
        }

        foreach ((NS ns, string name) in Names)
        {
            attempts.Accepted($"FromPath(/proc/self/ns/{name}, {ns}) (control)", () => NamespaceSet.FromPath("/proc/self/ns/" + name, ns),
                set => ((NamespaceSet)set!).Flags == ns);
        }

        // A bind mount of a namespace of another type than asked for.
        using (NamespaceSet uts = NamespaceSet.Create(NS.Uts))
        {
            string target = directory.Combine("uts-mount");
            uts.MountNS(NS.Uts, target);
            try
            {
                attempts.Refused<NamespaceException>("FromPath(a bind mount of a uts namespace, Net)", () => NamespaceSet.FromPath(target, NS.Net), [target, "is a uts namespace, not a net namespace"]);
                attempts.Accepted("FromPath(a bind mount of a uts namespace, Uts) (control)", () =>
                {
                    using NamespaceSet reopened = NamespaceSet.FromPath(target, NS.Uts);
                    return reopened.Id(NS.Uts);
                }, id => (string?)id == uts.Id(NS.Uts));
            }
            finally
            {
                NamespaceSet.Unmount(target);
            }
        }
        scenario.Work = "FromPath on devices, regular and empty files, procfs files and directories, a socket, a FIFO, bad symlinks, an over-long path, paths with a NUL, every namespace file as every other type, a bind mount of the wrong type";
        Leaks.AssertNoneLeft(scenario, before, Leaks.HeapBound, andThen: attempts.AssertAllAsExpected);
    });

    [Fact]
    public void FromDir_OnDirectoriesOfHostileEntries() => Figures.Run("Hostile input", "FromDir: symlinks to files, /dev/null, FIFOs, wrong types", scenario =>
    {
        Kernel.RequireRoot();
        using var root = new TempDirectory(ProcFs.TempPrefix);
        string Dir(string name, Action<string> fill)
        {
            string path = root.Combine(name);
            Directory.CreateDirectory(path);
            fill(path);
            return path;
        }
        string target = root.Combine("target");
        File.WriteAllText(target, "not a namespace");
        string toRegular = Dir("to-regular", d => { foreach (string n in Names.Values) { File.CreateSymbolicLink(Path.Combine(d, n), target); } });
        string toDevNull = Dir("to-dev-null", d => { foreach (string n in Names.Values) { File.CreateSymbolicLink(Path.Combine(d, n), "/dev/null"); } });
        string fifos = Dir("fifos", d => { foreach (string n in new[] { "net", "uts" }) { Assert.Equal(0, ProcFs.MakeFifo(Path.Combine(d, n), 0x180)); } });
        string swapped = Dir("swapped", d => { foreach ((NS ns, string n) in Names) { File.CreateSymbolicLink(Path.Combine(d, n), "/proc/self/ns/" + Names[Next(ns)]); } });
        string directories = Dir("directories", d => { foreach (string n in Names.Values) { Directory.CreateDirectory(Path.Combine(d, n)); } });
        string half = Dir("half-valid", d =>
        {
            File.CreateSymbolicLink(Path.Combine(d, "net"), "/proc/self/ns/net");
            File.CreateSymbolicLink(Path.Combine(d, "ipc"), "/proc/self/ns/ipc");
            File.CreateSymbolicLink(Path.Combine(d, "uts"), target); // opened after net and ipc: they must be closed again
        });
        string dangling = Dir("dangling", d => File.CreateSymbolicLink(Path.Combine(d, "net"), Path.Combine(d, "nowhere")));
        string empty = Dir("empty", _ => { });
        string valid = Dir("valid", d => { foreach (string n in Names.Values) { File.CreateSymbolicLink(Path.Combine(d, n), "/proc/self/ns/" + n); } });
        string fifoFile = root.Combine("fifo-as-dir");
        Assert.Equal(0, ProcFs.MakeFifo(fifoFile, 0x180));

        WarmUp();
        ResourceSnapshot before = ResourceSnapshot.Baseline();
        var attempts = new Attempts(scenario);
        foreach (NS flags in new[] { NS.None, NS.Net | NS.Uts, NamespaceKinds })
        {
            string f = flags == NS.None ? "None" : flags == NamespaceKinds ? "all eight" : flags.ToString().Replace(", ", "|", StringComparison.Ordinal);
            attempts.Refused<NamespaceException>($"FromDir(symlinks to a regular file, {f})", () => NamespaceSet.FromDir(toRegular, flags), [toRegular, "not a namespace"]);
            attempts.Refused<NamespaceException>($"FromDir(symlinks to /dev/null, {f})", () => NamespaceSet.FromDir(toDevNull, flags), [toDevNull, "not a namespace"]);
            attempts.Refused<NamespaceException>($"FromDir(each name a link to the next type's file, {f})", () => NamespaceSet.FromDir(swapped, flags), [swapped, "namespace, not a"]);
            attempts.Refused<NamespaceException>($"FromDir(each name a directory, {f})", () => NamespaceSet.FromDir(directories, flags), [directories, "not a namespace"]);
            attempts.Refused<NamespaceException>($"FromDir(net and ipc valid, uts a regular file, {f})", () => NamespaceSet.FromDir(half, flags), [half]);
        }
        attempts.Refused<NamespaceException>("FromDir(FIFOs named net and uts, None)", () => NamespaceSet.FromDir(fifos, NS.None), [fifos, "not a namespace"], unblock: () => OpenForWriting(Path.Combine(fifos, "net")));
        attempts.Refused<NamespaceException>("FromDir(FIFOs named net and uts, Net|Uts)", () => NamespaceSet.FromDir(fifos, NS.Net | NS.Uts), [fifos, "not a namespace"], unblock: () => OpenForWriting(Path.Combine(fifos, "net")));
        attempts.Refused<NamespaceException>("FromDir(a dangling symlink named net, None)", () => NamespaceSet.FromDir(dangling, NS.None), [dangling, "ENOENT"]);
        attempts.Refused<NamespaceException>("FromDir(a dangling symlink named net, Net)", () => NamespaceSet.FromDir(dangling, NS.Net), ["ENOENT"]);
        attempts.Refused<NamespaceException>("FromDir(an empty directory, None)", () => NamespaceSet.FromDir(empty, NS.None), [empty, "no namespace file"]);
        attempts.Refused<NamespaceException>("FromDir(an empty directory, Net)", () => NamespaceSet.FromDir(empty, NS.Net), ["ENOENT"]);
        attempts.Refused<NamespaceException>("FromDir(a regular file)", () => NamespaceSet.FromDir(target, NS.None), [target, "ENOTDIR"]);
        attempts.Refused<NamespaceException>("FromDir(/dev/null)", () => NamespaceSet.FromDir("/dev/null", NS.None), ["/dev/null", "ENOTDIR"]);
        attempts.Refused<NamespaceException>("FromDir(a FIFO)", () => NamespaceSet.FromDir(fifoFile, NS.None), [fifoFile, "ENOTDIR"], unblock: () => OpenForWriting(fifoFile));
        attempts.Refused<NamespaceException>("FromDir(/proc/self: files named like namespaces that are not)", () => NamespaceSet.FromDir("/proc/self", NS.None), ["not a namespace"]);
        attempts.Refused<ArgumentException>("FromDir(\"/proc/self/ns\\0/tmp\", Net)", () => NamespaceSet.FromDir("/proc/self/ns\0/tmp", NS.Net), []);
        attempts.Refused<ArgumentException>($"FromDir({valid}, unknown bit 0x1)", () => NamespaceSet.FromDir(valid, (NS)0x1 | NS.Net), ["Unknown namespace flag bits"]);
        attempts.Accepted("FromDir(symlinks to /proc/self/ns/*, None) (control)", () => NamespaceSet.FromDir(valid, NS.None), set => ((NamespaceSet)set!).Flags == NamespaceKinds);
        scenario.Work = "FromDir on directories of symlinks to a regular file and to /dev/null, FIFOs, wrong types, directories, half-valid sets, dangling links; on non-directories; with None, Net|Uts and all eight";
        Leaks.AssertNoneLeft(scenario, before, Leaks.HeapBound, andThen: attempts.AssertAllAsExpected);
    });

    [Fact]
    public void FromPid_WithImpossiblePids() => Figures.Run("Hostile input", "FromPid: huge, negative, exited, zombie pids", scenario =>
    {
        Kernel.RequireRoot();
        string sh = Kernel.RequireProgram("sh");
        int pidMax = ProcFs.PidMax();
        // A zombie that is not ours: sh forks `true` and execs sleep, which never reaps it.
        var parent = ChildProgram.Start(sh, "-c", "true & exec sleep 1000");
        int zombie = 0;
        Assert.True(Leaks.Eventually(() => (zombie = ZombieOf(parent.Id)) != 0, Attempts.HangGuard), "no zombie appeared");
        var exited = ChildProgram.Start("true");
        int gone = exited.Id;
        exited.WaitForExit();
        ChildProgram.Close(exited);

        WarmUp();
        ResourceSnapshot before = ResourceSnapshot.Baseline();
        var attempts = new Attempts(scenario);
        foreach (int pid in new[] { 0, -1, -pidMax, int.MinValue })
        {
            attempts.Refused<ArgumentOutOfRangeException>($"FromPid({pid}, Net)", () => NamespaceSet.FromPid(pid, NS.Net), [pid.ToString(CultureInfo.InvariantCulture)]);
        }

        foreach (int pid in new[] { pidMax, pidMax + 1, 4_194_304, 4_194_305, int.MaxValue, gone })
        {
            attempts.Refused<NamespaceException>($"FromPid({(pid == gone ? "an exited process" : pid.ToString(CultureInfo.InvariantCulture))}, Net)", () => NamespaceSet.FromPid(pid, NS.Net),
                [pid.ToString(CultureInfo.InvariantCulture), "No process with pid"]);
        }

        attempts.Refused<NamespaceException>("FromPid(a zombie, Net)", () => NamespaceSet.FromPid(zombie, NS.Net), [$"/proc/{zombie}/ns/net"]);
        attempts.Refused<NamespaceException>("FromPid(a zombie, None)", () => NamespaceSet.FromPid(zombie, NS.None), [$"/proc/{zombie}/ns/"]);
        attempts.Refused<ArgumentException>("FromPid(self, unknown bit 0x100)", () => NamespaceSet.FromPid(Environment.ProcessId, (NS)0x100), ["Unknown namespace flag bits"]);
        attempts.Accepted("FromPid(self, None) (control)", () => NamespaceSet.FromPid(Environment.ProcessId, NS.None), set => !((NamespaceSet)set!).Contains(NS.User));
        parent.Kill();
        parent.WaitForExit();
        ChildProgram.Close(parent);
        scenario.Work = "FromPid with 0, negative pids, pid_max and above, int.MaxValue, a pid that exited, a zombie (not ours), unknown flag bits";
        Leaks.AssertNoneLeft(scenario, before, Leaks.HeapBound, andThen: attempts.AssertAllAsExpected);
    });

    [Fact]
    public void IdMaps_ThatOverlapOrExceedTheKernelsLimits() => Figures.Run("Hostile input", "id maps: overlaps, limits, too many lines", scenario =>
    {
        Kernel.RequireRoot();
        NamespaceSet Create(IEnumerable<IdMap> uid, IEnumerable<IdMap> gid) => NamespaceSet.Create(NS.User | NS.Net, UnshareOptions.WithIdMaps(uid, gid));
        IdMap[] Lines(int count, int start) => Enumerable.Range(0, count).Select(i => new IdMap((uint)(start + 2 * i), (uint)(start + 2 * i), 1)).ToArray();
        IdMap one = new(0, 100000, 65536);

        WarmUp();
        Create([one], [one]).Dispose();
        ResourceSnapshot before = ResourceSnapshot.Baseline();
        var attempts = new Attempts(scenario);
        attempts.Refused<NamespaceException>("uid map: 0 1000 10 and 5 5000 10 (overlap inside)", () => Create([new(0, 1000, 10), new(5, 5000, 10)], []), ["overlap inside"]);
        attempts.Refused<NamespaceException>("gid map: 0 1000 10 and 100 1005 1 (overlap on the host)", () => Create([], [new(0, 1000, 10), new(100, 1005, 1)]), ["overlap on the host"]);
        attempts.Refused<NamespaceException>("uid map: the same line twice", () => Create([one, one], []), ["overlap"]);
        attempts.Refused<NamespaceException>("uid map: size 0", () => Create([new(0, 1000, 0)], []), ["size 0"]);
        attempts.Refused<NamespaceException>("uid map: host id 4294967295 (the kernel's 'no id')", () => Create([new(0, uint.MaxValue, 1)], []), ["runs past the largest id"]);
        attempts.Refused<NamespaceException>("gid map: 4294967000 size 1000 (past 2^32-1)", () => Create([], [new(4_294_967_000, 0, 1000)]), ["runs past the largest id"]);
        attempts.Refused<NamespaceException>($"uid map: {UnshareOptions.MaxIdMapLines + 1} lines", () => Create(Lines(UnshareOptions.MaxIdMapLines + 1, 0), []), ["at most 340"]);
        attempts.Refused<NamespaceException>("gid map: 1,000 lines", () => Create([], Lines(1000, 0)), ["at most 340"]);
        // 340 lines of large ids are 8,160 bytes; the kernel takes a map in one write of less than a page (4,096 bytes).
        IdMap[] longLines = Enumerable.Range(0, UnshareOptions.MaxIdMapLines).Select(i => new IdMap((uint)(2_000_000_000 + 2 * i), (uint)(2_000_000_000 + 2 * i), 1)).ToArray();
        string longText = string.Concat(longLines.Select(l => l + "\n"));
        attempts.Refused<NamespaceException>($"uid map: 340 lines of {longText.Length:N0} bytes (the kernel takes < {Environment.SystemPageSize:N0})", () => Create(longLines, []), ["uid", "bytes"]);
        attempts.Accepted("uid map: 340 short lines (the kernel's limit) (control)", () => Create(Lines(UnshareOptions.MaxIdMapLines, 0), []), set => ((NamespaceSet)set!).Contains(NS.User));
        attempts.Accepted("uid/gid maps: 0 0 2147483647 and 2147483647 2147483647 2147483647 (adjacent, up to 4294967293) (control)",
            () => Create([new(0, 0, int.MaxValue), new(int.MaxValue, int.MaxValue, int.MaxValue)], [new(0, 0, int.MaxValue)]), set => ((NamespaceSet)set!).Contains(NS.User));
        attempts.Accepted("uid/gid maps: 0 2147483648 1 (a host id above 2^31) (control)", () => Create([new(0, 2_147_483_648, 1)], [new(0, 2_147_483_648, 1)]), set => ((NamespaceSet)set!).Contains(NS.User));
        attempts.Refused<ArgumentException>("no maps", () => Create([], []), ["65534", "Unmapped"]);
        attempts.Accepted("UnshareOptions.Unmapped (every id is the overflow id) (control)", () => NamespaceSet.Create(NS.User | NS.Net, UnshareOptions.Unmapped), set => ((NamespaceSet)set!).Contains(NS.User));
        scenario.Work = "Create(User|Net) with overlapping, repeated, empty, past-2^32, too many (341, 1,000) and too long (8,160 bytes) id map lines, and the limits as controls";
        Leaks.AssertNoneLeft(scenario, before, Leaks.HeapBound, andThen: attempts.AssertAllAsExpected);
    });

    [Fact]
    public void MountTargets_ThatAreSymlinks_OrInsideProc_OrAlreadyMounted() => Figures.Run("Hostile input", "mount targets: symlinks, /proc, mounted twice", scenario =>
    {
        Kernel.RequireRoot();
        using var directory = new TempDirectory(ProcFs.TempPrefix);
        string elsewhere = directory.Combine("elsewhere");
        File.WriteAllText(elsewhere, "");
        string link = directory.Combine("link");
        File.CreateSymbolicLink(link, elsewhere);
        string dangling = directory.Combine("dangling");
        File.CreateSymbolicLink(dangling, directory.Combine("nowhere"));
        string procLink = directory.Combine("proc-link");
        Directory.CreateSymbolicLink(procLink, "/proc/self");
        string subdirectory = directory.Combine("sub");
        Directory.CreateDirectory(subdirectory);
        using NamespaceSet net = NamespaceSet.Create(NS.Net);
        using NamespaceSet cgroup = NamespaceSet.Current(NS.Cgroup);
        string twice = directory.Combine("twice");

        WarmUp();
        net.MountNS(NS.Net, directory.Combine("warm"));
        NamespaceSet.Unmount(directory.Combine("warm"));
        ResourceSnapshot before = ResourceSnapshot.Baseline();
        string[] entriesBefore = Directory.GetFileSystemEntries(directory.Path);
        var attempts = new Attempts(scenario);
        attempts.Refused<NamespaceException>("MountNS onto a symlink to a file", () => Mount(net, link), [link, "symlink"]);
        attempts.Refused<NamespaceException>("MountNS onto a dangling symlink", () => Mount(net, dangling), [dangling, "symlink"]);
        attempts.Refused<NamespaceException>("MountNS onto a directory", () => Mount(net, subdirectory), [subdirectory, "directory"]);
        attempts.Refused<NamespaceException>("MountNS into a missing directory", () => Mount(net, directory.Combine("missing/net")), ["does not exist"]);
        foreach (string proc in new[] { "/proc/self/comm", "/proc", "//proc/self/comm", "/proc/../proc/self/comm", "/tmp/../proc/self/comm", "/proc/self/ns/net" })
        {
            attempts.Refused<NamespaceException>($"MountNS onto {proc}", () => Mount(net, proc), ["/proc"]);
        }
        // The same places reached through a symlinked directory: the check must look at where the path leads.
        attempts.Refused<NamespaceException>("MountNS onto DIR/proc-link/comm (proc-link -> /proc/self)", () => Mount(net, Path.Combine(procLink, "comm")), ["/proc"]);
        attempts.Refused<NamespaceException>("MountNS onto DIR/proc-link/ns/net (proc-link -> /proc/self)", () => Mount(net, Path.Combine(procLink, "ns", "net")), []);
        attempts.Refused<NamespaceException>("Mount(DIR/proc-link) of a cgroup set (proc-link -> /proc/self, which has a file named cgroup)", () =>
        {
            cgroup.Mount(procLink);
            return "mounted";
        }, ["/proc"]);
        attempts.Refused<ArgumentException>("MountNS onto a path with a NUL", () => Mount(net, directory.Combine("x\0y")), []);
        // A second namespace bound over the first stacks two mounts; one Unmount then leaves one behind.
        net.MountNS(NS.Net, twice);
        attempts.Refused<NamespaceException>("MountNS onto a file that already is a namespace mount", () => Mount(net, twice), [twice]);
        attempts.Accepted("Unmount of that file removes every mount there (control)", () =>
        {
            NamespaceSet.Unmount(twice);
            return ProcFs.SuiteMounts().Count(l => l.Split(' ')[4] == twice);
        }, remaining => (int?)remaining == 0, expected: "no mount left");
        // Remove what an attempt that should have been refused mounted (the leak check below still counts it: it is
        // recorded by the attempt's outcome); only mounts that were not there before are touched.
        foreach (string line in ProcFs.SuiteMounts().Except(before.Mounts).Reverse())
        {
            Kernel.Unmount(line.Split(' ')[4]);
        }

        scenario.Work = "MountNS/Mount onto symlinks, a directory, a missing directory, /proc by several spellings, /proc through a symlinked directory, a NUL, and a file already mounted";
        string[] newEntries = Directory.GetFileSystemEntries(directory.Path).Except(entriesBefore).ToArray();
        scenario.Check("files created by refused mounts", 0, newEntries.Length, newEntries.Length > 0, string.Join(", ", newEntries));
        Leaks.AssertNoneLeft(scenario, before, Leaks.HeapBound, andThen: () =>
        {
            attempts.AssertAllAsExpected();
            Assert.Empty(newEntries);
        });
    });

    [Fact]
    public void NamedNetns_WithHostileNames() => Figures.Run("Hostile input", "named netns: hostile names", scenario =>
    {
        Kernel.RequireRoot();
        using NamespaceSet net = NamespaceSet.Create(NS.Net);
        string name = "reliability-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        WarmUp();
        NamedNetns.Add(net, name); // prepares /run/netns (a shared mount point, as iproute2 leaves it) before the baseline
        NamedNetns.Delete(name);
        ResourceSnapshot before = ResourceSnapshot.Baseline();
        var attempts = new Attempts(scenario);
        foreach (string bad in new[] { "", ".", "..", "../etc", "a/b", "/abs", "x\0y" })
        {
            attempts.Refused<ArgumentException>($"NamedNetns.Add(\"{bad}\")", () => { NamedNetns.Add(net, bad); return "added"; }, []);
        }

        attempts.Refused<ArgumentException>("NamedNetns.Add(a 300-character name)", () => { NamedNetns.Add(net, new string('n', 300)); return "added"; }, ["300 bytes", "254"]);
        NamedNetns.Add(net, name);
        try
        {
            attempts.Refused<NamespaceException>("NamedNetns.Add(a name that exists)", () => { NamedNetns.Add(net, name); return "added"; }, [name, "already exists"]);
            attempts.Refused<NamespaceException>("NamedNetns.Open(a name that does not exist)", () => NamedNetns.Open(name + "-missing"), ["ENOENT"]);
            attempts.Accepted("NamedNetns.Open(the name) (control)", () =>
            {
                using NamespaceSet reopened = NamedNetns.Open(name);
                return reopened.Id(NS.Net);
            }, id => (string?)id == net.Id(NS.Net));
        }
        finally
        {
            NamedNetns.Delete(name);
        }
        scenario.Work = "NamedNetns.Add with empty, dot, dot-dot, slashes, a NUL, a 300-character name, an existing name; Open of a missing name";
        Leaks.AssertNoneLeft(scenario, before, Leaks.HeapBound, andThen: attempts.AssertAllAsExpected);
    });

    private const NS NamespaceKinds = NS.User | NS.Time | NS.Cgroup | NS.Ipc | NS.Uts | NS.Net | NS.Pid | NS.Mnt;

    private static NS Next(NS ns)
    {
        NS[] order = [.. Names.Keys];
        return order[(Array.IndexOf(order, ns) + 1) % order.Length];
    }

    private static string Mount(NamespaceSet set, string target)
    {
        set.MountNS(NS.None, target);
        return "mounted on " + target;
    }

    /// <summary>Opening a FIFO for writing without blocking lets a reader blocked in open(2) go on (ENXIO when there is none).</summary>
    private static void OpenForWriting(string fifo)
    {
        try
        {
            using var stream = new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(ProcFs.OpenWriteNonBlocking(fifo), ownsHandle: true), FileAccess.Write);
        }
        catch (Exception)
        {
            // No reader: nothing to unblock.
        }
    }

    private static int ZombieOf(int parent)
    {
        foreach (string dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
            {
                continue;
            }

            try
            {
                string stat = File.ReadAllText(dir + "/stat");
                string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (fields[0] == "Z" && fields[1] == parent.ToString(CultureInfo.InvariantCulture))
                {
                    return pid;
                }
            }
            catch (IOException)
            {
            }
        }
        return 0;
    }

    /// <summary>Loads what the attempts load once per process (exception messages, FileStream, sockets) before the baseline.</summary>
    private static void WarmUp()
    {
        LoadTests.WarmUp().GetAwaiter().GetResult();
        _ = Record.Exception(() => NamespaceSet.FromPath("/dev/null", NS.Net))?.ToString();
        _ = Record.Exception(() => NamespaceSet.FromDir("/dev/null", NS.Net))?.ToString();
        _ = Record.Exception(() => NamespaceSet.FromPid(-1, NS.Net))?.ToString();
        _ = Dedicated.Run(() => 0).Result;
    }
}

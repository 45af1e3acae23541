using System;
using System.IO;
using System.Linq;
using Namespaces;

// A child process for the reliability tests. Prints one line per result and exits 0 unless the usage is wrong.
//
//   helper no-cap-sys-admin DIR
//       Run under `setpriv --bounding-set=-sys_admin ...`: tries what needs CAP_SYS_ADMIN (creating, joining and
//       mounting namespaces; DIR is a scratch directory for the mount) twice, and prints for each attempt
//       "case NAME OUTCOME", then "capeff HEX" and "left fds=A->B foreign=N children=N" for the second pass.
//   helper create-mount-exit DIR FLAGS HOSTNAME
//       Creates FLAGS (e.g. "Net|Uts|Ipc"), sets HOSTNAME inside when Uts is among them, bind-mounts every
//       namespace into DIR (set.Mount) and exits without disposing: the namespaces live on, pinned by the mounts.
//       Prints "ids NAME=ID ..." first.
//   helper limits-fds
//       Run under `prlimit --nofile=N:N`: fills the descriptor table, then uses the library (first use, new sets,
//       calls) until it fails, frees descriptors and uses it again. Prints "step NAME OUTCOME" lines (Limits.cs).
//   helper join-from-own-user-namespace PATH
//       Run under `unshare -Ur`: joins the network namespace bind-mounted at PATH (one the test host made, owned by
//       the initial user namespace) with Do and with DoRaw, printing "case NAME OUTCOME" for each, then "self USERNS".
//   helper limits-threads CGROUP
//       Moves itself into the pids cgroup CGROUP (v1: pids.max, cgroup.procs) with no room for one more thread, uses
//       the library, then makes room for a few and runs more blocking calls than that at once. Prints "step" lines.
switch (args)
{
    case ["no-cap-sys-admin", var dir]:
        return NoCapSysAdmin(dir);
    case ["create-mount-exit", var dir, var flags, var hostname]:
        return CreateMountExit(dir, ParseFlags(flags), hostname);
    case ["join-from-own-user-namespace", var path]:
        return JoinFromOwnUserNamespace(path);
    case ["limits-fds"]:
        return Limits.Descriptors();
    case ["limits-threads", var cgroup]:
        return Limits.Threads(cgroup);
    default:
        Console.Error.WriteLine("usage: helper no-cap-sys-admin DIR | create-mount-exit DIR FLAGS HOSTNAME");
        return 2;
}

static NS ParseFlags(string flags) => flags.Split('|').Select(Enum.Parse<NS>).Aggregate(NS.None, (a, b) => a | b);

static int NoCapSysAdmin(string dir)
{
    var maps = UnshareOptions.WithIdMaps([new IdMap(0, 100000, 65536)], [new IdMap(0, 100000, 65536)]);
    (string Name, Action Body)[] cases =
    [
        ("create-net", () => NamespaceSet.Create(NS.Net).Dispose()),
        ("create-uts-ipc", () => NamespaceSet.Create(NS.Uts | NS.Ipc).Dispose()),
        ("create-mnt", () => NamespaceSet.Create(NS.Mnt).Dispose()),
        ("create-cgroup", () => NamespaceSet.Create(NS.Cgroup).Dispose()),
        ("create-pid", () => NamespaceSet.Create(NS.Pid).Dispose()),
        ("create-time", () => NamespaceSet.Create(NS.Time).Dispose()),
        ("do-current-net", () =>
        {
            using NamespaceSet set = NamespaceSet.Current(NS.Net);
            set.Do(() => { });
        }),
        // Another process's namespaces (the parent's: the test host, same user, so opening them is allowed).
        ("do-parent-net-uts", () =>
        {
            using NamespaceSet set = NamespaceSet.FromPid(ParentOf("/proc/self"), NS.Net | NS.Uts);
            set.Do(() => { });
        }),
        // pid 1's files: the kernel's ptrace check may already refuse opening them (EACCES) before any setns.
        ("do-pid1-net", () =>
        {
            using NamespaceSet set = NamespaceSet.FromPid(1, NS.Net);
            set.Do(() => { });
        }),
        ("mountns-net", () =>
        {
            using NamespaceSet set = NamespaceSet.Current(NS.Net);
            set.MountNS(NS.Net, Path.Combine(dir, "net"));
            NamespaceSet.Unmount(Path.Combine(dir, "net")); // only if it worked: leave nothing mounted
        }),
        // Not a privileged operation: the kernel lets any process create a user namespace (and namespaces it owns).
        ("create-user-net", () => NamespaceSet.Create(NS.User | NS.Net, maps).Dispose()),
    ];

    Console.Out.Flush(); // Console dups stdout on first use: do it before counting fds
    string[] fdsBefore = [];
    for (int pass = 0; pass < 2; pass++)
    {
        if (pass == 1)
        {
            fdsBefore = OpenFds();
        }

        foreach ((string name, Action body) in cases)
        {
            string outcome = Outcome(body);
            if (pass == 1)
            {
                Console.WriteLine($"case {name} {outcome}");
            }
        }
    }
    string[] fdsAfter = OpenFds();
    string capEff = File.ReadAllLines("/proc/self/status").First(l => l.StartsWith("CapEff:", StringComparison.Ordinal)).Split('\t')[^1];
    int children = Directory.GetDirectories("/proc").Count(d => int.TryParse(Path.GetFileName(d), out _) && ParentOf(d) == Environment.ProcessId);
    Console.WriteLine($"capeff {capEff}");
    Console.WriteLine($"left fds={fdsBefore.Length}->{fdsAfter.Length} foreign={ThreadAudit.ForeignThreads().Count} children={children}");
    Console.WriteLine("newfds " + string.Join(", ", fdsAfter.Except(fdsBefore)));
    return 0;
}

static int JoinFromOwnUserNamespace(string path)
{
    (string Name, Action Body)[] cases =
    [
        ("do", () =>
        {
            using NamespaceSet set = NamespaceSet.FromPath(path, NS.Net);
            set.Do(() => { });
        }),
        ("doraw", () =>
        {
            using NamespaceSet set = NamespaceSet.FromPath(path, NS.Net);
            set.DoRaw(() => true, restore: true);
        }),
    ];
    foreach ((string name, Action body) in cases)
    {
        Console.WriteLine($"case {name} {Outcome(body)}");
    }
    Console.WriteLine("self " + new FileInfo("/proc/self/ns/user").LinkTarget);
    return 0;
}

// "ok", or the exception a case threw, on one line: "NamespaceException errno=N ns=NS message=...".
static string Outcome(Action body)
{
    try
    {
        body();
        return "ok";
    }
    catch (NamespaceException e)
    {
        return $"NamespaceException errno={e.Errno} ns={e.Namespace} message={OneLine(e.Message)}";
    }
    catch (Exception e)
    {
        return $"{e.GetType().Name} message={OneLine(e.Message)}";
    }
}

// "fd->target" for each open fd, after a full collection.
static string[] OpenFds()
{
    GC.Collect();
    GC.WaitForPendingFinalizers();
    return Directory.GetFileSystemEntries("/proc/self/fd")
        .Select(f => (Fd: Path.GetFileName(f), Target: new FileInfo(f).LinkTarget))
        .Where(f => f.Target is not null).Select(f => f.Fd + "->" + f.Target).ToArray();
}

static int ParentOf(string procDir)
{
    try
    {
        string stat = File.ReadAllText(procDir + "/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }
    catch (IOException)
    {
        return -1;
    }
}

static string OneLine(string text) => text.Replace('\n', ' ');

static int CreateMountExit(string dir, NS flags, string hostname)
{
    NamespaceSet set = NamespaceSet.Create(flags);
    if (set.Contains(NS.Uts))
    {
        set.Do(() => SetHostName(hostname));
    }

    Console.WriteLine("ids " + string.Join(' ', Enum.GetValues<NS>().Where(ns => ns != NS.None && set.Contains(ns)).Select(ns => $"{ns}={set.Id(ns)}")));
    set.Mount(dir);
    Console.Out.Flush();
    return 0; // no Dispose: the process ends, and only the mounts keep the namespaces
}

static void SetHostName(string name)
{
    byte[] bytes = System.Text.Encoding.ASCII.GetBytes(name);
    if (Native.sethostname(bytes, bytes.Length) != 0)
    {
        throw new InvalidOperationException("sethostname failed: errno " + System.Runtime.InteropServices.Marshal.GetLastPInvokeError());
    }
}

internal static partial class Native
{
    [System.Runtime.InteropServices.LibraryImport("libc", SetLastError = true)]
    internal static partial int sethostname(byte[] name, nint length);
}

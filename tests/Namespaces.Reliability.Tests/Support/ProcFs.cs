using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using Xunit;

namespace Namespaces.Reliability.Tests.Support;

/// <summary>
/// What the kernel says about this process, read from /proc and libc: never through the library under test.
/// </summary>
internal static partial class ProcFs
{
    /// <summary>The inode of the calling thread's namespace <paramref name="name"/> ("net", "uts", ...), without allocating.</summary>
    public static ulong ThreadNsInode(string name)
    {
        Span<byte> path = stackalloc byte[64];
        int length = Encoding.ASCII.GetBytes("/proc/thread-self/ns/", path);
        length += Encoding.ASCII.GetBytes(name, path[length..]);
        path[length] = 0;
        Span<byte> target = stackalloc byte[64];
        nint read = readlink(ref MemoryMarshal.GetReference(path), ref MemoryMarshal.GetReference(target), target.Length);
        if (read <= 0)
        {
            throw new InvalidOperationException($"readlink /proc/thread-self/ns/{name} failed: errno {Marshal.GetLastPInvokeError()}");
        }
        // "net:[4026531840]"
        ReadOnlySpan<byte> text = target[..(int)read];
        int open = text.IndexOf((byte)'[');
        ulong inode = 0;
        for (int i = open + 1; i < text.Length && text[i] != (byte)']'; i++)
        {
            inode = inode * 10 + (ulong)(text[i] - (byte)'0');
        }

        return inode;
    }

    /// <summary>The inode in a namespace id such as "net:[4026531840]".</summary>
    public static ulong InodeOf(string id) => ulong.Parse(id[(id.IndexOf('[') + 1)..id.IndexOf(']')], CultureInfo.InvariantCulture);

    public static string? Link(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The main thread's namespace of <paramref name="name"/>, e.g. "net:[4026531840]".</summary>
    public static string ProcessNs(string name) => Link("/proc/self/ns/" + name) ?? throw new InvalidOperationException("no /proc/self/ns/" + name);

    /// <summary>The calling thread's namespace of <paramref name="name"/>.</summary>
    public static string ThreadNs(string name) => Link("/proc/thread-self/ns/" + name) ?? throw new InvalidOperationException("no /proc/thread-self/ns/" + name);

    /// <summary>Open fds of this process: fd → what it points at.</summary>
    public static SortedDictionary<int, string> OpenFds()
    {
        var fds = new SortedDictionary<int, string>();
        foreach (string entry in Directory.GetFileSystemEntries("/proc/self/fd"))
        {
            if (int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out int fd))
            {
                string? target = Link(entry);
                if (target is not null) // the fd of the directory listing itself is gone by now
                {
                    fds[fd] = target;
                }
            }
        }
        return fds;
    }

    /// <summary>One thread of this process: its id, its name (comm) and its namespaces ("net=net:[...] uts=...").</summary>
    public sealed record TaskInfo(int Tid, string Name, string Namespaces);

    /// <summary>The links audited per thread, as the library's audit reads them.</summary>
    public static readonly string[] NamespaceLinks =
        ["cgroup", "ipc", "mnt", "net", "pid", "pid_for_children", "time", "time_for_children", "user", "uts"];

    public static List<TaskInfo> Threads()
    {
        var tasks = new List<TaskInfo>();
        foreach (string task in Directory.GetDirectories("/proc/self/task"))
        {
            int tid = int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture);
            string name;
            try
            {
                name = File.ReadAllText(task + "/comm").TrimEnd('\n');
            }
            catch (IOException)
            {
                continue; // exited while we looked
            }
            var links = NamespaceLinks.Select(l => l + "=" + Link(task + "/ns/" + l));
            tasks.Add(new TaskInfo(tid, name, string.Join(' ', links)));
        }
        return tasks;
    }

    /// <summary>The main thread's namespaces in the format of <see cref="TaskInfo.Namespaces"/>.</summary>
    public static string HomeNamespaces() => string.Join(' ', NamespaceLinks.Select(l => l + "=" + Link("/proc/self/ns/" + l)));

    /// <summary>Processes whose parent is this process, with their state letter (our clone children have exit signal 0 and are not threads).</summary>
    public static List<(int Pid, char State)> Children()
    {
        int self = Environment.ProcessId;
        var children = new List<(int, char)>();
        foreach (string dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
            {
                continue;
            }

            string stat;
            try
            {
                stat = File.ReadAllText(dir + "/stat");
            }
            catch (IOException)
            {
                continue;
            }
            // pid (comm) state ppid ...: comm may hold spaces and parentheses, so parse after the last ')'.
            string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (int.Parse(fields[1], CultureInfo.InvariantCulture) == self)
            {
                children.Add((pid, fields[0][0]));
            }
        }
        return children;
    }

    /// <summary>Children of this process in state Z.</summary>
    public static List<int> ZombieChildren() => Children().Where(c => c.State == 'Z').Select(c => c.Pid).ToList();

    /// <summary>The main thread's mount table, one line per mount.</summary>
    public static string[] MountInfo() => File.ReadAllLines("/proc/self/mountinfo");

    /// <summary>
    /// The mounts at the places this suite mounts (its temp directories, /run/netns/reliability-*) or that nothing
    /// may mount onto (/proc). The mount table is shared with every process in the mount namespace: other test
    /// assemblies running at the same time mount and unmount elsewhere, and must not show up as this suite's leaks.
    /// </summary>
    public static string[] SuiteMounts() => MountInfo().Where(line =>
    {
        string point = line.Split(' ')[4];
        return point.StartsWith(TempDirectory.Prefix, StringComparison.Ordinal)
            || point.StartsWith("/run/netns/reliability-", StringComparison.Ordinal)
            || point == "/proc" || point.StartsWith("/proc/", StringComparison.Ordinal);
    }).ToArray();

    /// <summary>Resident set size in KiB (VmRSS).</summary>
    public static long RssKiB()
    {
        string line = File.ReadAllLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }

    /// <summary>The namespace types this kernel has: the entries of /proc/self/ns that name a type (not *_for_children).</summary>
    public static string[] KernelNamespaceTypes() => Directory.GetFileSystemEntries("/proc/self/ns")
        .Select(Path.GetFileName).OfType<string>().Where(n => !n.EndsWith("_for_children", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal).ToArray();

    public static int PidMax() => int.Parse(File.ReadAllText("/proc/sys/kernel/pid_max").Trim(), CultureInfo.InvariantCulture);

    public static string KernelRelease() => File.ReadAllText("/proc/sys/kernel/osrelease").Trim();

    /// <summary>Fails (never skips) when the test cannot run here, saying what is missing.</summary>
    public static void RequireRoot()
    {
        if (geteuid() != 0)
        {
            Assert.Fail("This test creates namespaces and needs root (CAP_SYS_ADMIN): run the reliability tests as root.");
        }
    }

    public static string RequireProgram(string program)
    {
        string[] path = (Environment.GetEnvironmentVariable("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin").Split(':');
        string? found = path.Select(p => Path.Combine(p, program)).FirstOrDefault(File.Exists);
        if (found is null)
        {
            Assert.Fail($"This test needs '{program}' on PATH (Debian package: {(program == "ip" ? "iproute2" : "util-linux")}); .ci/run installs it.");
        }

        return found;
    }

    public static int MakeFifo(string path, int mode) => mkfifo(path, mode) == 0 ? 0 : Marshal.GetLastPInvokeError();

    public static void SetHostName(string name)
    {
        byte[] bytes = Encoding.ASCII.GetBytes(name);
        if (sethostname(bytes, bytes.Length) != 0)
        {
            throw new InvalidOperationException("sethostname failed: errno " + Marshal.GetLastPInvokeError());
        }
    }

    public static string HostName()
    {
        Span<byte> buffer = stackalloc byte[256];
        if (gethostname(ref MemoryMarshal.GetReference(buffer), buffer.Length) != 0)
        {
            throw new InvalidOperationException("gethostname failed: errno " + Marshal.GetLastPInvokeError());
        }

        return Encoding.ASCII.GetString(buffer[..buffer.IndexOf((byte)0)]);
    }

    /// <summary>umount2(target, MNT_DETACH); 0 or the errno.</summary>
    public static int Unmount(string target) => umount2(target, 2) == 0 ? 0 : Marshal.GetLastPInvokeError();

    /// <summary>open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC): the fd, or -1.</summary>
    public static int OpenWriteNonBlocking(string path) => open(path, 0x1 | 0x800 | 0x80000);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint readlink(ref byte path, ref byte buffer, nint size);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int mkfifo(string path, int mode);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int gethostname(ref byte name, nint length);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int sethostname(byte[] name, nint length);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int umount2(string target, int flags);

    [LibraryImport("libc")]
    private static partial uint geteuid();
}

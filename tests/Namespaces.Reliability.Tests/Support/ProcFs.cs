using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using Namespaces.Testing;

namespace Namespaces.Reliability.Tests.Support;

/// <summary>
/// What the kernel says about this process that only this suite asks (the rest is <see cref="Kernel"/>), read from
/// /proc and libc: never through the library under test.
/// </summary>
internal static partial class ProcFs
{
    /// <summary>Where every temp directory of the suite starts (<c>new TempDirectory(ProcFs.TempPrefix)</c>), so that its mount checks skip other assemblies' mounts.</summary>
    public const string TempPrefix = "ns-reliability-";

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

    /// <summary>Open fds of this process: fd → what it points at.</summary>
    public static SortedDictionary<int, string> OpenFds()
    {
        var fds = new SortedDictionary<int, string>();
        foreach (string entry in Directory.GetFileSystemEntries("/proc/self/fd"))
        {
            if (int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out int fd))
            {
                string? target = Kernel.TryLink(entry);
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
            var links = NamespaceLinks.Select(l => l + "=" + Kernel.TryLink(task + "/ns/" + l));
            tasks.Add(new TaskInfo(tid, name, string.Join(' ', links)));
        }
        return tasks;
    }

    /// <summary>The main thread's namespaces in the format of <see cref="TaskInfo.Namespaces"/>.</summary>
    public static string HomeNamespaces() => string.Join(' ', NamespaceLinks.Select(l => l + "=" + Kernel.TryLink("/proc/self/ns/" + l)));

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
        return point.StartsWith(Path.Combine(Path.GetTempPath(), TempPrefix), StringComparison.Ordinal)
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

    public static int MakeFifo(string path, int mode) => mkfifo(path, mode) == 0 ? 0 : Marshal.GetLastPInvokeError();

    /// <summary>open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC): the fd, or -1.</summary>
    public static int OpenWriteNonBlocking(string path) => open(path, 0x1 | 0x800 | 0x80000);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint readlink(ref byte path, ref byte buffer, nint size);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int mkfifo(string path, int mode);
}

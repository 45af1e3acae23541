using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using Xunit;

namespace Namespaces.Testing;

/// <summary>What the tests ask the kernel directly, through /proc and libc: never through the library under test.</summary>
public static partial class Kernel
{
    /// <summary>The calling thread's namespace of <paramref name="name"/> ("net", "pid_for_children", ...), e.g. "net:[4026531840]".</summary>
    public static string ThreadNs(string name) => Link("/proc/thread-self/ns/" + name);

    /// <summary>The main thread's namespace of <paramref name="name"/>.</summary>
    public static string ProcessNs(string name) => Link("/proc/self/ns/" + name);

    public static string Link(string path) => new FileInfo(path).LinkTarget ?? throw new InvalidOperationException(path + " is not a link");

    /// <summary>A link's target, or null when it cannot be read (the process is gone or a zombie).</summary>
    public static string? TryLink(string path)
    {
        try { return new FileInfo(path).LinkTarget; }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    /// <summary>A thread's name as the kernel keeps it (comm), or "" if it exited.</summary>
    public static string ThreadName(int tid)
    {
        try { return File.ReadAllText($"/proc/self/task/{tid}/comm").TrimEnd('\n'); }
        catch (IOException) { return ""; }
    }

    /// <summary>The network namespace a socket belongs to, asked of the kernel with ioctl SIOCGSKNS.</summary>
    public static string SocketNetworkNamespace(System.Net.Sockets.Socket socket)
    {
        int fd = ioctl(socket.SafeHandle, 0x894C, 0);
        if (fd < 0)
        {
            throw new InvalidOperationException("SIOCGSKNS failed: errno " + Marshal.GetLastPInvokeError());
        }

        try { return Link($"/proc/self/fd/{fd}"); }
        finally { close(fd); }
    }

    /// <summary>
    /// Open file descriptors of this process as "fd -> target", sorted, without those onto the runtime's own framework
    /// assemblies: the runtime maps one when anything in the process first needs it (another test starting a process
    /// loads Microsoft.Win32.Registry.dll), and they are never the library's.
    /// </summary>
    public static string[] OpenFds() => Directory.GetFiles("/proc/self/fd")
        .Select(f => { try { return Path.GetFileName(f) + " -> " + new FileInfo(f).LinkTarget; } catch (IOException) { return null; } })
        .OfType<string>().Where(fd => !fd.Contains(s_framework, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray();

    /// <summary>Open file descriptors of this process, less the runtime's framework assemblies (see <see cref="OpenFds"/>).</summary>
    public static int OpenFdCount() => OpenFds().Length;

    private static readonly string s_framework = System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory();

    /// <summary>Threads of this process.</summary>
    public static int ThreadCount() => Directory.GetDirectories("/proc/self/task").Length;

    /// <summary>Every thread's namespaces: tid → the sorted links of /proc/self/task/TID/ns.</summary>
    public static Dictionary<int, string> ThreadNamespaces()
    {
        var result = new Dictionary<int, string>();
        foreach (string task in Directory.GetDirectories("/proc/self/task"))
        {
            try
            {
                // A thread that exits while we read it has its links vanish one by one (LinkTarget null): skip it.
                var links = Directory.GetFiles(task + "/ns").Order(StringComparer.Ordinal).Select(f => (Name: Path.GetFileName(f), Target: TryLink(f))).ToArray();
                if (links.All(l => l.Target is not null))
                {
                    result[int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture)] = string.Join(" ", links.Select(l => l.Name + "=" + l.Target));
                }
            }
            catch (IOException)
            {
                // The thread exited while we listed it.
            }
        }
        return result;
    }

    /// <summary>
    /// Processes whose parent is <paramref name="parent"/> (this process by default), with their state letter, found by
    /// scanning /proc (our clone children use exit signal 0 and do not show as threads).
    /// </summary>
    public static List<(int Pid, char State)> Children(int? parent = null)
    {
        int self = parent ?? Environment.ProcessId;
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
                continue; // exited meanwhile
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

    /// <summary>Children of this process, zombie or not.</summary>
    public static List<int> ChildProcesses() => Children().Select(c => c.Pid).ToList();

    /// <summary>Mount points in the calling thread's mount namespace (/proc/thread-self/mountinfo).</summary>
    public static string[] MountPoints() => File.ReadAllLines("/proc/thread-self/mountinfo").Select(l => l.Split(' ')[4]).ToArray();

    public static string HostName()
    {
        Span<byte> buffer = stackalloc byte[256];
        if (gethostname(ref MemoryMarshal.GetReference(buffer), buffer.Length) != 0)
        {
            throw new InvalidOperationException("gethostname failed: " + Marshal.GetLastPInvokeError());
        }

        return Encoding.ASCII.GetString(buffer[..buffer.IndexOf((byte)0)]);
    }

    public static void SetHostName(string name)
    {
        byte[] bytes = Encoding.ASCII.GetBytes(name);
        if (sethostname(bytes, bytes.Length) != 0)
        {
            throw new InvalidOperationException("sethostname failed: errno " + Marshal.GetLastPInvokeError());
        }
    }

    public static void MountTmpfs(string target)
    {
        if (mount("tmpfs", target, "tmpfs", 0, 0) != 0)
        {
            throw new InvalidOperationException($"mount tmpfs on {target} failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>umount2(target, MNT_DETACH); 0 or the errno.</summary>
    public static int Unmount(string target) => umount2(target, MntDetach) == 0 ? 0 : Marshal.GetLastPInvokeError();

    /// <summary>Lines of this process's mountinfo whose mount point is <paramref name="path"/> or below it.</summary>
    public static string[] MountsAt(string path) => File.ReadAllLines("/proc/self/mountinfo").Where(line => IsAtOrBelow(line, path)).ToArray();

    /// <summary>Every mount, in any process's mount namespace, at or below <paramref name="path"/>: "pid: line".</summary>
    public static List<string> MountsAtAnywhere(string path)
    {
        var found = new List<string>();
        foreach (string dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid))
            {
                continue;
            }

            string[] lines;
            try
            {
                lines = File.ReadAllLines(dir + "/mountinfo");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // exited meanwhile
            }
            found.AddRange(lines.Where(l => IsAtOrBelow(l, path)).Select(l => $"{pid}: {l}"));
        }
        return found;
    }

    /// <summary>Removes /run/netns/NAME if a failed test left it (what `ip netns del` does).</summary>
    public static void RemoveNetnsName(string name)
    {
        string path = "/run/netns/" + name;
        if (!Path.Exists(path))
        {
            return;
        }

        umount2(path, MntDetach);
        File.Delete(path);
    }

    private static bool IsAtOrBelow(string mountInfoLine, string path)
        => mountInfoLine.Split(' ')[4] is string point && (point == path || point.StartsWith(path + "/", StringComparison.Ordinal));

    /// <summary>Runs a program and returns its output; for cross-checks with iproute2 and util-linux only.</summary>
    public static (int ExitCode, string Output) Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + program);
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }

    /// <summary>Runs a program (iproute2's ip, mostly) and returns its standard output; fails the test on a non-zero exit.</summary>
    public static string RunChecked(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"Could not run '{program}' ({e.Message}): install it (iproute2 for ip).", e);
        }
        using (process)
        {
            string output = process.StandardOutput.ReadToEnd();
            string error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {error}");
            return output;
        }
    }

    /// <summary>Fails (never skips) when the test cannot run here, saying what is missing.</summary>
    public static void RequireRoot()
    {
        if (geteuid() != 0)
        {
            Assert.Fail("This test creates namespaces and needs root (or CAP_SYS_ADMIN): run the tests as root, or under `unshare -Ur`.");
        }
    }

    /// <summary>Fails (never skips) when <paramref name="program"/> is not on PATH, naming the Debian package; returns its path.</summary>
    public static string RequireProgram(string program, string? package = null)
    {
        string[] path = (Environment.GetEnvironmentVariable("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin").Split(':');
        string? found = path.Select(p => Path.Combine(p, program)).FirstOrDefault(File.Exists);
        if (found is null)
        {
            Assert.Fail($"This cross-check needs '{program}' on PATH (Debian package: {package ?? (program == "ip" ? "iproute2" : "util-linux")}); .ci/run installs it.");
        }

        return found;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int gethostname(ref byte name, nint length);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int sethostname(byte[] name, nint length);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int mount(string source, string target, string type, ulong flags, nint data);

    private const int MntDetach = 2;

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int umount2(string target, int flags);

    [LibraryImport("libc")]
    private static partial uint geteuid();

    [LibraryImport("libc", SetLastError = true)]
    private static partial int ioctl(System.Runtime.InteropServices.SafeHandle fd, nint request, nint argument);

    [LibraryImport("libc")]
    private static partial int close(int fd);
}

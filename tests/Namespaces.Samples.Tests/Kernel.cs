using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using Xunit;

namespace Namespaces.Samples.Tests;

/// <summary>What the tests ask the kernel (and iproute2) directly: never through the library or the samples.</summary>
internal static partial class Kernel
{
    /// <summary>This process's namespace of a kind, e.g. "net:[4026531840]".</summary>
    public static string ProcessNs(string name) => new FileInfo("/proc/self/ns/" + name).LinkTarget!;

    public static string HostName() => File.ReadAllText("/proc/sys/kernel/hostname").TrimEnd('\n');

    /// <summary>Lines of this process's mountinfo whose mount point is <paramref name="path"/> or below it.</summary>
    public static string[] MountsAt(string path) => File.ReadAllLines("/proc/self/mountinfo")
        .Where(line => line.Split(' ')[4] is string point && (point == path || point.StartsWith(path + "/", StringComparison.Ordinal)))
        .ToArray();

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
            try { lines = File.ReadAllLines(dir + "/mountinfo"); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { continue; } // exited meanwhile
            found.AddRange(lines.Where(l => l.Split(' ')[4] is string point && (point == path || point.StartsWith(path + "/", StringComparison.Ordinal)))
                .Select(l => $"{pid}: {l}"));
        }
        return found;
    }

    /// <summary>Runs a command (iproute2's ip, mostly) and returns its standard output; fails the test on a non-zero exit.</summary>
    public static string Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"Could not run '{file}' ({e.Message}): install it (iproute2 for ip).", e);
        }
        using (process)
        {
            string output = process.StandardOutput.ReadToEnd();
            string error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}: {error}");
            return output;
        }
    }

    /// <summary>Removes /run/netns/NAME if a failed sample left it (what `ip netns del` does).</summary>
    public static void RemoveNetnsName(string name)
    {
        string path = "/run/netns/" + name;
        if (!Path.Exists(path))
        {
            return;
        }

        umount2(path, MNT_DETACH);
        File.Delete(path);
    }

    public static void RequireRoot() =>
        Assert.True(geteuid() == 0, "The sample tests create namespaces: run them as root.");

    private const int MNT_DETACH = 2;

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int umount2(string target, int flags);

    [LibraryImport("libc")]
    private static partial uint geteuid();
}

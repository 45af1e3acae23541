using System;
using System.IO;
using System.Linq;
using Namespaces;

namespace MountSandbox;

/// <summary>
/// Bodies that run in the set's mount namespace. The generator adds <c>Prepare(NamespaceSet, …)</c>,
/// <c>PrepareAsync(NamespaceSet, …, CancellationToken)</c> and so on. A thread that joined a mount namespace has
/// <c>/</c> as its working directory, so bodies use absolute paths.
/// </summary>
internal static partial class Sandbox
{
    /// <summary>Creates a directory as the mount namespace sees it (inside the sandbox's tmpfs, the host never sees it).</summary>
    [RunInNamespace(NS.Mnt)]
    public static void CreateDirectory(string path) => Directory.CreateDirectory(path);

    /// <summary>Writes a file and says how it went: "ok", or the kernel's refusal.</summary>
    [RunInNamespace(NS.Mnt)]
    public static string TryWrite(string path, string text)
    {
        try
        {
            File.WriteAllText(path, text);
            return "ok";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "refused, " + e.Message.Split(" : '")[0]; // the message ends with the path
        }
    }

    [RunInNamespace(NS.Mnt)]
    public static string Describe(string directory) => DescribeHere(directory);

    [RunInNamespace(NS.Mnt)]
    public static string[] MountsUnder(string directory) => MountsUnderHere(directory);

    /// <summary>The entries of a directory, as the calling thread sees them.</summary>
    public static string DescribeHere(string directory)
    {
        string[] entries = Directory.GetFileSystemEntries(directory).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToArray();
        return entries.Length == 0 ? "nothing" : string.Join(", ", entries);
    }

    /// <summary>
    /// "tmpfs rw on sandbox", "ext4 ro on sandbox/data": the mounts below <paramref name="directory"/> in the calling
    /// thread's mount namespace (/proc/thread-self/mountinfo; /proc/self would show the main thread's).
    /// </summary>
    public static string[] MountsUnderHere(string directory) =>
        File.ReadAllLines("/proc/thread-self/mountinfo")
            .Select(line => line.Split(' '))
            // mount-id parent-id major:minor root mount-point options [optional fields...] - fstype source super-options
            .Where(fields => fields[4].StartsWith(directory + "/", StringComparison.Ordinal))
            .Select(fields => $"{fields[Array.IndexOf(fields, "-") + 1]} {fields[5].Split(',')[0]} on {Path.GetRelativePath(directory, fields[4])}")
            .ToArray();
}

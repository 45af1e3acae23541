using System.Globalization;
using System.Text;
using Microsoft.Win32.SafeHandles;
using Namespaces.Processes;
using static Interop.OpenFlags;

namespace Namespaces.Creation;

/// <summary>
/// A new user namespace's uid_map, setgroups and gid_map, in the order the kernel requires: written by this process
/// (<see cref="Write"/>) or by the native helper's mapper (<see cref="AddTo"/>).
/// </summary>
internal static class IdMapWriter
{
    /// <summary>The helper's -X, -S, -Y: its mapper, which stays in the parent user namespace, writes them.</summary>
    public static void AddTo(HelperCommand command, UnshareOptions options)
    {
        if (options.UidMaps.Count > 0)
        {
            command.Add("-X", UnshareOptions.Format(options.UidMaps));
        }

        if (!options.AllowSetgroups)
        {
            command.Add("-S");
        }

        if (options.GidMaps.Count > 0)
        {
            command.Add("-Y", UnshareOptions.Format(options.GidMaps));
        }
    }

    public static void Write(int pid, UnshareOptions options)
    {
        string proc = "/proc/" + pid.ToString(CultureInfo.InvariantCulture) + "/";
        if (options.UidMaps.Count > 0)
        {
            WriteFile(proc + "uid_map", UnshareOptions.Format(options.UidMaps));
        }
        // "deny" must precede an unprivileged gid_map write; it also keeps dropped groups from being regained.
        if (!options.AllowSetgroups)
        {
            WriteFile(proc + "setgroups", "deny");
        }

        if (options.GidMaps.Count > 0)
        {
            WriteFile(proc + "gid_map", UnshareOptions.Format(options.GidMaps));
        }
    }

    /// <summary>"\"deny\"", "\"0 1000 1\"", or for a long map its first line and how many more: never kilobytes of ids.</summary>
    public static string Describe(string text)
    {
        string[] lines = text.TrimEnd('\n').Split('\n');
        return lines.Length == 1 ? $"\"{lines[0]}\"" : $"{lines.Length} lines (\"{lines[0]}\", …)";
    }

    /// <summary>One write(2) of the whole text: these files accept a single write only.</summary>
    public static void WriteFile(string path, string text)
    {
        Interop.Error error = Interop.Open(path, O_WRONLY, out SafeFileHandle file);
        using (file)
        {
            if (error == Interop.Error.SUCCESS)
            {
                error = Interop.WriteAll(file, Encoding.ASCII.GetBytes(text));
            }
        }
        if (error != Interop.Error.SUCCESS)
        {
            throw NamespaceException.FromErrno($"Writing {Describe(text)} to", error, NS.User, path);
        }
    }
}

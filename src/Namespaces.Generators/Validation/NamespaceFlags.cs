using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Namespaces.Generators.Validation;

/// <summary>
/// The <c>Namespaces.NS</c> flags as the generator sees them. The values are the kernel's <c>CLONE_NEW*</c>
/// constants, which are ABI and never change, so they are listed here rather than read from the runtime.
/// </summary>
internal static class NamespaceFlags
{
    public const int Time = 0x00000080;
    public const int Mnt = 0x00020000;
    public const int Cgroup = 0x02000000;
    public const int Uts = 0x04000000;
    public const int Ipc = 0x08000000;
    public const int User = 0x10000000;
    public const int Pid = 0x20000000;
    public const int Net = 0x40000000;

    /// <summary>Each flag with its enum member name and what it isolates, in ascending bit order.</summary>
    private static readonly (int Value, string Name, string Words)[] s_known =
    {
        (Time, "Time", "time"),
        (Mnt, "Mnt", "mount"),
        (Cgroup, "Cgroup", "cgroup"),
        (Uts, "Uts", "UTS"),
        (Ipc, "Ipc", "IPC"),
        (User, "User", "user"),
        (Pid, "Pid", "PID"),
        (Net, "Net", "network"),
    };

    /// <summary>All bits that name a namespace.</summary>
    public static readonly int KnownMask = s_known.Aggregate(0, (mask, flag) => mask | flag.Value);

    /// <summary>The names of the known flags set in <paramref name="flags"/>, e.g. <c>NS.User, NS.Time</c>.</summary>
    public static IEnumerable<string> Names(int flags) =>
        s_known.Where(flag => (flags & flag.Value) != 0).Select(flag => "NS." + flag.Name);

    /// <summary>The flags as a C# expression: <c>global::Namespaces.NS.Net | global::Namespaces.NS.Mnt</c>.</summary>
    public static string ToExpression(int flags)
    {
        if (flags == 0)
        {
            return "global::Namespaces.NS.None";
        }

        var parts = s_known.Where(flag => (flags & flag.Value) != 0).Select(flag => "global::Namespaces.NS." + flag.Name).ToList();
        var unknown = flags & ~KnownMask;
        if (unknown != 0)
        {
            // Unknown bits are refused by NS0002, but the emitted code must still say exactly what the attribute said.
            parts.Add("(global::Namespaces.NS)0x" + unknown.ToString("X8", CultureInfo.InvariantCulture));
        }

        return string.Join(" | ", parts);
    }

    /// <summary>The flags in words for documentation: <c>network and mount namespaces</c>.</summary>
    public static string Describe(int flags)
    {
        var words = s_known.Where(flag => (flags & flag.Value) != 0).Select(flag => flag.Words).ToList();
        return words.Count switch
        {
            0 => "no namespace",
            1 => words[0] + " namespace",
            _ => string.Join(", ", words.Take(words.Count - 1)) + " and " + words[words.Count - 1] + " namespaces",
        };
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Namespaces;

/// <summary>What the runtime knows about each namespace type: its /proc name, and the order sets are joined in.</summary>
internal static class NamespaceKinds
{
    /// <summary>Every namespace type, in the order a thread joins them: mount last (it changes the thread's root
    /// and working directory), user and time first though they are never joined by a thread of this process.</summary>
    internal static readonly NS[] JoinOrder = [NS.User, NS.Time, NS.Cgroup, NS.Ipc, NS.Uts, NS.Net, NS.Pid, NS.Mnt];

    internal const NS All = NS.User | NS.Time | NS.Cgroup | NS.Ipc | NS.Uts | NS.Net | NS.Pid | NS.Mnt;

    /// <summary>Namespaces no thread of a multithreaded process can join (setns fails with EINVAL/EUSERS).</summary>
    internal const NS Unjoinable = NS.User | NS.Time;

    /// <summary>The file name under /proc/PID/ns.</summary>
    internal static string ProcName(NS ns) => ns switch
    {
        NS.User => "user",
        NS.Time => "time",
        NS.Cgroup => "cgroup",
        NS.Ipc => "ipc",
        NS.Uts => "uts",
        NS.Net => "net",
        NS.Pid => "pid",
        NS.Mnt => "mnt",
        _ => throw new ArgumentOutOfRangeException(nameof(ns), ns, "Not a single namespace type."),
    };

    /// <summary>For pid and time, what unshare(2) changes is the "for children" namespace, not the thread's own.</summary>
    internal static string ForChildrenProcName(NS ns) => ns switch
    {
        NS.Pid => "pid_for_children",
        NS.Time => "time_for_children",
        _ => ProcName(ns),
    };

    /// <summary>The single namespace types in <paramref name="namespaces"/>, in join order.</summary>
    internal static IEnumerable<NS> Each(NS namespaces)
    {
        foreach (NS ns in JoinOrder)
        {
            if ((namespaces & ns) != 0)
            {
                yield return ns;
            }
        }
    }

    /// <summary>The one way namespaces are named in messages and thread names: "net", "uts+net", "none".</summary>
    internal static string Describe(NS namespaces) => namespaces == NS.None
        ? "none"
        : string.Join("+", Each(namespaces).Select(ProcName));

    /// <summary>Whether exactly one bit is set.</summary>
    internal static bool IsSingle(NS ns) => ns != NS.None && (ns & (ns - 1)) == 0;

    /// <summary>Rejects unknown bits; <paramref name="allowNone"/> says whether <see cref="NS.None"/> is meaningful here.</summary>
    internal static void Validate(NS namespaces, bool allowNone, string parameterName)
    {
        if ((namespaces & ~All) != 0)
        {
            throw new ArgumentException(
                $"Unknown namespace flag bits 0x{(int)(namespaces & ~All):x8} in {parameterName}; the namespace types are {string.Join(", ", JoinOrder)}.",
                parameterName);
        }

        if (!allowNone && namespaces == NS.None)
        {
            throw new ArgumentException($"{parameterName} is NS.None: name at least one namespace.", parameterName);
        }
    }

    /// <summary>Rejects anything but exactly one namespace type.</summary>
    internal static void ValidateSingle(NS ns, string parameterName)
    {
        Validate(ns, allowNone: false, parameterName);
        if (!IsSingle(ns))
        {
            throw new ArgumentException($"{parameterName} is {ns}: name exactly one namespace type.", parameterName);
        }
    }

    /// <summary>The namespace types this kernel has (a /proc/self/ns entry exists), read once.</summary>
    internal static NS Supported => s_supported ??= ReadSupported();

    private static NS? s_supported;

    private static NS ReadSupported()
    {
        NS supported = NS.None;
        foreach (NS ns in JoinOrder)
        {
            if (File.Exists("/proc/self/ns/" + ProcName(ns)))
            {
                supported |= ns;
            }
        }

        return supported;
    }

    /// <summary>Throws <see cref="NotSupportedException"/> when the kernel lacks one of <paramref name="namespaces"/>.</summary>
    internal static void ThrowIfUnsupported(NS namespaces)
    {
        NS missing = namespaces & ~Supported;
        if (missing != NS.None)
        {
            throw new NotSupportedException(
                $"This kernel has no {missing} namespace (no /proc/self/ns entry for it); it was built without it or is too old.");
        }
    }
}

using System;
using System.Collections.Generic;
using Microsoft.Win32.SafeHandles;

namespace Namespaces.Threading;

/// <summary>
/// The process's home namespaces: those of its main thread (/proc/self/ns), read once on first use. Namespace
/// threads are created from a thread standing in them, and the audit compares every thread against them.
/// </summary>
internal static class HomeNamespaces
{
    private static readonly Lazy<NamespaceSet> s_set = new(() => NamespaceSet.OpenHome());
    private static readonly Lazy<Dictionary<string, string>> s_ids = new(ReadIds);

    /// <summary>Handles on the main thread's namespaces (every type the kernel has).</summary>
    public static NamespaceSet Set => s_set.Value;

    /// <summary>The names compared by the audit: each namespace, and where the thread's children would go.</summary>
    public static readonly string[] AuditedLinks =
        ["cgroup", "ipc", "mnt", "net", "pid", "pid_for_children", "time", "time_for_children", "user", "uts"];

    /// <summary>"net" → "net:[4026531840]" for the main thread.</summary>
    public static IReadOnlyDictionary<string, string> Ids => s_ids.Value;

    private static Dictionary<string, string> ReadIds()
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string name in AuditedLinks)
        {
            if (Interop.ReadLink("/proc/self/ns/" + name, out string? id) == Interop.Error.SUCCESS)
            {
                ids[name] = id!;
            }
        }

        return ids;
    }

    /// <summary>
    /// Whether <paramref name="ns"/> in <paramref name="set"/> is the home one: joining a user or time namespace the
    /// thread already stands in is a no-op, so only a foreign one makes a set unjoinable.
    /// </summary>
    public static bool IsHome(NamespaceSet set, NS ns) => set.Id(ns) == Ids.GetValueOrDefault(NamespaceKinds.ProcName(ns));

    /// <summary>Whether the calling thread stands in any namespace (or sends children to one) that is not the main thread's.</summary>
    public static bool IsCurrentThreadForeign()
    {
        foreach (string name in AuditedLinks)
        {
            if (Interop.ReadLink("/proc/thread-self/ns/" + name, out string? mine) == Interop.Error.SUCCESS && Ids.TryGetValue(name, out string? home) && mine != home)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// The one way back home for a thread that knows what it left: setns to the home namespace of each of
    /// <paramref name="left"/> (all but user and time, which cannot be rejoined).
    /// </summary>
    /// <param name="left">The namespace types the thread left.</param>
    /// <param name="stopAtFirstFailure">Whether to give up at the first failure (the thread is then discarded anyway).</param>
    /// <returns>Whether every one was rejoined.</returns>
    public static bool Rejoin(NS left, bool stopAtFirstFailure)
    {
        bool all = (left & NamespaceKinds.Unjoinable) == 0;
        foreach (NS ns in NamespaceKinds.Each(left & ~NamespaceKinds.Unjoinable))
        {
            if (!Set.TryGetHandle(ns, out SafeFileHandle? handle) || Interop.SetNs(handle, (int)ns) != Interop.Error.SUCCESS)
            {
                all = false;
                if (stopAtFirstFailure)
                {
                    return false;
                }
            }
        }
        return all;
    }

    /// <summary>
    /// Moves the calling thread into the home namespaces it is not in (the thread that first used the library may
    /// have been moved by user code). Namespaces it already stands in are left alone: in particular it keeps sharing
    /// the process's working directory unless its mount namespace differs.
    /// </summary>
    public static void JoinFromForeignThread()
    {
        NamespaceSet home = Set;
        foreach (NS ns in NamespaceKinds.Each(home.Flags))
        {
            string name = NamespaceKinds.ProcName(ns);
            Interop.ReadLink("/proc/thread-self/ns/" + name, out string? mine);
            if (mine is null || mine == Ids.GetValueOrDefault(name))
            {
                continue;
            }

            if ((ns & NamespaceKinds.Unjoinable) != 0)
            {
                throw new NamespaceException(
                    $"The thread that first used Namespaces stands in {mine}, not the main thread's {Ids.GetValueOrDefault(name)}; a {name} namespace cannot be joined by a multithreaded process, so the home thread cannot be placed there.",
                    Interop.Error.EINVAL, ns);
            }

            home.JoinOnCurrentThread(ns);
        }
    }
}

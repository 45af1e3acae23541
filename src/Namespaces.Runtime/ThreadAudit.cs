using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Namespaces.Threading;

namespace Namespaces;

/// <summary>
/// Finds threads of this process that stand in namespaces other than the home ones (the main thread's) and are
/// not namespace threads. Such a thread is a leak: whatever the runtime schedules on it (thread-pool work, timer
/// callbacks, socket completions) runs in the wrong network, mount or pid namespace. It also checks the namespace
/// threads themselves: one whose namespaces are not those the runtime switched it into (a body called setns or
/// unshare) has drifted; it is reported and retired, so no later body runs there. Read from
/// <c>/proc/self/task/*/ns/*</c>; call it in tests after each scenario, or periodically in production.
/// </summary>
public static class ThreadAudit
{
    /// <summary>
    /// Every thread of the process in a foreign namespace that is not one of this library's namespace threads, and
    /// every namespace thread that drifted from the namespaces it was switched into (those are retired).
    /// </summary>
    /// <returns>The threads found, empty when the process is clean.</returns>
    public static IReadOnlyList<ForeignThread> ForeignThreads()
    {
        IReadOnlyDictionary<string, string> home = HomeNamespaces.Ids;
        var found = new List<ForeignThread>();
        foreach (string taskDirectory in Directory.EnumerateDirectories("/proc/self/task"))
        {
            if (!int.TryParse(Path.GetFileName(taskDirectory), NumberStyles.None, CultureInfo.InvariantCulture, out int tid))
            {
                continue;
            }

            if (ThreadRegistry.OwnerOf(tid, taskDirectory) is { } owner)
            {
                if (owner is NamespaceThread thread && Drift(thread, tid, taskDirectory) is { } drifted)
                {
                    found.Add(drifted);
                }

                continue;
            }

            NS differing = NS.None;
            var differences = new List<string>();
            foreach (string name in HomeNamespaces.AuditedLinks)
            {
                Interop.ReadLink(taskDirectory + "/ns/" + name, out string? mine);
                if (mine is null || !home.TryGetValue(name, out string? expected) || mine == expected)
                {
                    continue;
                }

                differing |= FromLinkName(name);
                differences.Add($"{name} is {mine}, home is {expected}");
            }
            // A thread that exited meanwhile has no links left to read, and so shows no difference. One of ours may have
            // registered and joined while its links were read, or left and ended since: ask the registry again, and
            // report only a thread that is still there (one that has ended cannot leak anything).
            if (differing != NS.None && !ThreadRegistry.Owns(tid, taskDirectory) && ReadName(taskDirectory) is { } threadName)
            {
                found.Add(new ForeignThread(tid, threadName, differing, differences));
            }
        }
        return found;
    }

    /// <summary>
    /// Compares a namespace thread's /proc links with the namespaces the runtime switched it into; a switch under way
    /// (the thread's switch count moved or is odd) makes the reading worthless and reports nothing.
    /// </summary>
    private static ForeignThread? Drift(NamespaceThread thread, int tid, string taskDirectory)
    {
        int switches = thread.SwitchCount;
        if ((switches & 1) != 0 || thread.Standing is not { } standing || standing.ExpectedLinks() is not { } expected)
        {
            return null;
        }

        string[] names = HomeNamespaces.AuditedLinks;
        NS differing = NS.None;
        var differences = new List<string>();
        for (int i = 0; i < names.Length; i++)
        {
            Interop.ReadLink(taskDirectory + "/ns/" + names[i], out string? actual);
            if (actual is null || expected[i] is not { } wanted || actual == wanted)
            {
                continue;
            }

            differing |= FromLinkName(names[i]);
            differences.Add($"{names[i]} is {actual}, but the runtime switched this namespace thread into {wanted} ({standing.Name}): a body called setns or unshare");
        }
        if (differing == NS.None || thread.SwitchCount != switches)
        {
            return null;
        }

        thread.RequestRetire("drifted");
        return new ForeignThread(tid, ReadName(taskDirectory) ?? "ns worker", differing, differences);
    }

    private static NS FromLinkName(string name) => name switch
    {
        "pid_for_children" => NS.Pid,
        "time_for_children" => NS.Time,
        _ => Array.Find(NamespaceKinds.JoinOrder, ns => NamespaceKinds.ProcName(ns) == name),
    };

    private static string? ReadName(string taskDirectory)
    {
        try
        {
            return File.ReadAllText(taskDirectory + "/comm").TrimEnd('\n');
        }
        catch (IOException)
        {
            return null;
        }
    }
}

/// <summary>A thread found by <see cref="ThreadAudit.ForeignThreads"/>.</summary>
/// <param name="Tid">The kernel thread id.</param>
/// <param name="Name">The thread's name as the kernel knows it (/proc/self/task/TID/comm, at most 15 characters).</param>
/// <param name="Namespaces">The namespace types in which it differs from home (pid and time include where its children would go).</param>
/// <param name="Differences">One line per differing /proc link, e.g. "net is net:[4026532281], home is net:[4026531840]".</param>
public sealed record ForeignThread(int Tid, string Name, NS Namespaces, IReadOnlyList<string> Differences)
{
    /// <inheritdoc />
    public override string ToString() => $"thread {Tid} ({Name}): {string.Join("; ", Differences)}";
}

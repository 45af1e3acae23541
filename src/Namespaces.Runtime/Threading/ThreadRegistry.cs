using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;

namespace Namespaces.Threading;

/// <summary>
/// Threads of this library that stand in foreign namespaces on purpose: namespace threads for their whole life,
/// and the threads that create namespaces or run DoRaw while they are away. The audit skips them. An entry
/// outlives its thread's last managed line, because the kernel keeps the task (still in its namespaces) a
/// moment longer; the kernel's start time of the task tells a later thread that reuses the tid apart.
/// </summary>
internal static class ThreadRegistry
{
    private static readonly ConcurrentDictionary<int, Entry> s_threads = new();
    private static int s_exited;

    private sealed class Entry(object owner, string startTime)
    {
        public object Owner { get; } = owner;
        public string StartTime { get; } = startTime;
        public bool Exited;
    }

    // A thread's start time never changes: read it once per thread (reading the stat file allocates kilobytes, and a
    // restorable thread registers for every job).
    [System.ThreadStatic]
    private static string? t_startTime;

    /// <summary>Registers the calling thread, on behalf of <paramref name="owner"/>.</summary>
    public static void AddCurrent(object owner)
    {
        int tid = Interop.GetTid();
        s_threads[tid] = new Entry(owner, t_startTime ??= StartTime("/proc/thread-self") ?? "");
    }

    /// <summary>The calling thread is back in the home namespaces for good.</summary>
    public static void RemoveCurrent() => s_threads.TryRemove(Interop.GetTid(), out _);

    /// <summary>The calling thread is about to end: keep it skipped until the kernel has dropped its task.</summary>
    public static void MarkCurrentExited()
    {
        if (s_threads.TryGetValue(Interop.GetTid(), out Entry? entry))
        {
            entry.Exited = true;
            if (System.Threading.Interlocked.Increment(ref s_exited) % 64 == 0)
            {
                PruneExited();
            }
        }
    }

    /// <summary>Whether the task <paramref name="tid"/> (at /proc/self/task/TID) is one of ours.</summary>
    public static bool Owns(int tid, string taskDirectory) => OwnerOf(tid, taskDirectory) is not null;

    /// <summary>What registered the task <paramref name="tid"/>, or null when it is not one of ours.</summary>
    public static object? OwnerOf(int tid, string taskDirectory)
        => s_threads.TryGetValue(tid, out Entry? entry) && entry.StartTime == StartTime(taskDirectory) ? entry.Owner : null;

    /// <summary>The live namespace threads (not the temporary ones).</summary>
    public static IEnumerable<NamespaceThread> NamespaceThreads
    {
        get
        {
            foreach (KeyValuePair<int, Entry> entry in s_threads)
            {
                if (entry.Value is { Exited: false, Owner: NamespaceThread thread })
                {
                    yield return thread;
                }
            }
        }
    }

    private static void PruneExited()
    {
        foreach (KeyValuePair<int, Entry> entry in s_threads)
        {
            if (entry.Value.Exited && !Owns(entry.Key, "/proc/self/task/" + entry.Key))
            {
                s_threads.TryRemove(entry);
            }
        }
    }

    /// <summary>Field 22 of the task's stat file: when it started, in clock ticks since boot; null once it is gone.</summary>
    private static string? StartTime(string taskDirectory)
    {
        try
        {
            string stat = File.ReadAllText(taskDirectory + "/stat");
            // "pid (comm) state ppid ...": comm may hold spaces, so count fields after the last ')'; starttime is the 20th.
            string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields.Length > 19 ? fields[19] : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}

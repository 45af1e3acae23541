using System.Collections.Concurrent;
using System.Collections.Generic;

namespace Namespaces.Threading;

/// <summary>
/// Threads of this library that stand in foreign namespaces on purpose: namespace threads for their whole life,
/// and the short-lived threads that create namespaces or run DoRaw, while they are away. The audit skips them.
/// </summary>
internal static class ThreadRegistry
{
    private static readonly ConcurrentDictionary<int, object> s_threads = new();

    public static void Add(NamespaceThread thread) => s_threads[thread.Tid] = thread;

    public static void Remove(NamespaceThread thread) => s_threads.TryRemove(thread.Tid, out _);

    /// <summary>Registers the calling thread while it works in foreign namespaces; dispose to unregister.</summary>
    public static Registration AddCurrent(string purpose)
    {
        int tid = Interop.GetTid();
        s_threads[tid] = purpose;
        return new Registration(tid);
    }

    public static bool Contains(int tid) => s_threads.ContainsKey(tid);

    /// <summary>The live namespace threads (not the temporary ones).</summary>
    public static IEnumerable<NamespaceThread> NamespaceThreads
    {
        get
        {
            foreach (KeyValuePair<int, object> entry in s_threads)
                if (entry.Value is NamespaceThread thread && !thread.Group.IsHome)
                    yield return thread;
        }
    }

    public readonly struct Registration(int tid) : System.IDisposable
    {
        public void Dispose() => s_threads.TryRemove(tid, out _);
    }
}

using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Threading;

namespace Namespaces.Threading;

/// <summary>
/// The <c>Namespaces</c> meter (<c>dotnet-counters monitor --counters Namespaces</c>): dispatched calls and how many
/// needed a switch, calls waiting for a thread, live namespace threads and why threads retired, sets created and
/// sets reclaimed without Dispose, threads abandoned by a Dispose that timed out, thread-pool workers repaired, and
/// foreign threads found by <see cref="ThreadAudit"/>.
/// </summary>
internal static class NamespaceMetrics
{
    public const string MeterName = "Namespaces";

    private static readonly Meter s_meter = new(MeterName, "1.0");
    private static readonly Counter<long> s_calls = s_meter.CreateCounter<long>("namespaces.dispatch.calls", "{call}", "Calls dispatched onto namespace threads (or run inline on one).");
    private static readonly Counter<long> s_switches = s_meter.CreateCounter<long>("namespaces.dispatch.switches", "{switch}", "Times a namespace thread had to setns into another set's namespaces (the rest of the calls found their thread in place).");
    private static readonly Counter<long> s_setsCreated = s_meter.CreateCounter<long>("namespaces.sets.created", "{set}", "Namespace sets created with new namespaces (Create/Unshare).");
    private static readonly Counter<long> s_setsReclaimed = s_meter.CreateCounter<long>("namespaces.sets.reclaimed", "{set}", "Sets the garbage collector found unreachable without Dispose: their threads went home and their descriptors and pid init were released (a leak in the program).");
    private static readonly Counter<long> s_abandoned = s_meter.CreateCounter<long>("namespaces.threads.abandoned", "{thread}", "Namespace threads a Dispose stopped waiting for because a body did not return in time.");
    private static readonly Counter<long> s_retired = s_meter.CreateCounter<long>("namespaces.threads.retired", "{thread}", "Namespace threads that ended, by reason (idle, interrupted, drifted, fault...).");
    private static readonly Counter<long> s_startFailed = s_meter.CreateCounter<long>("namespaces.threads.start_failures", "{thread}", "Threads the kernel refused to start (thread or pids limits).");
    private static readonly Counter<long> s_contained = s_meter.CreateCounter<long>("namespaces.threads.contained_faults", "{fault}", "Exceptions caught on a library thread outside any body (an interrupt, a fault of the loop).");
    private static readonly Counter<long> s_poolRepairs = s_meter.CreateCounter<long>("namespaces.threadpool.repaired", "{thread}", "Thread-pool workers found outside the home namespaces (created from a body) and brought home.");
    private static int s_liveThreads;

    static NamespaceMetrics()
    {
        s_meter.CreateObservableUpDownCounter("namespaces.threads.live", () => Volatile.Read(ref s_liveThreads), "{thread}", "Namespace threads alive.");
        s_meter.CreateObservableGauge("namespaces.dispatch.queue_length", () => NamespaceScheduler.Waiting, "{group}", "Groups of calls waiting for a namespace thread (every thread busy).");
        // Reads /proc/self/task/*/ns/* when observed (dotnet-counters: once a second), never on a hot path.
        s_meter.CreateObservableGauge("namespaces.threads.foreign", () => ThreadAudit.ForeignThreads().Count, "{thread}", "Threads outside the home namespaces that are not namespace threads, or namespace threads that drifted: leaks (see ThreadAudit).");
    }

    public static int LiveThreads => Volatile.Read(ref s_liveThreads);

    public static void Dispatched() => s_calls.Add(1);

    public static void Switched() => s_switches.Add(1);

    public static void SetCreated() => s_setsCreated.Add(1);

    public static void SetReclaimed() => s_setsReclaimed.Add(1);

    public static void Abandoned(int count)
    {
        if (count > 0)
        {
            s_abandoned.Add(count);
        }
    }

    public static void ThreadStarted() => Interlocked.Increment(ref s_liveThreads);

    public static void ThreadExited() => Interlocked.Decrement(ref s_liveThreads);

    public static void Retired(string reason) => s_retired.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public static void StartFailed() => s_startFailed.Add(1);

    public static void Contained(Exception error) => s_contained.Add(1, new KeyValuePair<string, object?>("exception", error.GetType().Name));

    public static void PoolWorkersRepaired(int count)
    {
        if (count > 0)
        {
            s_poolRepairs.Add(count);
        }
    }
}

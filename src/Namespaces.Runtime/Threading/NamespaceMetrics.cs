using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading;

namespace Namespaces.Threading;

/// <summary>
/// The <c>Namespaces</c> meter (<c>dotnet-counters monitor --counters Namespaces</c>): dispatched calls, queue
/// length, live namespace threads, sets created, threads abandoned by a Dispose that timed out, and foreign threads
/// found by <see cref="ThreadAudit"/>.
/// </summary>
internal static class NamespaceMetrics
{
    public const string MeterName = "Namespaces";

    private static readonly Meter s_meter = new(MeterName, "1.0");
    private static readonly Counter<long> s_calls = s_meter.CreateCounter<long>("namespaces.dispatch.calls", "{call}", "Calls dispatched onto namespace threads (or run inline on one).");
    private static readonly Counter<long> s_setsCreated = s_meter.CreateCounter<long>("namespaces.sets.created", "{set}", "Namespace sets created with new namespaces (Create/Unshare).");
    private static readonly Counter<long> s_abandoned = s_meter.CreateCounter<long>("namespaces.threads.abandoned", "{thread}", "Namespace threads a Dispose stopped waiting for because a body did not return in time.");
    private static int s_liveThreads;

    static NamespaceMetrics()
    {
        s_meter.CreateObservableUpDownCounter("namespaces.threads.live", () => Volatile.Read(ref s_liveThreads), "{thread}", "Namespace threads alive.");
        s_meter.CreateObservableGauge("namespaces.dispatch.queue_length", QueueLength, "{call}", "Calls queued to namespace threads and not yet started.");
        // Reads /proc/self/task/*/ns/* when observed (dotnet-counters: once a second), never on a hot path.
        s_meter.CreateObservableGauge("namespaces.threads.foreign", () => ThreadAudit.ForeignThreads().Count, "{thread}", "Threads outside the home namespaces that are not namespace threads: leaks (see ThreadAudit).");
    }

    public static int LiveThreads => Volatile.Read(ref s_liveThreads);

    public static void Dispatched() => s_calls.Add(1);

    public static void SetCreated() => s_setsCreated.Add(1);

    public static void Abandoned(int count)
    {
        if (count > 0)
        {
            s_abandoned.Add(count);
        }
    }

    public static void ThreadStarted() => Interlocked.Increment(ref s_liveThreads);

    public static void ThreadExited() => Interlocked.Decrement(ref s_liveThreads);

    private static int QueueLength()
    {
        var groups = new HashSet<NamespaceThreadGroup>(ThreadRegistry.NamespaceThreads.Select(t => t.Group));
        return groups.Sum(g => g.Pending);
    }
}

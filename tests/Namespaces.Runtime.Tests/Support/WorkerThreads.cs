using System;
using System.Linq;
using System.Threading;
using Namespaces.Testing;
using Namespaces.Tests.Support;
using Namespaces.Threading;
using Xunit;

namespace Namespaces.Tests;

/// <summary>
/// What the kernel says about the process's namespace threads ("ns worker" in /proc/self/task/*/comm): shared by every
/// set, bounded by <see cref="Tunables.MaxThreads"/>, and, once no set needs them, standing in the home namespaces.
/// </summary>
internal static class WorkerThreads
{
    public const string Name = "ns worker";

    /// <summary>Namespace threads alive, as /proc/self/task lists them.</summary>
    public static int Count() => Kernel.ThreadNamespaces().Keys.Count(tid => Kernel.ThreadName(tid) == Name);

    /// <summary>Namespace threads standing (or sending children) anywhere but the main thread's namespaces.</summary>
    public static int[] Away()
    {
        string home = Kernel.ThreadNamespaces()[Environment.ProcessId];
        return Kernel.ThreadNamespaces().Where(t => Kernel.ThreadName(t.Key) == Name && t.Value != home).Select(t => t.Key).ToArray();
    }

    /// <summary>
    /// Once every set is disposed: every namespace thread goes home (within 10 s: the last ones are sent home as their
    /// set's Dispose returns), their number is within the cap, and the Meter's live count matches the kernel's.
    /// </summary>
    public static void AssertAllHomeAndBounded()
    {
        Assert.True(SpinWait.SpinUntil(() => Away().Length == 0, TimeSpan.FromSeconds(10)),
            $"namespace threads still away from home: {string.Join(", ", Away())}");
        int count = Count();
        Assert.InRange(count, 0, Tunables.MaxThreads);
        Assert.True(SpinWait.SpinUntil(() => NamespaceMetrics.LiveThreads == Count(), TimeSpan.FromSeconds(10)),
            $"the Meter counts {NamespaceMetrics.LiveThreads} live namespace threads, the kernel lists {Count()}");
    }
}

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using Namespaces.Testing;
using Xunit;

namespace Namespaces.Reliability.Tests.Support;

/// <summary>How the suite sorts the threads of the process by their kernel names (comm, at most 15 characters).</summary>
internal static class ThreadKinds
{
    /// <summary>A namespace thread: the library names them "ns worker". They are shared by every set and stay, at home.</summary>
    public static bool IsNamespaceThread(string name) => name.StartsWith("ns ", StringComparison.Ordinal);

    /// <summary>
    /// How many namespace threads the process may keep (the library's Tunables.MaxThreads default): they are shared by
    /// every set, started when every one is busy and kept idle at home, so a count up to this is no leak; a thread
    /// left outside home is (checked on its own).
    /// </summary>
    public const int NamespaceThreadCap = 64;

    /// <summary>The library's restore-or-discard threads; at most two wait idle, by design (RestorableThread.MaxIdle).</summary>
    public static bool IsRestorableCache(string name) => name == "Namespaces raw";

    public const int RestorableCacheLimit = 2;

    /// <summary>Threads the .NET runtime adds and retires as it likes: thread-pool workers, the tiered-compilation worker.</summary>
    public static bool IsElastic(string name) => name is ".NET TP Worker" or ".NET Tiered Com" or ".NET TP Wait";

    /// <summary>Everything else: the runtime's service threads, the library's home thread, the test host's threads.</summary>
    public static bool IsStable(string name) => !IsNamespaceThread(name) && !IsRestorableCache(name) && !IsElastic(name);
}

/// <summary>What the kernel says the process holds at one moment.</summary>
internal sealed class ResourceSnapshot
{
    private ResourceSnapshot(SortedDictionary<int, string> fds, List<ProcFs.TaskInfo> threads, string[] mounts,
        List<(int Pid, char State)> children, long managedHeap, long rssKiB)
    {
        ForeignTids = ThreadAudit.ForeignThreads().Select(f => f.Tid).ToHashSet();
        Fds = fds;
        Threads = threads;
        Mounts = mounts;
        Children = children;
        ManagedHeap = managedHeap;
        RssKiB = rssKiB;
    }

    public SortedDictionary<int, string> Fds { get; }
    public HashSet<int> ForeignTids { get; }
    public List<ProcFs.TaskInfo> Threads { get; }
    public string[] Mounts { get; }
    public List<(int Pid, char State)> Children { get; }
    public long ManagedHeap { get; }
    public long RssKiB { get; }

    public int NamespaceThreads => Threads.Count(t => ThreadKinds.IsNamespaceThread(t.Name));
    public int StableThreads => Threads.Count(t => ThreadKinds.IsStable(t.Name));
    public int RestorableThreads => Threads.Count(t => ThreadKinds.IsRestorableCache(t.Name));
    public int ElasticThreads => Threads.Count(t => ThreadKinds.IsElastic(t.Name));

    /// <summary>A baseline: after a full collection, so handles other code left to the finalizer are closed first.</summary>
    public static ResourceSnapshot Baseline()
    {
        // Console dups stdout and stderr the first time anything in the process touches it (the test host may, at
        // any moment): two fds on the host's pipe that belong to nobody's scenario. Make them exist before counting.
        _ = System.Console.Out;
        _ = System.Console.Error;
        FullCollect();
        return Take(GC.GetTotalMemory(forceFullCollection: true));
    }

    public static ResourceSnapshot Take(long managedHeap) =>
        new(ProcFs.OpenFds(), ProcFs.Threads(), ProcFs.SuiteMounts(), Kernel.Children(), managedHeap, ProcFs.RssKiB());

    public static void FullCollect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}

/// <summary>
/// The leak checks every scenario ends with. Waits (at most <see cref="SettleLimit"/>, a hang guard, never a
/// measured time) for exiting threads to leave the kernel's task list and for children to be reaped, then compares
/// counts with the baseline and records each comparison in the scenario's figures.
/// </summary>
internal static class Leaks
{
    public static readonly TimeSpan SettleLimit = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How much the managed heap (after a full GC) may grow over a scenario. The test runner's own bookkeeping
    /// (results of the tests before, still being reported) moves it by a few hundred KiB; a leak of one set per
    /// cycle (a set with its handles is several hundred bytes) over the churn scenarios' thousands of cycles exceeds it.
    /// </summary>
    public const long HeapBound = 1 << 20;

    /// <summary>Waits until <paramref name="condition"/> holds or the hang guard expires; returns whether it held.</summary>
    public static bool Eventually(Func<bool> condition, TimeSpan? limit = null)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > (limit ?? SettleLimit))
            {
                return false;
            }

            Thread.Sleep(5);
        }
        return true;
    }

    /// <summary>Spins (yielding) until <paramref name="condition"/> holds or the hang guard expires: for triggers that must not lag.</summary>
    public static bool SpinUntil(Func<bool> condition, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        var spinner = new SpinWait();
        while (!condition())
        {
            if (clock.Elapsed > limit)
            {
                return false;
            }

            spinner.SpinOnce(sleep1Threshold: -1);
        }
        return true;
    }

    /// <param name="scenario">Where the checks are recorded.</param>
    /// <param name="before">The baseline, taken with <see cref="ResourceSnapshot.Baseline"/> after warming up.</param>
    /// <param name="heapBound">How much the managed heap (after a full collection) may have grown, in bytes.</param>
    /// <param name="andThen">More assertions, made after the leak checks are recorded and before they are asserted,
    /// so that both a wrong outcome and a leak show in one run.</param>
    public static void AssertNoneLeft(Scenario scenario, ResourceSnapshot before, long heapBound, Action? andThen = null)
    {
        string home = ProcFs.HomeNamespaces();
        int beforeChildren = before.Children.Count;
        bool settled = Eventually(() =>
        {
            var threads = ProcFs.Threads();
            var children = Kernel.Children();
            return threads.Count(t => ThreadKinds.IsNamespaceThread(t.Name)) <= Math.Max(before.NamespaceThreads, ThreadKinds.NamespaceThreadCap)
                && threads.Count(t => ThreadKinds.IsStable(t.Name)) <= before.StableThreads
                && threads.All(t => t.Namespaces == home || before.Threads.Any(b => b.Tid == t.Tid && b.Namespaces == t.Namespaces))
                && children.Count <= beforeChildren
                && children.All(c => c.State != 'Z');
        });

        // First without the finalizer: a daemon must not depend on a GC to let go of a namespace.
        SortedDictionary<int, string> fdsNow = ProcFs.OpenFds();
        ResourceSnapshot.FullCollect();
        long heap = GC.GetTotalMemory(forceFullCollection: true);
        ResourceSnapshot after = ResourceSnapshot.Take(heap);
        IReadOnlyList<ForeignThread> foreign = ThreadAudit.ForeignThreads();

        var failures = new List<string>();
        void Check(string resource, long was, long now, bool leaked, string? detail = null)
        {
            scenario.Check(resource, was, now, leaked, detail);
            if (leaked)
            {
                failures.Add($"{resource}: {was.ToString(CultureInfo.InvariantCulture)} -> {now.ToString(CultureInfo.InvariantCulture)}{(detail is null ? "" : " (" + detail + ")")}");
            }
        }

        Check("fds (closed without the finalizer)", before.Fds.Count, fdsNow.Count, fdsNow.Count > before.Fds.Count, NewFds(before.Fds, fdsNow));
        Check("fds (after a full GC)", before.Fds.Count, after.Fds.Count, after.Fds.Count > before.Fds.Count, NewFds(before.Fds, after.Fds));
        Check($"namespace threads (shared by every set, at most {ThreadKinds.NamespaceThreadCap})", before.NamespaceThreads, after.NamespaceThreads,
            after.NamespaceThreads > Math.Max(before.NamespaceThreads, ThreadKinds.NamespaceThreadCap));
        Check("other threads (not thread-pool or tiering)", before.StableThreads, after.StableThreads, after.StableThreads > before.StableThreads,
            NameCountChanges(before.Threads, after.Threads, ThreadKinds.IsStable));
        Check("idle restorable threads (cache of at most 2)", before.RestorableThreads, after.RestorableThreads, after.RestorableThreads > ThreadKinds.RestorableCacheLimit);
        // Relative to the baseline, so that a thread an earlier scenario left behind is counted there and only there.
        var awayBefore = before.Threads.Where(t => t.Namespaces != home).Select(t => t.Tid).ToHashSet();
        var away = after.Threads.Where(t => t.Namespaces != home).ToList();
        var newAway = away.Where(t => !awayBefore.Contains(t.Tid)).ToList();
        Check("threads outside the home namespaces (/proc/self/task/*/ns)", awayBefore.Count, away.Count, newAway.Count > 0,
            string.Join("; ", newAway.Select(t => $"{t.Tid} {t.Name}")));
        var newForeign = foreign.Where(f => !before.ForeignTids.Contains(f.Tid)).ToList();
        Check("ThreadAudit.ForeignThreads()", before.ForeignTids.Count, foreign.Count, newForeign.Count > 0, string.Join("; ", newForeign));
        var newMounts = after.Mounts.Except(before.Mounts).ToArray();
        Check("mounts where the suite mounts, and in /proc (/proc/self/mountinfo)", before.Mounts.Length, after.Mounts.Length, newMounts.Length > 0 || after.Mounts.Length != before.Mounts.Length,
            string.Join("; ", newMounts.Select(m => m.Split(' ')[4])));
        Check("child processes", beforeChildren, after.Children.Count, after.Children.Count > beforeChildren,
            string.Join(", ", after.Children.Select(c => $"{c.Pid}:{c.State}")));
        int zombies = after.Children.Count(c => c.State == 'Z');
        Check("zombie children (state Z)", 0, zombies, zombies > 0);
        Check("managed heap after full GC (bytes)", before.ManagedHeap, after.ManagedHeap, after.ManagedHeap - before.ManagedHeap > heapBound,
            $"bound +{heapBound.ToString(CultureInfo.InvariantCulture)}");
        scenario.Info("thread-pool and tiering threads", $"{before.ElasticThreads} -> {after.ElasticThreads}");
        scenario.Info("RSS (KiB)", $"{before.RssKiB} -> {after.RssKiB}");
        if (!settled)
        {
            scenario.Info("settled", $"not within {SettleLimit.TotalSeconds} s");
        }

        Exception? other = andThen is null ? null : Record.Exception(andThen);
        if (other is not null && failures.Count == 0)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(other);
        }

        Assert.True(failures.Count == 0, $"{scenario.Name}: left behind: " + string.Join(" | ", failures) + (other is null ? "" : " || and: " + other.Message));
    }

    /// <summary>"name: 1 -> 2" for each thread name whose count changed among the threads <paramref name="kind"/> selects.</summary>
    private static string? NameCountChanges(List<ProcFs.TaskInfo> before, List<ProcFs.TaskInfo> after, Func<string, bool> kind)
    {
        var was = before.Where(t => kind(t.Name)).GroupBy(t => t.Name).ToDictionary(g => g.Key, g => g.Count());
        var now = after.Where(t => kind(t.Name)).GroupBy(t => t.Name).ToDictionary(g => g.Key, g => g.Count());
        var changes = was.Keys.Union(now.Keys).Order(StringComparer.Ordinal)
            .Where(n => was.GetValueOrDefault(n) != now.GetValueOrDefault(n))
            .Select(n => $"'{n}': {was.GetValueOrDefault(n)} -> {now.GetValueOrDefault(n)}").ToArray();
        return changes.Length == 0 ? null : string.Join(", ", changes);
    }

    private static string? NewFds(SortedDictionary<int, string> before, SortedDictionary<int, string> after)
    {
        var added = after.Where(fd => !before.TryGetValue(fd.Key, out string? target) || target != fd.Value).Select(fd => $"{fd.Key}->{fd.Value}").ToArray();
        return added.Length == 0 ? null : string.Join(", ", added.Take(12)) + (added.Length > 12 ? $" (+{added.Length - 12})" : "");
    }
}

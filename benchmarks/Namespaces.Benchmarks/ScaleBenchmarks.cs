using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using BenchmarkDotNet.Attributes;
using Microsoft.Win32.SafeHandles;

namespace Namespaces.Benchmarks;

/// <summary>
/// Issue #12's rows: what a call costs when a process serves many sets, against the kernel's own floor for moving a
/// thread into a network namespace and back (the bare setns pair, measured in the same run). The 10,000-set row's
/// setup also records the memory per set, the threads alive and the time of a first call into the scale file the
/// host names, which puts them in docs/benchmarks.md.
/// </summary>
public partial class NamespaceBenchmarks
{
    public const string Scale = "many sets";
    public const int RoundRobinSets = 1_000;
    public const int ManySets = 10_000;
    public const int MountSets = 100;
    public const int FirstCallsPerInvoke = 5_000;
    public const int FirstCallNamespaces = 200;

    private NamespaceSet[] _sets = [];
    private NamespaceSet[] _bases = [];
    private NamespaceSet[] _fresh = [];
    private int _next;

    [GlobalSetup(Target = nameof(BareSetNsPair))]
    public void SetupBarePair()
    {
        _set = NamespaceSet.Create(NS.Net);
        _fds = _set.Fds(NS.Net);
        _setNet = _fds[NS.Net];
        _homeNet = OpenOwnNet();
        BareSetNsPair();
        Expect(Bodies.CurrentNetNamespace(), OwnNetOf(_homeNet), "the benchmark thread after the setns pair");
    }

    [GlobalCleanup(Target = nameof(BareSetNsPair))]
    public void CleanupBarePair()
    {
        _fds?.Dispose();
        _set?.Dispose();
        _homeNet.Dispose();
        AuditThreads();
    }

    /// <summary>The kernel's floor: setns into a set's network namespace and back, on the calling thread.</summary>
    [Benchmark(Baseline = true, Description = "bare setns(net) in + out")]
    [BenchmarkCategory(Scale)]
    public void BareSetNsPair()
    {
        Native.Check(Native.SetNs(_setNet, Native.CLONE_NEWNET), "setns in");
        Native.Check(Native.SetNs(_homeNet, Native.CLONE_NEWNET), "setns out");
    }

    [GlobalSetup(Target = nameof(RoundRobin1000))]
    public void SetupRoundRobin() => _sets = CreateSets(NS.Net, RoundRobinSets);

    [GlobalSetup(Target = nameof(RoundRobinMountUts))]
    public void SetupRoundRobinMount() => _sets = CreateSets(NS.Net | NS.Mnt | NS.Uts, MountSets);

    [GlobalSetup(Target = nameof(RoundRobin10000))]
    public void SetupManySets()
    {
        long heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        int threadsBefore = Directory.GetDirectories("/proc/self/task").Length;
        _sets = CreateSets(NS.Net, ManySets, call: false);
        long heapSets = GC.GetTotalMemory(forceFullCollection: true);
        long start = Stopwatch.GetTimestamp();
        foreach (NamespaceSet set in _sets)
        {
            Bodies.Increment(set, 1);
        }
        double firstCallUs = Stopwatch.GetElapsedTime(start).TotalMicroseconds / _sets.Length;
        long heapCalled = GC.GetTotalMemory(forceFullCollection: true);
        int threadsAfter = Directory.GetDirectories("/proc/self/task").Length;
        RecordScale(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{ManySets:N0} Net sets: {(heapSets - heapBefore) / (double)ManySets:0} B of managed heap per set once created, {(heapCalled - heapSets) / (double)ManySets:0} B more once called; " +
            $"first call on each, one after another: {firstCallUs:0.00} µs mean; threads in the process {threadsBefore} -> {threadsAfter} ({Directory.GetDirectories("/proc/self/task").Count(IsNamespaceThread)} namespace threads)"));
    }

    [GlobalCleanup(Targets = [nameof(RoundRobin1000), nameof(RoundRobinMountUts), nameof(RoundRobin10000)])]
    public void CleanupSets()
    {
        foreach (NamespaceSet set in _sets)
        {
            set.Dispose();
        }

        AuditThreads();
    }

    /// <summary>One caller, 1,000 Net sets, each call on the next set: the thread switches network namespace every call.</summary>
    [Benchmark(Description = "round robin over 1,000 Net sets (sync)")]
    [BenchmarkCategory(Scale)]
    public int RoundRobin1000() => Bodies.Increment(NextSet(), 41);

    /// <summary>The same over 100 Net|Mnt|Uts sets: three setns per call, a mount namespace among them.</summary>
    [Benchmark(Description = "round robin over 100 Net|Mnt|Uts sets (sync)")]
    [BenchmarkCategory(Scale)]
    public int RoundRobinMountUts() => Bodies.IncrementAll(NextSet(), 41);

    /// <summary>Round robin over 10,000 Net sets: the cost must not grow with the number of sets.</summary>
    [Benchmark(Description = "round robin over 10,000 Net sets (sync)")]
    [BenchmarkCategory(Scale)]
    public int RoundRobin10000() => Bodies.Increment(NextSet(), 41);

    [GlobalSetup(Target = nameof(FirstCall))]
    public void SetupFirstCall()
    {
        _bases = CreateSets(NS.Net, FirstCallNamespaces);

        // The row runs one invocation per iteration (it has an IterationSetup), 38 in all: with 200 calls each, the
        // measurement ended before the runtime replaced the dispatch path's tier-0 code (14.7 µs a call then). A
        // long-running process (an agent, a harness) makes its first calls with tier-1 code, so that is what is
        // measured: 2 x 20,000 first calls beforehand, each followed by a pause for the background compiler.
        for (int round = 0; round < 2; round++)
        {
            for (int i = 0; i < 4; i++)
            {
                MakeFreshSets();
                FirstCall();
                DisposeFreshSets();
            }

            Thread.Sleep(500);
        }
    }

    [GlobalCleanup(Target = nameof(FirstCall))]
    public void CleanupFirstCall()
    {
        Array.ForEach(_bases, s => s.Dispose());
        AuditThreads();
    }

    // New sets for each invocation, made outside the measurement: duplicates of 200 distinct Net sets in turn (their
    // own descriptors, sets the runtime has never seen, each call into another namespace than the last), so what is
    // measured is a first call, not Create. 5,000 per invocation keep the measured stretch (tens of milliseconds) long
    // beside the pause the setup makes, in which both cores may go idle and the worker parks.
    [IterationSetup(Target = nameof(FirstCall))]
    public void MakeFreshSets() => _fresh = Enumerable.Range(0, FirstCallsPerInvoke).Select(i => _bases[i % _bases.Length].Dup()).ToArray();

    [IterationCleanup(Target = nameof(FirstCall))]
    public void DisposeFreshSets() => Array.ForEach(_fresh, s => s.Dispose());

    /// <summary>The first call on a set the runtime has never seen (per call: the invocation makes 5,000).</summary>
    [Benchmark(Description = "first call on a new set (sync)", OperationsPerInvoke = FirstCallsPerInvoke)]
    [BenchmarkCategory(Scale)]
    public int FirstCall()
    {
        int sum = 0;
        foreach (NamespaceSet set in _fresh)
        {
            sum += Bodies.Increment(set, 41);
        }

        return sum;
    }

    private NamespaceSet NextSet()
    {
        int next = _next + 1;
        _next = next == _sets.Length ? 0 : next;
        return _sets[_next];
    }

    private static NamespaceSet[] CreateSets(NS namespaces, int count, bool call = true)
    {
        var sets = new NamespaceSet[count];
        for (int i = 0; i < count; i++)
        {
            sets[i] = NamespaceSet.Create(namespaces);
        }

        if (call)
        {
            // Prove each set's body runs in that set (and make every group exist before the measurement).
            foreach (NamespaceSet set in sets)
            {
                Expect(Bodies.NetNamespace(set), set.Id(NS.Net), "a round-robin set");
            }
        }
        return sets;
    }

    private static bool IsNamespaceThread(string task)
    {
        try
        {
            return File.ReadAllText(task + "/comm").StartsWith("ns ", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static void RecordScale(string line)
    {
        Console.WriteLine("// Scale " + line);
        if (Environment.GetEnvironmentVariable(ScaleFileVariable) is { Length: > 0 } path)
        {
            File.AppendAllText(path, line + "\n");
        }
    }

    /// <summary>The environment variable through which the host tells the 10,000-set row where to record its facts.</summary>
    public const string ScaleFileVariable = "NAMESPACES_BENCHMARKS_SCALE_FILE";
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.Win32.SafeHandles;

namespace Namespaces.Benchmarks;

/// <summary>
/// Every measurement of docs/benchmarks.md, in one class so that BenchmarkDotNet prints them in one table. Rows are
/// grouped by category, each with its own baseline for the Ratio column: "dispatch" against the hand-off floor,
/// "new namespaces" against the bare unshare(CLONE_NEWNET). Categories run and print in name order, so the dispatch
/// rows run first, before the namespace-creation rows leave the kernel tearing down thousands of dead namespaces.
/// Each row runs in its own process, so namespace threads, sets and pools of one row do not linger in another; each
/// row's setup builds only what it measures.
/// </summary>
[MemoryDiagnoser]
[ThreadingDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public partial class NamespaceBenchmarks
{
    public const string Dispatch = "dispatch";
    public const string Creation = "new namespaces";
    public const string Pool = "pool";

    private HandOffFloor? _floor;
    private NamespaceSet _set = null!;
    private FdSet? _fds;
    private SafeFileHandle _setNet = null!;
    private SafeFileHandle _homeNet = null!;
    private UnshareOptions _idMaps = null!;
    private NamespacePool _pool = null!;
    private int _threadResult;
    private int _threadErrno;

    // ---- dispatch: one round trip to another thread, from the bare floor to a new thread per call -------------

    [GlobalSetup(Target = nameof(Floor))]
    public void SetupFloor()
    {
        _floor = new HandOffFloor();
        _floor.RoundTrip();
    }

    [GlobalSetup(Targets = [nameof(SyncDispatch), nameof(AsyncDispatch), nameof(DoLambda), nameof(DoStaticLambda), nameof(DoRawRestore), nameof(ThreadPerCall)])]
    public void SetupSet()
    {
        _set = NamespaceSet.Create(NS.Net);
        string inside = _set.Id(NS.Net);
        string home = Bodies.CurrentNetNamespace();
        // Prove each path really runs in the set's network namespace, and starts the set's namespace thread.
        Expect(Bodies.NetNamespace(_set), inside, "the sync overload");
        Expect(Bodies.NetNamespaceAsync(_set).AsTask().GetAwaiter().GetResult(), inside, "the async overload");
        Expect(_set.Do(Bodies.CurrentNetNamespace), inside, "set.Do");
        _fds = _set.Fds(NS.Net);
        _setNet = _fds[NS.Net];
        string? viaThread = null;
        var probe = new Thread(() =>
        {
            Native.Check(Native.SetNs(_setNet, Native.CLONE_NEWNET), "setns");
            viaThread = Bodies.CurrentNetNamespace();
        });
        probe.Start();
        probe.Join();
        Expect(viaThread, inside, "a new thread after setns");
        Expect(Bodies.CurrentNetNamespace(), home, "the benchmark thread itself (it must not have moved)");
    }

    [GlobalCleanup(Targets = [nameof(Floor), nameof(SyncDispatch), nameof(AsyncDispatch), nameof(DoLambda), nameof(DoStaticLambda), nameof(DoRawRestore), nameof(ThreadPerCall)])]
    public void CleanupDispatch()
    {
        _floor?.Dispose();
        _fds?.Dispose();
        _set?.Dispose();
        AuditThreads();
    }

    /// <summary>The hand-off floor: the dispatcher's queue, spin-then-park and status flag, no namespace, no body.</summary>
    [Benchmark(Baseline = true, Description = "floor")]
    [BenchmarkCategory(Dispatch)]
    public void Floor() => _floor!.RoundTrip();

    /// <summary>The generated synchronous overload of a [RunInNamespace(NS.Net)] method.</summary>
    [Benchmark(Description = "sync dispatch (generated overload)")]
    [BenchmarkCategory(Dispatch)]
    public int SyncDispatch() => Bodies.Increment(_set, 41);

    /// <summary>The generated …Async overload, awaited the way a caller would.</summary>
    [Benchmark(Description = "async dispatch (generated, awaited)")]
    [BenchmarkCategory(Dispatch)]
    public async ValueTask<int> AsyncDispatch() => await Bodies.IncrementAsync(_set, 41).ConfigureAwait(false);

    /// <summary>set.Do with a lambda that captures a local, as users write it: the closure and delegate are the caller's.</summary>
    [Benchmark(Description = "set.Do(capturing lambda)")]
    [BenchmarkCategory(Dispatch)]
    public int DoLambda()
    {
        int value = 41;
        return _set.Do(() => Bodies.Increment(value));
    }

    /// <summary>set.Do with a cached (static) lambda: the dispatch cost of Do alone.</summary>
    [Benchmark(Description = "set.Do(static lambda)")]
    [BenchmarkCategory(Dispatch)]
    public int DoStaticLambda() => _set.Do(static () => Bodies.Increment(41));

    /// <summary>
    /// gonso's DoRaw with restore: a thread of its own (kept and reused) joins the set, runs the body, setns back. Not a
    /// DESIGN target; it is shown because Create uses the same restorable-thread hand-off (two parked-thread wake-ups).
    /// </summary>
    [Benchmark(Description = "set.DoRaw(body, restore: true)")]
    [BenchmarkCategory(Dispatch)]
    public void DoRawRestore() => _set.DoRaw(static () => Bodies.Increment(41) == 42, restore: true);

    /// <summary>gonso's Do, naively: a new thread per call that setns into the set's net fd, runs the body and is joined (then discarded).</summary>
    [Benchmark(Description = "new thread per call + setns")]
    [BenchmarkCategory(Dispatch)]
    public int ThreadPerCall()
    {
        var thread = new Thread(static state =>
        {
            var self = (NamespaceBenchmarks)state!;
            if (Native.SetNs(self._setNet, Native.CLONE_NEWNET) != 0)
            {
                self._threadErrno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
                return;
            }
            self._threadResult = Bodies.Increment(41);
        });
        thread.Start(this);
        thread.Join();
        if (_threadErrno != 0)
        {
            throw new System.ComponentModel.Win32Exception(_threadErrno, "setns on the per-call thread failed");
        }

        return _threadResult;
    }

    // ---- create: new namespaces, against the bare kernel call --------------------------------------------------

    [GlobalSetup(Targets = [nameof(BareUnshare), nameof(BareUnshareAndOpen), nameof(CreateNet), nameof(CreateUserNet)])]
    public void SetupCreation()
    {
        _homeNet = OpenOwnNet();
        _idMaps = UnshareOptions.WithIdMaps([new IdMap(0, 100_000, 65_536)], [new IdMap(0, 100_000, 65_536)]);
        using (NamespaceSet first = NamespaceSet.Create(NS.User | NS.Net, _idMaps))
        {
            Expect(first.Contains(NS.User | NS.Net).ToString(), bool.TrueString, "Create(User|Net)");
        }
    }

    [GlobalCleanup(Targets = [nameof(BareUnshare), nameof(BareUnshareAndOpen), nameof(CreateNet), nameof(CreateUserNet)])]
    public void CleanupCreation()
    {
        Expect(Bodies.CurrentNetNamespace(), OwnNetOf(_homeNet), "the benchmark thread after the unshare baselines");
        _homeNet.Dispose();
        AuditThreads();
    }

    /// <summary>
    /// What Create(NS.Net) wraps, bare: unshare(CLONE_NEWNET) on this (the benchmark's own, dedicated) thread, then
    /// setns back to the network namespace it came from. The new namespace dies when the thread leaves it.
    /// </summary>
    [Benchmark(Baseline = true, Description = "bare unshare(NEWNET) + setns back")]
    [BenchmarkCategory(Creation)]
    public void BareUnshare()
    {
        Native.Check(Native.Unshare(Native.CLONE_NEWNET), "unshare(CLONE_NEWNET)");
        Native.Check(Native.SetNs(_homeNet, Native.CLONE_NEWNET), "setns back");
    }

    /// <summary>The same, plus holding the new namespace by a file descriptor (open, close), as a set must.</summary>
    [Benchmark(Description = "bare unshare + open ns fd + setns back + close")]
    [BenchmarkCategory(Creation)]
    public void BareUnshareAndOpen()
    {
        Native.Check(Native.Unshare(Native.CLONE_NEWNET), "unshare(CLONE_NEWNET)");
        int fd = Native.Open("/proc/thread-self/ns/net", Native.O_RDONLY | Native.O_CLOEXEC);
        Native.Check(Native.SetNs(_homeNet, Native.CLONE_NEWNET), "setns back");
        Native.Check(fd, "open");
        Native.Check(Native.Close(fd), "close");
    }

    [Benchmark(Description = "Create(Net) + Dispose")]
    [BenchmarkCategory(Creation)]
    public void CreateNet()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.Net);
    }

    [Benchmark(Description = "Create(User+Net, id maps) + Dispose")]
    [BenchmarkCategory(Creation)]
    public void CreateUserNet()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.User | NS.Net, _idMaps);
    }

    // ---- pool ---------------------------------------------------------------------------------------------------

    [GlobalSetup(Target = nameof(PoolGetPut))]
    public void SetupPool()
    {
        _pool = new NamespacePool(NS.Net);
        _pool.Put(_pool.Get()); // the first Get creates a set; from then on the pool holds one
    }

    [GlobalCleanup(Target = nameof(PoolGetPut))]
    public void CleanupPool()
    {
        _pool.Dispose();
        AuditThreads();
    }

    /// <summary>A warm pool: Get takes a ready set, Put gives it back so the next Get finds it again.</summary>
    [Benchmark(Description = "warm pool Get + Put")]
    [BenchmarkCategory(Pool)]
    public NamespaceSet PoolGetPut()
    {
        NamespaceSet set = _pool.Get();
        _pool.Put(set);
        return set;
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static SafeFileHandle OpenOwnNet()
    {
        int fd = Native.Check(Native.Open("/proc/thread-self/ns/net", Native.O_RDONLY | Native.O_CLOEXEC), "open /proc/thread-self/ns/net");
        return new SafeFileHandle(fd, ownsHandle: true);
    }

    private static string OwnNetOf(SafeFileHandle handle)
        => new System.IO.FileInfo("/proc/self/fd/" + handle.DangerousGetHandle()).LinkTarget ?? "?";

    private static void Expect(string? actual, string expected, string what)
    {
        if (actual != expected)
        {
            throw new InvalidOperationException($"{what}: expected {expected}, got {actual ?? "nothing"}.");
        }
    }

    /// <summary>
    /// The library's own audit after a row: every thread standing in a foreign namespace that is not a namespace
    /// thread. A per-call thread that was just joined may still be exiting, so look again briefly. What remains is
    /// printed and appended to the file the host names in <see cref="AuditFileVariable"/>, which puts it in the doc:
    /// a leak is a finding about the runtime, not a reason to throw away the row's measurements.
    /// </summary>
    private static void AuditThreads()
    {
        string row = RowName();
        IReadOnlyList<ForeignThread> foreign = [];
        for (int attempt = 0; attempt < 20; attempt++)
        {
            foreign = ThreadAudit.ForeignThreads();
            if (foreign.Count == 0)
            {
                break;
            }

            Thread.Sleep(50);
        }
        string line = foreign.Count == 0
            ? $"{row}: no foreign thread"
            : $"{row}: {string.Join("; ", foreign)}";
        Console.WriteLine("// ThreadAudit " + line);
        if (Environment.GetEnvironmentVariable(AuditFileVariable) is { Length: > 0 } path)
        {
            File.AppendAllText(path, line + "\n");
        }
    }

    /// <summary>The row this process measures: BenchmarkDotNet passes it to the process as --benchmarkName.</summary>
    private static string RowName()
    {
        string[] args = Environment.GetCommandLineArgs();
        int at = Array.IndexOf(args, "--benchmarkName");
        string name = at >= 0 && at + 1 < args.Length ? args[at + 1] : "this row";
        return name.Replace(typeof(NamespaceBenchmarks).FullName + ".", "", StringComparison.Ordinal).Trim('\'', '"');
    }

    /// <summary>The environment variable through which the host tells each row's process where to record its audit.</summary>
    public const string AuditFileVariable = "NAMESPACES_BENCHMARKS_AUDIT_FILE";
}

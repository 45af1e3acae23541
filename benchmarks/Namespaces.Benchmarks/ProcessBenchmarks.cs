using System.Diagnostics;
using BenchmarkDotNet.Attributes;

namespace Namespaces.Benchmarks;

/// <summary>
/// Starting a process inside namespaces, side by side: plain Process.Start of /bin/true (the floor), StartProcess
/// into a network namespace and into user+network namespaces (the native helper joins them between fork and exec),
/// Process.Start of `nsenter --net=PATH /bin/true` (what a user would otherwise write), and Create(User | Net) with id
/// maps, made by the native helper since it replaced the CLONE_VM child. Run with
/// <c>dotnet run -c Release --project benchmarks/Namespaces.Benchmarks -- --filter '*ProcessBenchmarks*'</c>.
/// </summary>
[MemoryDiagnoser]
public class ProcessBenchmarks
{
    private static readonly IdMap[] RootMap = [new IdMap(0, 0, 1)];

    private NamespaceSet _net = null!;
    private NamespaceSet _userNet = null!;
    private UnshareOptions _maps = null!;
    private string _netPath = null!;

    [GlobalSetup]
    public void Setup()
    {
        _maps = UnshareOptions.WithIdMaps(RootMap, RootMap);
        _net = NamespaceSet.Create(NS.Net);
        _userNet = NamespaceSet.Create(NS.User | NS.Net, _maps);
        _netPath = _net.PathOf(NS.Net);
        // Each path really runs /bin/true, to the end, successfully.
        Expect(Run(Process.Start("/bin/true")), "Process.Start");
        Expect(Run(_net.StartProcess(new ProcessStartInfo("/bin/true"))), "StartProcess(Net)");
        Expect(Run(_userNet.StartProcess(new ProcessStartInfo("/bin/true"))), "StartProcess(User|Net)");
        Expect(Run(Process.Start("nsenter", ["--net=" + _netPath, "/bin/true"])), "nsenter");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _net.Dispose();
        _userNet.Dispose();
    }

    [Benchmark(Baseline = true, Description = "Process.Start(/bin/true)")]
    public int ProcessStart() => Run(Process.Start("/bin/true"));

    [Benchmark(Description = "StartProcess(/bin/true) into Net")]
    public int StartProcessNet() => Run(_net.StartProcess(new ProcessStartInfo("/bin/true")));

    [Benchmark(Description = "StartProcess(/bin/true) into User|Net")]
    public int StartProcessUserNet() => Run(_userNet.StartProcess(new ProcessStartInfo("/bin/true")));

    [Benchmark(Description = "Process.Start(nsenter --net=PATH /bin/true)")]
    public int Nsenter() => Run(Process.Start("nsenter", ["--net=" + _netPath, "/bin/true"]));

    [Benchmark(Description = "Create(User|Net) with id maps (native helper)")]
    public void CreateUserNet() => NamespaceSet.Create(NS.User | NS.Net, _maps).Dispose();

    private static int Run(Process? process)
    {
        using (process)
        {
            process!.WaitForExit();
            return process.ExitCode;
        }
    }

    private static void Expect(int exitCode, string what)
    {
        if (exitCode != 0)
        {
            throw new System.InvalidOperationException($"{what} of /bin/true exited with {exitCode}.");
        }
    }
}

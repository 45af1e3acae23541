using System;
using System.Diagnostics;
using System.Net;
using BenchmarkDotNet.Attributes;
using Namespaces.Netlink;

namespace Namespaces.Benchmarks;

/// <summary>
/// Wiring 100 namespaces to a bridge (a veth pair, an address and a default route each), side by side: through the
/// netlink client, and through the `ip` commands a program would otherwise run (five per namespace). One operation
/// wires all 100; fresh namespaces are made before each and torn down after, outside the measurement. The ip row
/// spawns 500 processes an operation (about 2 s): the documented job makes that 38 operations.
/// <c>dotnet run -c Release --project benchmarks/Namespaces.Benchmarks -- --filter '*Netlink*'</c> (as root).
/// </summary>
[MemoryDiagnoser]
[InvocationCount(1, unrollFactor: 1)]
public class NetlinkWiringBenchmarks
{
    private const int Namespaces = 100;
    private NamespaceSet _hub = null!;
    private NetlinkClient _hubNet = null!;
    private NamespaceSet[] _sets = [];
    private string _prefix = "";
    private int _iteration;

    [GlobalSetup]
    public void Setup()
    {
        _prefix = $"nlb{Environment.ProcessId % 100000}";
        _hub = NamespaceSet.Create(NS.Net);
        NamedNetns.Add(_hub, _prefix + "-hub");
        _hubNet = _hub.OpenNetlink();
        _hubNet.AddBridge("br0");
        _hubNet.AddAddress("br0", IPAddress.Parse("10.100.255.254"), 16);
        _hubNet.SetUp("br0");
    }

    [IterationSetup]
    public void MakeNamespaces()
    {
        _iteration++;
        _sets = new NamespaceSet[Namespaces];
        for (int i = 0; i < Namespaces; i++)
        {
            _sets[i] = NamespaceSet.Create(NS.Net);
            NamedNetns.Add(_sets[i], Name(i)); // for `ip -n`; the client needs no names
        }
    }

    [IterationCleanup]
    public void RemoveNamespaces()
    {
        for (int i = 0; i < Namespaces; i++)
        {
            _hubNet.DeleteLink(Port(i)); // deletes the pair now, not when the kernel gets round to the dead namespace
            NamedNetns.Delete(Name(i));
            _sets[i].Dispose();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _hubNet.Dispose();
        NamedNetns.Delete(_prefix + "-hub");
        _hub.Dispose();
    }

    [Benchmark(Description = "wire 100 namespaces: netlink client")]
    public void Client()
    {
        var gateway = IPAddress.Parse("10.100.255.254");
        for (int i = 0; i < Namespaces; i++)
        {
            _hubNet.AddVethPair(Port(i), peerName: "eth0", peerIn: _sets[i]);
            _hubNet.SetMaster(Port(i), "br0");
            _hubNet.SetUp(Port(i));
            using NetlinkClient net = _sets[i].OpenNetlink();
            net.AddAddress("eth0", Address(i), 16);
            net.SetUp("eth0");
            net.AddDefaultRoute(gateway);
        }
    }

    [Benchmark(Baseline = true, Description = "wire 100 namespaces: ip commands")]
    public void IpCommands()
    {
        string hub = _prefix + "-hub";
        for (int i = 0; i < Namespaces; i++)
        {
            Ip("-n", hub, "link", "add", Port(i), "type", "veth", "peer", "name", "eth0", "netns", Name(i));
            Ip("-n", hub, "link", "set", Port(i), "master", "br0", "up");
            Ip("-n", Name(i), "addr", "add", $"{Address(i)}/16", "dev", "eth0");
            Ip("-n", Name(i), "link", "set", "eth0", "up");
            Ip("-n", Name(i), "route", "add", "default", "via", "10.100.255.254");
        }
    }

    private string Name(int i) => $"{_prefix}-{i}";

    private string Port(int i) => $"p{_iteration % 100}x{i}"; // unique per iteration: at most 15 bytes

    private static IPAddress Address(int i) => IPAddress.Parse($"10.100.{i / 250}.{i % 250 + 1}");

    private static void Ip(params string[] arguments)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', arguments)}: {error}");
        }
    }
}

/// <summary>A dump of 500 links, and single requests: time and bytes allocated per call (0 beyond the result).</summary>
[MemoryDiagnoser]
public class NetlinkRequestBenchmarks
{
    private NamespaceSet _set = null!;
    private NetlinkClient _net = null!;
    private NamespaceSet _many = null!;
    private NetlinkClient _manyNet = null!;
    private readonly IPAddress _address = IPAddress.Parse("10.7.0.1");
    private int _mtu;

    [GlobalSetup]
    public void Setup()
    {
        _set = NamespaceSet.Create(NS.Net);
        _net = _set.OpenNetlink();
        _net.AddVethPair("v0", "v1");
        _many = NamespaceSet.Create(NS.Net);
        _manyNet = _many.OpenNetlink();
        for (int i = 0; i < 250; i++)
        {
            _manyNet.AddVethPair($"a{i}", $"b{i}");
        }

        if (_manyNet.GetLinks().Count != 501)
        {
            throw new InvalidOperationException("expected 500 veth ends and lo");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _net.Dispose();
        _manyNet.Dispose();
        _set.Dispose();
        _many.Dispose();
    }

    [Benchmark(Description = "dump 500 links")]
    public int DumpLinks() => _manyNet.GetLinks().Count;

    [Benchmark(Description = "set MTU (one request)")]
    public void SetMtu() => _net.SetMtu("v0", 1400 + (++_mtu & 1));

    [Benchmark(Description = "add + delete an address (two lookups, two requests)")]
    public void AddDeleteAddress()
    {
        _net.AddAddress("v0", _address, 24);
        _net.DeleteAddress("v0", _address, 24);
    }

    [Benchmark(Description = "get link by name")]
    public NetworkLink GetLink() => _net.GetLink("v0");
}

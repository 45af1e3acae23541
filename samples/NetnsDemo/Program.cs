// NetnsDemo: three network namespaces wired from .NET through the netlink client, the way a CNI bridge plugin does it.
//
//   dotnet run --project samples/NetnsDemo [-- [--name PREFIX] [--wait]]
//
// A bridge in "hub", a veth pair from it into "red" and one into "blue" (each peer created directly inside its
// namespace), an IPv4 and an IPv6 address on every end, default routes to the bridge, and hub forwarding between the
// two subnets. A TCP echo server in blue answers a client in red over that path; the host has no way in. Everything is
// gone on exit, Ctrl+C and SIGTERM: the links die with their namespaces. --wait keeps it all, named
// /run/netns/PREFIX-{hub,red,blue} so that `ip -n PREFIX-hub link` can look, until Ctrl+C or SIGTERM removes the names.
// Needs root. Only addresses inside these namespaces are ever used (10.77.0.0/16, fd00:77::/32).
using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using Namespaces;
using NetnsDemo;

string prefix = $"netns-demo-{Environment.ProcessId}";
bool wait = false;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--wait": wait = true; break;
        case "--name" when i + 1 < args.Length: prefix = args[++i]; break;
        default:
            Console.Error.WriteLine("usage: NetnsDemo [--name PREFIX] [--wait]");
            return 2;
    }
}

// Ctrl+C and SIGTERM do not kill the process: they cancel `stop`, and the finally block below cleans up.
using var stop = new CancellationTokenSource();
using PosixSignalRegistration onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using PosixSignalRegistration onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

var sets = new List<NamespaceSet>();
var names = new List<string>();
try
{
    NamespaceSet hub = Add(), red = Add(), blue = Add();
    Console.WriteLine($"namespaces hub {hub.Id(NS.Net)} red {red.Id(NS.Net)} blue {blue.Id(NS.Net)}");
    if (wait)
    {
        foreach ((string side, NamespaceSet set) in new[] { ("hub", hub), ("red", red), ("blue", blue) })
        {
            NamedNetns.Add(set, $"{prefix}-{side}");
            names.Add($"{prefix}-{side}");
        }
        Console.WriteLine($"named /run/netns/{prefix}-{{hub,red,blue}}");
    }

    Topology.Wire(hub, red, blue);
    Console.WriteLine(Topology.Describe("hub", hub));
    Console.WriteLine(Topology.Describe("red", red));
    Console.WriteLine(Topology.Describe("blue", blue));

    foreach (IPAddress address in new[] { Topology.BlueV4, Topology.BlueV6 })
    {
        await using EchoServer server = EchoServer.Start(blue, new IPEndPoint(address, 7007));
        using Socket client = Probes.NewTcpSocket(red, address.AddressFamily); // created inside red, used from here
        await client.ConnectAsync(server.EndPoint, stop.Token).AsTask().WaitAsync(TimeSpan.FromSeconds(10), stop.Token);
        string echoed = await EchoServer.RoundTripAsync(client, "hello from red", stop.Token);
        Console.WriteLine($"red   -> {server.EndPoint} in blue, through hub: echoed \"{echoed}\"");
    }

    Console.WriteLine(Topology.HostView());
    // A port that is free on the host and stays closed there (bound, never listening); blue listens on the same one.
    using var hostPort = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    hostPort.Bind(new IPEndPoint(IPAddress.Loopback, 0));
    using (var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)) // the host's own
    {
        await using EchoServer server = EchoServer.Start(blue, (IPEndPoint)hostPort.LocalEndPoint!);
        try
        {
            await client.ConnectAsync(server.EndPoint, stop.Token);
            Console.WriteLine($"host  -> {server.EndPoint}: connected (unexpected: the server listens in blue)");
            return 1;
        }
        catch (SocketException e)
        {
            Console.WriteLine($"host  -> {server.EndPoint}: {e.SocketErrorCode} (blue's loopback is not the host's)");
        }
    }

    if (wait)
    {
        Console.WriteLine($"waiting: try `ip -n {prefix}-hub link show master br0`; Ctrl+C removes everything");
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
            Console.WriteLine("signal received");
        }
    }
    return 0;
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    Console.WriteLine("interrupted");
    return 130;
}
catch (NamespaceException e) // no privilege (EPERM), a namespace limit reached (ENOSPC), a netlink refusal, ...
{
    Console.Error.WriteLine(e.Message);
    return 1;
}
finally
{
    foreach (string name in names)
    {
        NamedNetns.Delete(name);
    }

    foreach (NamespaceSet set in sets)
    {
        set.Dispose(); // the last reference to each namespace: its links (veths, the bridge) go with it
    }

    Console.WriteLine(names.Count > 0 ? $"removed /run/netns/{prefix}-{{hub,red,blue}} and the namespaces" : "removed the namespaces and their links");
}

NamespaceSet Add()
{
    NamespaceSet set = NamespaceSet.Create(NS.Net);
    sets.Add(set);
    return set;
}

void Stop(PosixSignalContext context)
{
    context.Cancel = true; // keep the process alive so that the finally block runs
    stop.Cancel();
}

// NetnsDemo: a network + UTS namespace made from .NET, seen from inside and from the host.
//
//   dotnet run --project samples/NetnsDemo [-- [--name NAME] [--wait]]
//
// Creates the namespaces, names the network namespace /run/netns/NAME (so `ip netns exec NAME ip link` enters it),
// brings its loopback up, runs a TCP echo server inside it and shows that the server answers from inside and not
// from the host. The name is removed on exit, on Ctrl+C and on SIGTERM. --wait keeps it until one of those signals.
// Needs root. Rootless, in a user namespace of your own (`unshare -Ur dotnet run --project samples/NetnsDemo`), it
// shows everything but the name: /run/netns belongs to the host's mount namespace.
using System;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using Namespaces;
using NetnsDemo;

string name = $"netns-demo-{Environment.ProcessId}";
bool wait = false;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--wait": wait = true; break;
        case "--name" when i + 1 < args.Length: name = args[++i]; break;
        default:
            Console.Error.WriteLine("usage: NetnsDemo [--name NAME] [--wait]");
            return 2;
    }
}

// Ctrl+C and SIGTERM do not kill the process: they cancel `stop`, and the finally block below removes the name.
using var stop = new CancellationTokenSource();
using PosixSignalRegistration onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using PosixSignalRegistration onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

NamespaceSet? set = null;
bool named = false;
try
{
    set = NamespaceSet.Create(NS.Net | NS.Uts);
    named = TryName(set, name);
    Console.WriteLine($"namespaces {set.Id(NS.Net)} {set.Id(NS.Uts)}" + (named ? $", named {NamedNetns.PathOf(name)}" : ""));
    set.SetHostName("netns-demo");
    set.BringUpLoopback(); // a socket made inside + ioctl(SIOCSIFFLAGS): a new namespace's lo starts down

    View host = View.Here();
    View inside = Probes.Look(set); // the generated overload: Look's body runs on a thread inside the set
    Console.WriteLine($"{"",-10} {"hostname",-12} interfaces");
    Console.WriteLine($"{"host",-10} {host.HostName,-12} {host.Interfaces}");
    Console.WriteLine($"{"namespace",-10} {inside.HostName,-12} {inside.Interfaces}");

    // A port that is free on the host and stays closed there: bound, never listening. The namespace has its own
    // network stack, so the echo server inside can listen on the very same 127.0.0.1:port.
    using var hostPort = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    hostPort.Bind(new IPEndPoint(IPAddress.Loopback, 0));
    var endPoint = (IPEndPoint)hostPort.LocalEndPoint!;

    await using EchoServer server = EchoServer.Start(set, endPoint.Port);
    Console.WriteLine($"echo server listening inside on {server.EndPoint}");

    using (Socket client = Probes.NewTcpSocket(set)) // created inside, used from this ordinary thread
    {
        await client.ConnectAsync(endPoint, stop.Token);
        string echoed = await EchoServer.RoundTripAsync(client, "hello from inside", stop.Token);
        Console.WriteLine($"inside -> {endPoint}: echoed \"{echoed}\"");
    }

    using (var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)) // the host's
    {
        try
        {
            await client.ConnectAsync(endPoint, stop.Token);
            Console.WriteLine($"host   -> {endPoint}: connected (unexpected: the host should not reach the namespace)");
            return 1;
        }
        catch (SocketException e)
        {
            Console.WriteLine($"host   -> {endPoint}: {e.SocketErrorCode} (the host's loopback is another network)");
        }
    }

    if (wait)
    {
        Console.WriteLine(named ? $"waiting: try `ip netns exec {name} ip link`; Ctrl+C removes {NamedNetns.PathOf(name)}" : "waiting: Ctrl+C ends");
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
catch (NamespaceException e) // no privilege (EPERM), a namespace limit reached (ENOSPC), ...
{
    Console.Error.WriteLine(e.Message);
    return 1;
}
finally
{
    if (named)
    {
        NamedNetns.Delete(name);
        Console.WriteLine($"removed {NamedNetns.PathOf(name)}");
    }
    set?.Dispose();
}

// Naming needs CAP_SYS_ADMIN over the host's mount namespace and a writable /run/netns: rootless (`unshare -Ur`),
// the demo goes on without a name.
static bool TryName(NamespaceSet set, string name)
{
    try
    {
        NamedNetns.Add(set, name);
        return true;
    }
    catch (NamespaceException e) when (e.ErrnoName is "EPERM" or "EACCES")
    {
        Console.WriteLine($"not named: {e.Message[..(e.Message.IndexOf(". ", StringComparison.Ordinal) + 1)]}");
        return false;
    }
}

void Stop(PosixSignalContext context)
{
    context.Cancel = true; // keep the process alive so that the finally block runs
    stop.Cancel();
}

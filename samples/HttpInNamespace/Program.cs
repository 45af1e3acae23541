// HttpInNamespace: an HttpClient whose connections are made inside a network namespace, talking to a small HTTP
// server that listens inside the same namespace, where the host cannot reach it.
//
//   dotnet run --project samples/HttpInNamespace
//
// Only creating a socket (and resolving a name) needs a thread inside the namespace: a socket stays in the namespace
// it was created in for its whole life, so connecting, sending and receiving stay ordinary async code.
// Needs root, or CAP_SYS_ADMIN in your own user namespace (`unshare -Ur dotnet run --project samples/HttpInNamespace`).
using System;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using HttpInNamespace;
using Namespaces;

using NamespaceSet set = NamespaceSet.Create(NS.Net);
set.BringUpLoopback();

// A port that is free on the host and stays closed there (bound, never listening); the namespace has a network stack
// of its own, so the server inside listens on the same 127.0.0.1:port, and the host's request below is refused.
using var hostPort = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
hostPort.Bind(new IPEndPoint(IPAddress.Loopback, 0));
await using TinyHttpServer server = TinyHttpServer.Start(set, ((IPEndPoint)hostPort.LocalEndPoint!).Port, set.Id(NS.Net));
string url = $"http://{server.EndPoint}/";
Console.WriteLine($"server listening inside {set.Id(NS.Net)} on {url}");

// 1. The runtime's handler: resolves names and creates each connection's socket inside the namespace.
using (var client = new HttpClient(set.CreateHttpHandler()))
{
    Console.WriteLine($"set.CreateHttpHandler()   -> {await client.GetStringAsync(url + "helper")}");
}

// 2. The same thing written by hand: a ConnectCallback whose socket comes from a [RunInNamespace] method.
var handler = new SocketsHttpHandler
{
    ConnectCallback = async (context, cancellationToken) =>
    {
        // Names resolve inside (the namespace's own DNS view); the runtime's handler also tries every address.
        IPAddress[] addresses = await Connections.ResolveAsync(set, context.DnsEndPoint.Host, cancellationToken);
        Socket socket = await Connections.CreateTcpSocketAsync(set, addresses[0].AddressFamily, cancellationToken);
        try
        {
            await socket.ConnectAsync(addresses[0], context.DnsEndPoint.Port, cancellationToken); // an ordinary async connect
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    },
};
using (var client = new HttpClient(handler))
{
    Console.WriteLine($"own ConnectCallback       -> {await client.GetStringAsync(url + "callback")}");
}

// 3. A plain HttpClient connects from the host's network namespace, where nothing listens on that address.
using (var client = new HttpClient())
{
    try
    {
        await client.GetStringAsync(url + "host");
        Console.WriteLine("plain HttpClient (host)   -> answered (unexpected: the host should not reach the namespace)");
        return 1;
    }
    catch (HttpRequestException e)
    {
        Console.WriteLine($"plain HttpClient (host)   -> {e.HttpRequestError}: {(e.InnerException as SocketException)?.SocketErrorCode}");
    }
}
return 0;

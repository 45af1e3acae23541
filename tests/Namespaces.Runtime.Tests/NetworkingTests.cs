using System;
using System.Net;
using System.Net.Http;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;
using Namespaces.Testing;
using Xunit;

namespace Namespaces.Tests;

/// <summary>Sockets made inside a set live in its network namespace whichever thread uses them afterwards.</summary>
public sealed class NetworkingTests
{
    public NetworkingTests() => Kernel.RequireRoot();

    [Fact]
    public void BringUpLoopback_SetsLoUpInsideOnly()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.Net);
        Assert.Equal(OperationalStatus.Down, set.Do(LoopbackStatus));

        set.BringUpLoopback();

        Assert.NotEqual(OperationalStatus.Down, set.Do(LoopbackStatus));
    }

    [Fact]
    public async Task CreateSocket_ListensInsideTheNamespace_UnreachableFromTheHost()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.Net);
        set.BringUpLoopback();
        using Socket listener = set.CreateSocket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        int port = ((IPEndPoint)listener.LocalEndPoint!).Port;

        using Socket inside = set.CreateSocket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await inside.ConnectAsync(IPAddress.Loopback, port);
        using Socket accepted = await listener.AcceptAsync();
        using var fromHost = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var refused = await Assert.ThrowsAsync<SocketException>(() => fromHost.ConnectAsync(IPAddress.Loopback, port));

        Assert.True(accepted.Connected);
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        Assert.Equal(set.Id(NS.Net), Kernel.SocketNetworkNamespace(listener));
        Assert.Equal(set.Id(NS.Net), Kernel.SocketNetworkNamespace(accepted));
        Assert.Equal(Kernel.ProcessNs("net"), Kernel.SocketNetworkNamespace(fromHost));
    }

    [Fact]
    public async Task CreateHttpHandler_ConnectsInsideTheNamespace()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.Net);
        set.BringUpLoopback();
        using Socket listener = set.CreateSocket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        int port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        Task server = ServeOneResponseAsync(listener, "hello from inside");

        using var client = new HttpClient(set.CreateHttpHandler());
        string body = await client.GetStringAsync($"http://127.0.0.1:{port}/");
        await server;

        Assert.Equal("hello from inside", body);
        using var hostClient = new HttpClient();
        await Assert.ThrowsAsync<HttpRequestException>(() => hostClient.GetStringAsync($"http://127.0.0.1:{port}/"));
    }

    [Fact]
    public async Task CreateSocketAsync_MakesTheSocketInsideTheNamespace()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.Net);

        using Socket socket = await set.CreateSocketAsync(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

        Assert.Equal(set.Id(NS.Net), Kernel.SocketNetworkNamespace(socket));
    }

    [Fact]
    public void SetHostName_ChangesTheNamespaceOnly()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.Uts);
        string host = Kernel.HostName();

        set.SetHostName("inside-uts");

        Assert.Equal("inside-uts", set.GetHostName());
        Assert.Equal("inside-uts", set.Do(Kernel.HostName));
        Assert.Equal(host, Kernel.HostName());
    }

    [Fact]
    public void Helpers_RefuseASetWithoutTheirNamespace()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.Uts);

        Assert.Contains("CreateHttpHandler needs the net namespace", Assert.Throws<MissingNamespaceException>(() => set.CreateHttpHandler()).Message);
        Assert.Equal(NS.Net, Assert.Throws<MissingNamespaceException>(() => set.CreateSocket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)).Namespace);
    }

    private static OperationalStatus LoopbackStatus() => Array.Find(NetworkInterface.GetAllNetworkInterfaces(), i => i.Name == "lo")!.OperationalStatus;

    private static async Task ServeOneResponseAsync(Socket listener, string body)
    {
        using Socket connection = await listener.AcceptAsync();
        byte[] buffer = new byte[4096];
        int received = 0;
        while (!Encoding.ASCII.GetString(buffer, 0, received).Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            received += await connection.ReceiveAsync(buffer.AsMemory(received), SocketFlags.None);
        }

        byte[] response = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}");
        await connection.SendAsync(response, SocketFlags.None);
    }
}

using System;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;
using Namespaces.Netlink;
using Namespaces.Testing;
using Namespaces.Tests.Support;
using Xunit;

namespace Namespaces.Tests;

/// <summary>Namespaces wired through the client carry real TCP connections; nothing here talks outside them.</summary>
public sealed class NetlinkTrafficTests
{
    public NetlinkTrafficTests() => Kernel.RequireRoot();

    [Theory]
    [InlineData("10.2.0.1", "10.2.0.2", 24)]
    [InlineData("fd00:2::1", "fd00:2::2", 64)]
    public async Task AVethBetweenTwoSets_CarriesATcpConnection(string redAddress, string blueAddress, int prefix)
    {
        using NamespaceSet red = NamespaceSet.Create(NS.Net);
        using NamespaceSet blue = NamespaceSet.Create(NS.Net);
        using (NetlinkClient redNet = red.OpenNetlink())
        using (NetlinkClient blueNet = blue.OpenNetlink())
        {
            redNet.AddVethPair("eth0", peerName: "eth0", peerIn: blue);
            redNet.AddAddress("eth0", IPAddress.Parse(redAddress), prefix, noDad: true);
            blueNet.AddAddress("eth0", IPAddress.Parse(blueAddress), prefix, noDad: true);
            redNet.SetUp("eth0");
            blueNet.SetUp("eth0");
        }

        string echoed = await RoundTripAsync(server: blue, client: red, IPAddress.Parse(blueAddress), "over the veth");

        Assert.Equal("over the veth", echoed);
    }

    [Fact]
    public async Task ABridgeInOneSet_JoinsThreeSets_AndTheirDefaultRoutesReachTheBridge()
    {
        using NamespaceSet hub = NamespaceSet.Create(NS.Net);
        NamespaceSet[] sets = [NamespaceSet.Create(NS.Net), NamespaceSet.Create(NS.Net), NamespaceSet.Create(NS.Net)];
        try
        {
            using (NetlinkClient hubNet = hub.OpenNetlink())
            {
                hubNet.AddBridge("br0");
                hubNet.AddAddress("br0", IPAddress.Parse("10.3.0.254"), 24);
                hubNet.SetUp("br0");
                for (int i = 0; i < sets.Length; i++)
                {
                    string port = "port" + i;
                    hubNet.AddVethPair(port, peerName: "eth0", peerIn: sets[i]);
                    hubNet.SetMaster(port, "br0");
                    hubNet.SetUp(port);
                    using NetlinkClient net = sets[i].OpenNetlink();
                    net.AddAddress("eth0", IPAddress.Parse($"10.3.0.{i + 1}"), 24);
                    net.SetUp("eth0");
                    net.AddDefaultRoute(IPAddress.Parse("10.3.0.254"));
                }
            }

            for (int i = 0; i < sets.Length; i++)
            {
                int next = (i + 1) % sets.Length;
                Assert.Equal($"{i}->{next}", await RoundTripAsync(sets[next], sets[i], IPAddress.Parse($"10.3.0.{next + 1}"), $"{i}->{next}"));
            }
            Assert.Equal("to the hub", await RoundTripAsync(hub, sets[0], IPAddress.Parse("10.3.0.254"), "to the hub"));
            Assert.Equal(3, Iproute.Json(hub, "link", "show", "master", "br0").Length);
        }
        finally
        {
            foreach (NamespaceSet set in sets)
            {
                set.Dispose();
            }
        }
    }

    /// <summary>An echo server listening inside <paramref name="server"/>, a client connecting from inside <paramref name="client"/>.</summary>
    internal static async Task<string> RoundTripAsync(NamespaceSet server, NamespaceSet client, IPAddress address, string text)
    {
        using Socket listener = server.CreateSocket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(address, 0));
        listener.Listen();
        using Socket connecting = client.CreateSocket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await connecting.ConnectAsync(listener.LocalEndPoint!).WaitAsync(TimeSpan.FromSeconds(10));
        using Socket accepted = await listener.AcceptAsync().WaitAsync(TimeSpan.FromSeconds(10));
        byte[] sent = Encoding.UTF8.GetBytes(text);
        await connecting.SendAsync(sent);
        byte[] received = new byte[sent.Length];
        int total = 0;
        while (total < received.Length)
        {
            int n = await accepted.ReceiveAsync(received.AsMemory(total)).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.True(n > 0, "the connection closed early");
            total += n;
        }
        return Encoding.UTF8.GetString(received);
    }
}

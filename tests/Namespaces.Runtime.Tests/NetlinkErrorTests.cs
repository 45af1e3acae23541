using System;
using System.Net;
using Namespaces.Netlink;
using Namespaces.Testing;
using Namespaces.Tests.Support;
using Xunit;

namespace Namespaces.Tests;

/// <summary>What the kernel says about bad requests reaches the caller typed, with its own words; bad arguments never reach it.</summary>
public sealed class NetlinkErrorTests
{
    public NetlinkErrorTests() => Kernel.RequireRoot();

    [Fact]
    public void ALinkThatDoesNotExist_IsENODEV_NamingTheLinkAndTheNamespace()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.Net);
        using NetlinkClient net = set.OpenNetlink();

        var get = Assert.Throws<NetlinkException>(() => net.GetLink("nosuch0"));
        var up = Assert.Throws<NetlinkException>(() => net.SetUp("nosuch0"));
        var delete = Assert.Throws<NetlinkException>(() => net.DeleteLink("nosuch0"));
        var byIndex = Assert.Throws<NetlinkException>(() => net.GetLink(4242));

        foreach (NetlinkException e in new[] { get, up, delete, byIndex })
        {
            Assert.Equal((int)Interop.Error.ENODEV, e.Errno);
            Assert.Equal(NS.Net, e.Namespace);
            Assert.Contains(set.Id(NS.Net), e.Message);
            Assert.Contains("GetLinks()", e.Message);
        }
        Assert.StartsWith("Getting link 'nosuch0' in net:[", get.Message);
        Assert.StartsWith("Setting link up 'nosuch0' in net:[", up.Message);
        Assert.Contains("'4242'", byIndex.Message);
    }

    [Fact]
    public void ADuplicateName_IsEEXIST_AndChangesNothing()
    {
        using NamespaceSet red = NamespaceSet.Create(NS.Net);
        using NamespaceSet blue = NamespaceSet.Create(NS.Net);
        using NetlinkClient net = red.OpenNetlink();
        net.AddBridge("br0");
        net.AddVethPair("v0", "eth0", blue);

        var bridge = Assert.Throws<NetlinkException>(() => net.AddBridge("br0"));
        var peer = Assert.Throws<NetlinkException>(() => net.AddVethPair("v1", "eth0", blue)); // the name is taken over there

        Assert.Equal((int)Interop.Error.EEXIST, bridge.Errno);
        Assert.Equal((int)Interop.Error.EEXIST, peer.Errno);
        Assert.Contains("choose another name", bridge.Message);
        Assert.Contains($"(peer 'eth0' in {blue.Id(NS.Net)})", peer.Message);
        Assert.Equal(["br0", "lo", "v0"], Iproute.LinkNames(red));
        Assert.Equal(["eth0", "lo"], Iproute.LinkNames(blue));
    }

    [Fact]
    public void AnAddressOnAMissingDevice_IsENODEV()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.Net);
        using NetlinkClient net = set.OpenNetlink();

        var e = Assert.Throws<NetlinkException>(() => net.AddAddress("nosuch0", IPAddress.Parse("10.1.0.1"), 24));

        Assert.Equal((int)Interop.Error.ENODEV, e.Errno);
        Assert.StartsWith("Adding address '10.1.0.1/24' (to 'nosuch0') in net:[", e.Message);
    }

    [Fact]
    public void ARouteThroughAnUnreachableGateway_IsENETUNREACH_WithTheKernelsReason()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.Net);
        using NetlinkClient net = set.OpenNetlink();
        net.AddVethPair("v0", "v1");
        net.SetUp("v0");
        net.AddAddress("v0", IPAddress.Parse("10.1.0.1"), 24);

        var e = Assert.Throws<NetlinkException>(() => net.AddDefaultRoute(IPAddress.Parse("10.99.0.1")));

        Assert.Equal((int)Interop.Error.ENETUNREACH, e.Errno);
        Assert.Equal("Nexthop has invalid gateway", e.KernelMessage);
        Assert.Contains("onLink", e.Message);
        Assert.Empty(Iproute.Json(set, "route", "show", "default"));
    }

    [Fact]
    public void DeletingWhatIsNotThere_NamesWhatWasMissing()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.Net);
        using NetlinkClient net = set.OpenNetlink();
        net.AddVethPair("v0", "v1");

        var address = Assert.Throws<NetlinkException>(() => net.DeleteAddress("v0", IPAddress.Parse("10.1.0.1"), 24));
        var route = Assert.Throws<NetlinkException>(() => net.DeleteRoute(IPNetwork.Parse("10.2.0.0/16")));

        Assert.Equal((int)Interop.Error.EADDRNOTAVAIL, address.Errno);
        Assert.Equal((int)Interop.Error.ESRCH, route.Errno);
    }

    [Fact]
    public void BadArguments_AreRefusedBeforeAnythingIsSent()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.Net);
        using NamespaceSet noNet = NamespaceSet.Create(NS.Uts);
        using NetlinkClient net = set.OpenNetlink();

        Assert.Contains("1 to 15 bytes", Assert.Throws<ArgumentException>(() => net.AddBridge("sixteen-chars-xx")).Message);
        Assert.Throws<ArgumentException>(() => net.AddBridge(""));
        Assert.Throws<ArgumentNullException>(() => net.SetUp(null!));
        Assert.Throws<ArgumentException>(() => net.AddVethPair("v0", "peer-name-far-too-long"));
        Assert.Throws<ArgumentOutOfRangeException>(() => net.AddAddress("lo", IPAddress.Parse("10.1.0.1"), 33));
        Assert.Throws<ArgumentOutOfRangeException>(() => net.AddAddress("lo", IPAddress.Parse("fd00::1"), 129));
        Assert.Throws<ArgumentException>(() => net.AddRoute(IPNetwork.Parse("10.0.0.0/8"), IPAddress.Parse("fd00::1")));
        Assert.Throws<ArgumentException>(() => net.AddRoute(IPNetwork.Parse("10.0.0.0/8")));
        Assert.Throws<ArgumentOutOfRangeException>(() => net.AddRoute(IPNetwork.Parse("10.0.0.0/8"), device: "lo", table: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => net.AddVlan("v0", "lo", 4095));
        Assert.Equal(NS.Net, Assert.Throws<MissingNamespaceException>(() => net.AddVethPair("v0", "v1", noNet)).Namespace);
        Assert.Equal(NS.Net, Assert.Throws<MissingNamespaceException>(() => noNet.OpenNetlink()).Namespace);
        Assert.Throws<ArgumentNullException>(() => NamespaceNetlink.OpenNetlink(null!));

        Assert.Equal(["lo"], Iproute.LinkNames(set));
        Assert.Empty(Iproute.Json(set, "route", "show", "table", "all"));
    }

    [Fact]
    public void ARequestTheKernelNeverAnswers_FailsWithEAGAIN_AfterTheReceiveTimeout_AndTheClientGoesOn()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.Net);
        using NetlinkClient net = set.OpenNetlink();
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var e = Assert.Throws<NetlinkException>(() =>
        {
            using (net.Socket.Enter())
            {
                // Without NLM_F_ACK the kernel answers a successful change with nothing at all.
                NetlinkWriter writer = net.Socket.BeginRequest(Interop.Netlink.RTM_NEWLINK, 0);
                LinkMessages.ByName(ref writer, "lo", Interop.Netlink.IFF_UP, Interop.Netlink.IFF_UP);
                net.Socket.Query<LinkMessages.IndexDecoder, int>(writer.Finish(), new NetlinkOperation("Setting lo up without an ACK"), default);
            }
        });

        Assert.Equal((int)Interop.Error.EAGAIN, e.Errno);
        Assert.InRange(clock.Elapsed, NetlinkSocket.ReceiveTimeout * 0.9, NetlinkSocket.ReceiveTimeout * 6);
        Assert.Contains("did not answer within 5 s", e.Message);
        Assert.True(net.GetLink("lo").IsUp); // the change was made; the client goes on
    }

    [Fact]
    public void DisposedSetsAndClients_AreObjectDisposed()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.Net);
        NamespaceSet peer = NamespaceSet.Create(NS.Net);
        peer.Dispose();
        NetlinkClient net = set.OpenNetlink();

        Assert.Throws<ObjectDisposedException>(() => net.AddVethPair("v0", "v1", peer));
        Assert.Throws<ObjectDisposedException>(() => net.MoveTo("lo", peer));
        net.Dispose();
        net.Dispose();
        Assert.Throws<ObjectDisposedException>(() => net.GetLinks());
        Assert.Throws<ObjectDisposedException>(() => net.SetUp("lo"));
        Assert.Equal(["lo"], Iproute.LinkNames(set));
    }
}

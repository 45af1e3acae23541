using System;
using System.Linq;
using System.Net.NetworkInformation;
using System.Text.Json;
using Namespaces.Netlink;
using Namespaces.Testing;
using Namespaces.Tests.Support;
using Xunit;

namespace Namespaces.Tests;

/// <summary>Links made and changed through the client, checked with `ip -j -d link` inside the namespace.</summary>
public sealed class NetlinkLinkTests
{
    public NetlinkLinkTests() => Kernel.RequireRoot();

    [Fact]
    public void GetLinks_InANewNamespace_IsLoopbackOnly_AsIpSays()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.Net);
        using NetlinkClient net = set.OpenNetlink();

        NetworkLink lo = Assert.Single(net.GetLinks());

        JsonElement ip = Iproute.Link(set, "lo");
        Assert.Equal(ip.GetProperty("ifindex").GetInt32(), lo.Index);
        Assert.Equal("lo", lo.Name);
        Assert.Null(lo.Kind);
        Assert.False(lo.IsUp);
        Assert.Equal(ip.GetProperty("mtu").GetInt32(), lo.Mtu);
        Assert.Equal(set.Id(NS.Net), net.NetworkNamespace);
    }

    [Fact]
    public void AddVethPair_PeerInAnotherSet_IsCreatedThere_AndNotHere()
    {
        using NamespaceSet red = NamespaceSet.Create(NS.Net);
        using NamespaceSet blue = NamespaceSet.Create(NS.Net);
        using NetlinkClient net = red.OpenNetlink();

        net.AddVethPair("veth-blue", peerName: "eth0", peerIn: blue);

        JsonElement here = Iproute.Link(red, "veth-blue");
        JsonElement there = Iproute.Link(blue, "eth0");
        Assert.Equal("veth", here.GetProperty("linkinfo").GetProperty("info_kind").GetString());
        Assert.Equal("veth", there.GetProperty("linkinfo").GetProperty("info_kind").GetString());
        Assert.Equal(["lo", "veth-blue"], Iproute.LinkNames(red));
        Assert.Equal(["eth0", "lo"], Iproute.LinkNames(blue));
        NetworkLink link = net.GetLink("veth-blue");
        Assert.Equal("veth", link.Kind);
        Assert.Equal(there.GetProperty("ifindex").GetInt32(), link.ParentIndex); // IFLA_LINK: the peer's index, over there
    }

    [Fact]
    public void AddVethPair_WithoutPeerSet_PutsBothEndsHere()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.Net);
        using NetlinkClient net = set.OpenNetlink();

        net.AddVethPair("a0", "a1");

        Assert.Equal(["a0", "a1", "lo"], Iproute.LinkNames(set));
        Assert.Equal(net.GetLink("a1").Index, net.GetLink("a0").ParentIndex);
    }

    [Fact]
    public void SetUpDown_Mtu_Mac_Rename_AsIpSeesThem()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.Net);
        using NetlinkClient net = set.OpenNetlink();
        net.AddVethPair("v0", "v1");
        var mac = PhysicalAddress.Parse("02-00-00-00-00-42");

        net.SetMtu("v0", 1400);
        net.SetMacAddress("v0", mac);
        net.Rename("v0", "renamed0");
        net.SetUp("renamed0");
        net.SetUp("v1");

        JsonElement ip = Iproute.Link(set, "renamed0");
        Assert.Equal(1400, ip.GetProperty("mtu").GetInt32());
        Assert.Equal("02:00:00:00:00:42", ip.GetProperty("address").GetString());
        Assert.Contains("UP", ip.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        NetworkLink link = net.GetLink("renamed0");
        Assert.True(link.IsUp);
        Assert.Equal(1400, link.Mtu);
        Assert.Equal(mac, link.MacAddress);
        Assert.Equal(link, net.GetLink(link.Index));

        net.SetDown("renamed0");

        Assert.DoesNotContain("UP", Iproute.Link(set, "renamed0").GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        Assert.False(net.GetLink("renamed0").IsUp);
    }

    [Fact]
    public void Veth_IsOperationallyUp_OnlyWhenBothEndsAre()
    {
        using NamespaceSet red = NamespaceSet.Create(NS.Net);
        using NamespaceSet blue = NamespaceSet.Create(NS.Net);
        using NetlinkClient redNet = red.OpenNetlink();
        using NetlinkClient blueNet = blue.OpenNetlink();
        redNet.AddVethPair("v0", "v1", blue);

        redNet.SetUp("v0");
        OperationalStatus halfUp = redNet.GetLink("v0").OperationalStatus;
        blueNet.SetUp("v1");

        // The kernel's link watcher publishes carrier changes a moment later (up to a second): poll for it.
        OperationalStatus bothUp = OperationalStatus.Unknown;
        for (int i = 0; i < 40 && bothUp != OperationalStatus.Up; i++, System.Threading.Thread.Sleep(50))
        {
            bothUp = redNet.GetLink("v0").OperationalStatus;
        }

        Assert.Equal(OperationalStatus.Down, halfUp); // no carrier while the peer is down
        Assert.Equal(OperationalStatus.Up, bothUp);
        Assert.Equal("UP", Iproute.Link(red, "v0").GetProperty("operstate").GetString());
    }

    [Fact]
    public void Bridge_SetMaster_EnslavesAndReleases()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.Net);
        using NetlinkClient net = set.OpenNetlink();
        net.AddBridge("br0");
        net.AddVethPair("v0", "v1");

        net.SetMaster("v0", "br0");

        Assert.Equal("bridge", Iproute.Link(set, "br0").GetProperty("linkinfo").GetProperty("info_kind").GetString());
        Assert.Equal("br0", Iproute.Link(set, "v0").GetProperty("master").GetString());
        Assert.Equal(net.GetLink("br0").Index, net.GetLink("v0").MasterIndex);

        net.SetMaster("v0", null);

        Assert.False(Iproute.Link(set, "v0").TryGetProperty("master", out _));
        Assert.Null(net.GetLink("v0").MasterIndex);
    }

    [Fact]
    public void Macvlan_OnAParent_InBridgeMode()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.Net);
        using NetlinkClient net = set.OpenNetlink();
        net.AddVethPair("parent0", "peer0");

        net.AddMacvlan("mv0", "parent0", MacvlanMode.Private);

        JsonElement ip = Iproute.Link(set, "mv0");
        Assert.Equal("macvlan", ip.GetProperty("linkinfo").GetProperty("info_kind").GetString());
        Assert.Equal("private", ip.GetProperty("linkinfo").GetProperty("info_data").GetProperty("mode").GetString());
        Assert.Equal("parent0", ip.GetProperty("link").GetString());
        Assert.Equal(net.GetLink("parent0").Index, net.GetLink("mv0").ParentIndex);
    }

    // This machine's kernel is built without dummy, ipvlan and 802.1Q (no modules either): where a driver is missing, what
    // is checked is the client's typed refusal carrying the kernel's own words; where it is there, the link ip sees.
    [Theory]
    [InlineData("dummy", "CONFIG_DUMMY")]
    [InlineData("ipvlan", "CONFIG_IPVLAN")]
    [InlineData("vlan", "CONFIG_VLAN_8021Q")]
    public void Dummy_Ipvlan_Vlan_AreCreated_OrRefusedWithTheKernelsReason(string kind, string config)
    {
        using NamespaceSet set = NamespaceSet.Create(NS.Net);
        using NetlinkClient net = set.OpenNetlink();
        net.AddVethPair("parent0", "peer0");
        Action add = kind switch
        {
            "dummy" => () => net.AddDummy("x0"),
            "ipvlan" => () => net.AddIpvlan("x0", "parent0", IpvlanMode.L3),
            _ => () => net.AddVlan("x0", "parent0", 42),
        };

        if (!Iproute.KernelHas(config))
        {
            var refused = Assert.Throws<NetlinkException>(add);
            Assert.Equal((int)Interop.Error.EOPNOTSUPP, refused.Errno);
            Assert.Equal("Unknown device type", refused.KernelMessage);
            Assert.Contains("'x0'", refused.Message);
            Assert.Contains(set.Id(NS.Net), refused.Message);
            Assert.Contains("no driver", refused.Message);
            Assert.Equal(["lo", "parent0", "peer0"], Iproute.LinkNames(set));
            return;
        }

        add();

        JsonElement ip = Iproute.Link(set, "x0");
        Assert.Equal(kind, ip.GetProperty("linkinfo").GetProperty("info_kind").GetString());
        if (kind == "vlan")
        {
            Assert.Equal(42, ip.GetProperty("linkinfo").GetProperty("info_data").GetProperty("id").GetInt32());
        }
        else if (kind == "ipvlan")
        {
            Assert.Equal("l3", ip.GetProperty("linkinfo").GetProperty("info_data").GetProperty("mode").GetString());
        }
    }

    [Fact]
    public void DeleteLink_OneVethEnd_RemovesBothSides()
    {
        using NamespaceSet red = NamespaceSet.Create(NS.Net);
        using NamespaceSet blue = NamespaceSet.Create(NS.Net);
        using NetlinkClient net = red.OpenNetlink();
        net.AddVethPair("v0", "v1", blue);

        net.DeleteLink("v0");

        Assert.Equal(["lo"], Iproute.LinkNames(red));
        Assert.Equal(["lo"], Iproute.LinkNames(blue));
    }

    [Fact]
    public void MoveTo_AnotherSet_TheLinkLeavesAndArrives()
    {
        using NamespaceSet red = NamespaceSet.Create(NS.Net);
        using NamespaceSet blue = NamespaceSet.Create(NS.Net);
        using NetlinkClient redNet = red.OpenNetlink();
        using NetlinkClient blueNet = blue.OpenNetlink();
        redNet.AddVethPair("v0", "v1");

        redNet.MoveTo("v1", blue);

        Assert.Equal(["lo", "v0"], Iproute.LinkNames(red));
        Assert.Equal(["lo", "v1"], Iproute.LinkNames(blue));
        Assert.Equal("veth", blueNet.GetLink("v1").Kind);
    }

    [Fact]
    public void Client_OutlivesItsSet_TheSocketKeepsTheNamespace()
    {
        NamespaceSet set = NamespaceSet.Create(NS.Net);
        using NetlinkClient net = set.OpenNetlink();
        set.Dispose();

        net.AddBridge("br0");
        net.SetUp("br0");

        Assert.Equal(["br0", "lo"], net.GetLinks().Select(l => l.Name).Order(StringComparer.Ordinal));
    }
}

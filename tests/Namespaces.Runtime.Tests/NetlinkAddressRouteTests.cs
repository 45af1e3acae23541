using System;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Namespaces.Netlink;
using Namespaces.Testing;
using Namespaces.Tests.Support;
using Xunit;

namespace Namespaces.Tests;

/// <summary>Addresses and routes set through the client, checked with `ip -j addr` and `ip -j route` inside the namespace.</summary>
public sealed class NetlinkAddressRouteTests
{
    public NetlinkAddressRouteTests() => Kernel.RequireRoot();

    [Fact]
    public void AddAddress_IPv4AndIPv6_AsIpSeesThem_AndDeleteAddress_RemovesThem()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.Net);
        using NetlinkClient net = set.OpenNetlink();
        net.AddVethPair("v0", "v1");

        net.AddAddress("v0", IPAddress.Parse("10.1.0.1"), 24);
        net.AddAddress("v0", IPAddress.Parse("fd00:1::1"), 64, noDad: true);

        Assert.Equal(["10.1.0.1/24", "fd00:1::1/64"], Iproute.Addresses(set, "v0").Order(StringComparer.Ordinal));
        int index = net.GetLink("v0").Index;
        LinkAddress[] listed = [.. net.GetAddresses("v0")];
        Assert.Equal(["10.1.0.1/24", "fd00:1::1/64"], listed.Select(a => a.ToString()).Order(StringComparer.Ordinal));
        Assert.All(listed, a => Assert.Equal(index, a.LinkIndex));
        Assert.Equal("v0", listed.Single(a => a.Address.AddressFamily == AddressFamily.InterNetwork).Label);
        LinkAddress v6 = Assert.Single(net.GetAddresses("v0", AddressFamily.InterNetworkV6));
        Assert.True(v6.Flags.HasFlag(AddressFlags.NoDad), v6.Flags.ToString());
        Assert.False(v6.Flags.HasFlag(AddressFlags.Tentative), v6.Flags.ToString());
        JsonElement ipV6 = Iproute.Json(set, "-6", "addr", "show", "dev", "v0").Single().GetProperty("addr_info").EnumerateArray().Single();
        Assert.True(ipV6.TryGetProperty("nodad", out _), ipV6.ToString());

        net.DeleteAddress("v0", IPAddress.Parse("10.1.0.1"), 24);
        net.DeleteAddress("v0", IPAddress.Parse("fd00:1::1"), 64);

        Assert.Empty(Iproute.Addresses(set, "v0"));
        Assert.Empty(net.GetAddresses("v0"));
    }

    [Fact]
    public void GetAddresses_OfEveryLink_IncludesLoopbackOnceUp()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.Net);
        using NetlinkClient net = set.OpenNetlink();
        net.SetUp("lo");

        string[] all = [.. net.GetAddresses().Select(a => a.ToString()).Order(StringComparer.Ordinal)];

        Assert.Equal(["127.0.0.1/8", "::1/128"], all);
        Assert.Equal(NetworkScope.Host, net.GetAddresses(family: AddressFamily.InterNetwork).Single().Scope);
    }

    [Fact]
    public void Routes_DefaultViaGateway_OnLinkThroughADevice_InATable_ReplaceAndDelete()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.Net);
        using NetlinkClient net = set.OpenNetlink();
        net.AddVethPair("v0", "v1");
        net.SetUp("v0");
        net.SetUp("v1");
        net.AddAddress("v0", IPAddress.Parse("10.1.0.1"), 24);
        net.AddAddress("v0", IPAddress.Parse("fd00:1::1"), 64, noDad: true);

        net.AddDefaultRoute(IPAddress.Parse("10.1.0.254"));
        net.AddRoute(IPNetwork.Parse("192.168.77.0/24"), device: "v0");
        net.AddRoute(IPNetwork.Parse("10.9.0.0/16"), IPAddress.Parse("10.1.0.253"), table: 100, metric: 7);
        net.AddRoute(IPNetwork.Parse("fd00:9::/64"), IPAddress.Parse("fd00:1::fe"));

        JsonElement[] main = Iproute.Json(set, "route", "show");
        Assert.Equal("10.1.0.254", main.Single(r => r.GetProperty("dst").GetString() == "default").GetProperty("gateway").GetString());
        JsonElement onLink = main.Single(r => r.GetProperty("dst").GetString() == "192.168.77.0/24");
        Assert.Equal("link", onLink.GetProperty("scope").GetString());
        Assert.Equal("v0", onLink.GetProperty("dev").GetString());
        JsonElement inTable = Assert.Single(Iproute.Json(set, "route", "show", "table", "100"));
        Assert.Equal("10.9.0.0/16", inTable.GetProperty("dst").GetString());
        Assert.Equal(7, inTable.GetProperty("metric").GetInt32());
        Assert.Equal("fd00:1::fe", Iproute.Json(set, "-6", "route", "show", "fd00:9::/64").Single().GetProperty("gateway").GetString());

        NetworkRoute[] routes = [.. net.GetRoutes(AddressFamily.InterNetwork)];
        NetworkRoute byDefault = routes.Single(r => r.Destination.PrefixLength == 0);
        Assert.Equal(IPAddress.Parse("10.1.0.254"), byDefault.Gateway);
        Assert.Equal(net.GetLink("v0").Index, byDefault.LinkIndex);
        Assert.Equal(NetworkScope.Link, routes.Single(r => r.Destination == IPNetwork.Parse("192.168.77.0/24")).Scope);
        NetworkRoute tabled = Assert.Single(net.GetRoutes(table: 100));
        Assert.Equal((IPNetwork.Parse("10.9.0.0/16"), 100, 7), (tabled.Destination, tabled.Table, tabled.Metric));
        Assert.Contains(net.GetRoutes(AddressFamily.InterNetworkV6), r => r.Destination == IPNetwork.Parse("fd00:9::/64") && r.Gateway!.Equals(IPAddress.Parse("fd00:1::fe")));

        var duplicate = Assert.Throws<NetlinkException>(() => net.AddDefaultRoute(IPAddress.Parse("10.1.0.253")));
        net.ReplaceRoute(IPNetwork.Parse("0.0.0.0/0"), IPAddress.Parse("10.1.0.253"));

        Assert.Equal((int)Interop.Error.EEXIST, duplicate.Errno);
        Assert.Equal("10.1.0.253", Iproute.Json(set, "route", "show", "default").Single().GetProperty("gateway").GetString());

        net.DeleteRoute(IPNetwork.Parse("0.0.0.0/0"));
        net.DeleteRoute(IPNetwork.Parse("10.9.0.0/16"), table: 100);

        Assert.Empty(Iproute.Json(set, "route", "show", "default"));
        Assert.Empty(Iproute.Json(set, "route", "show", "table", "100"));
        Assert.DoesNotContain(net.GetRoutes(table: 0), r => r.Table == 100);
    }

    [Fact]
    public void AddRoute_OnLink_TakesAGatewayOutsideEveryAddressedSubnet()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.Net);
        using NetlinkClient net = set.OpenNetlink();
        net.AddVethPair("v0", "v1");
        net.SetUp("v0");
        // With no address and lo down the namespace has no local table yet, and the kernel (like `ip ... onlink`) refuses.
        var early = Assert.Throws<NetlinkException>(() => net.AddRoute(IPNetwork.Parse("10.50.0.0/16"), IPAddress.Parse("172.31.0.1"), device: "v0", onLink: true));
        net.SetUp("lo");

        net.AddRoute(IPNetwork.Parse("10.50.0.0/16"), IPAddress.Parse("172.31.0.1"), device: "v0", onLink: true);

        Assert.Equal("Nexthop has invalid gateway", early.KernelMessage);

        JsonElement route = Assert.Single(Iproute.Json(set, "route", "show", "10.50.0.0/16"));
        Assert.Contains("onlink", route.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
    }

    [Fact]
    public void TableAbove255_GoesInRtaTable()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.Net);
        using NetlinkClient net = set.OpenNetlink();
        net.AddVethPair("v0", "v1");
        net.SetUp("v0");

        net.AddRoute(IPNetwork.Parse("10.60.0.0/16"), device: "v0", table: 100000);

        Assert.Equal("10.60.0.0/16", Iproute.Json(set, "route", "show", "table", "100000").Single().GetProperty("dst").GetString());
        Assert.Equal(100000, Assert.Single(net.GetRoutes(table: 100000)).Table);
    }
}

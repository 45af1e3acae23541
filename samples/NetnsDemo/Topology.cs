using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using Namespaces;
using Namespaces.Netlink;

namespace NetnsDemo;

/// <summary>
/// Three network namespaces wired through the netlink client: a bridge in <c>hub</c>, a veth pair from it into
/// <c>red</c> and one into <c>blue</c>, each on a subnet of its own, and <c>hub</c> routing between them — what a CNI
/// bridge plugin does. Only addresses inside these namespaces are used: 10.77.0.0/16 and fd00:77::/32.
/// </summary>
internal static class Topology
{
    public static readonly IPAddress RedV4 = IPAddress.Parse("10.77.1.1"), BlueV4 = IPAddress.Parse("10.77.2.1");
    public static readonly IPAddress RedV6 = IPAddress.Parse("fd00:77:1::1"), BlueV6 = IPAddress.Parse("fd00:77:2::1");
    public static readonly IPNetwork DemoV4 = IPNetwork.Parse("10.77.0.0/16"), DemoV6 = IPNetwork.Parse("fd00:77::/32");

    public static void Wire(NamespaceSet hub, NamespaceSet red, NamespaceSet blue)
    {
        using NetlinkClient net = hub.OpenNetlink();
        net.AddBridge("br0");
        net.SetUp("br0");
        Connect(net, "veth-red", red, RedV4, RedV6, subnet: 1);
        Connect(net, "veth-blue", blue, BlueV4, BlueV6, subnet: 2);
        Probes.EnableForwarding(hub);
    }

    /// <summary>A veth pair from the hub's bridge to <c>eth0</c> in <paramref name="set"/>, the subnet's gateway on the bridge.</summary>
    private static void Connect(NetlinkClient hub, string port, NamespaceSet set, IPAddress v4, IPAddress v6, int subnet)
    {
        hub.AddVethPair(port, peerName: "eth0", peerIn: set); // the peer is created inside set directly
        hub.SetMaster(port, "br0");
        hub.SetUp(port);
        var gatewayV4 = IPAddress.Parse($"10.77.{subnet}.254");
        var gatewayV6 = IPAddress.Parse($"fd00:77:{subnet}::fe");
        hub.AddAddress("br0", gatewayV4, 24);
        hub.AddAddress("br0", gatewayV6, 64, noDad: true);

        using NetlinkClient net = set.OpenNetlink();
        net.SetUp("lo");
        net.AddAddress("eth0", v4, 24);
        net.AddAddress("eth0", v6, 64, noDad: true); // usable at once, no 2 s of duplicate address detection
        net.SetUp("eth0");
        net.AddDefaultRoute(gatewayV4);
        net.AddDefaultRoute(gatewayV6);
    }

    /// <summary>One line of what the kernel says is in <paramref name="set"/>, read back through the client.</summary>
    public static string Describe(string name, NamespaceSet set)
    {
        using NetlinkClient net = set.OpenNetlink();
        IReadOnlyList<NetworkLink> links = net.GetLinks();
        ILookup<int, LinkAddress> addresses = net.GetAddresses().Where(a => a.Scope == NetworkScope.Universe).ToLookup(a => a.LinkIndex);
        var parts = new List<string>();
        foreach (NetworkLink link in links.Where(l => l.Name != "lo" && l.MasterIndex is null))
        {
            string ports = string.Join(", ", links.Where(l => l.MasterIndex == link.Index).Select(l => l.Name));
            parts.Add($"{link.Name} ({link.Kind}, {(link.IsUp ? "up" : "down")}) {string.Join(" ", addresses[link.Index].Select(a => a.ToString()).Order(StringComparer.Ordinal))}" + (ports.Length > 0 ? $"; ports {ports}" : ""));
        }
        IEnumerable<string> gateways = net.GetRoutes().Where(r => r.Destination.PrefixLength == 0).Select(r => $"default via {r.Gateway}");
        parts.AddRange(gateways);
        if (Probes.IsForwarding(set))
        {
            parts.Add("forwarding");
        }

        return $"{name,-5} {string.Join("; ", parts)}";
    }

    /// <summary>Whether anything of the host's own (an address, a link's subnet, a route other than its default) leads into the demo's subnets.</summary>
    public static string HostView()
    {
        using NamespaceSet host = NamespaceSet.Current(NS.Net);
        NetlinkClient net;
        try
        {
            net = host.OpenNetlink();
        }
        catch (NamespaceException e) when (e.ErrnoName == "EPERM")
        {
            return "host  not looked at: rootless, this process may not join the host's network namespace";
        }

        using NetlinkClient _ = net;
        bool Demo(IPAddress a) => DemoV4.Contains(a) || DemoV6.Contains(a);
        string[] found = [
            .. net.GetAddresses().Where(a => Demo(a.Address)).Select(a => "address " + a),
            .. net.GetRoutes().Where(r => r.Destination.PrefixLength > 0 && (Demo(r.Destination.BaseAddress) || r.Destination.Contains(RedV4) || r.Destination.Contains(BlueV4))).Select(r => "route " + r.Destination),
        ];
        return found.Length == 0
            ? $"host  no address or route into {DemoV4} or {DemoV6} (its default route leaves the machine: not tried)"
            : $"host  reaches the demo's subnets through {string.Join(", ", found)} (unexpected)";
    }
}

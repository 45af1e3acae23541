using System.Net.NetworkInformation;

namespace Namespaces.Netlink;

/// <summary>A network interface (a link) as the kernel describes it (RTM_NEWLINK).</summary>
/// <param name="Index">The interface index, unique within its network namespace.</param>
/// <param name="Name">The interface name, e.g. "eth0".</param>
/// <param name="Kind">The driver's kind ("veth", "bridge", "macvlan"...); <see langword="null"/> for devices that have none, such as <c>lo</c>.</param>
/// <param name="IsUp">Whether the link is administratively up (IFF_UP), what <see cref="NetlinkClient.SetUp"/> sets.</param>
/// <param name="OperationalStatus">Whether it can carry traffic (IFLA_OPERSTATE): a veth is <see cref="OperationalStatus.Up"/> only when both ends are up.</param>
/// <param name="Mtu">The MTU in bytes.</param>
/// <param name="MacAddress">The link-layer address; <see langword="null"/> when the link has none.</param>
/// <param name="MasterIndex">The index of the bridge (or other master) it is enslaved to, if any.</param>
/// <param name="ParentIndex">IFLA_LINK: the lower device of a macvlan, ipvlan or VLAN, or a veth's peer (whose index may be in another namespace).</param>
public sealed record NetworkLink(
    int Index,
    string Name,
    string? Kind,
    bool IsUp,
    OperationalStatus OperationalStatus,
    int Mtu,
    PhysicalAddress? MacAddress,
    int? MasterIndex,
    int? ParentIndex);

/// <summary>How a macvlan link reaches its siblings on the same parent (linux/if_link.h MACVLAN_MODE_*).</summary>
public enum MacvlanMode
{
    /// <summary>No traffic between siblings.</summary>
    Private = 1,

    /// <summary>Sibling traffic goes out to the switch and back (802.1Qbg VEPA).</summary>
    Vepa = 2,

    /// <summary>Siblings talk directly, as on a bridge: what containers usually want.</summary>
    Bridge = 4,

    /// <summary>One macvlan takes over the parent.</summary>
    Passthru = 8,
}

/// <summary>The layer at which an ipvlan link shares its parent (linux/if_link.h IPVLAN_MODE_*).</summary>
public enum IpvlanMode
{
    /// <summary>Layer 2: the parent's MAC address, ARP/ND done by each link.</summary>
    L2 = 0,

    /// <summary>Layer 3: routed through the parent, no broadcast or multicast.</summary>
    L3 = 1,

    /// <summary>Layer 3 with netfilter (conntrack) on the parent's side.</summary>
    L3S = 2,
}

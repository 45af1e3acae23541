using System.Net;

namespace Namespaces.Netlink;

/// <summary>A route (RTM_NEWROUTE).</summary>
/// <param name="Destination">The destination subnet; 0.0.0.0/0 or ::/0 for a default route.</param>
/// <param name="Gateway">The next hop (RTA_GATEWAY); <see langword="null"/> for a route straight onto a link.</param>
/// <param name="LinkIndex">The index of the output link (RTA_OIF).</param>
/// <param name="Table">The routing table, e.g. <see cref="RouteTable.Main"/>.</param>
/// <param name="Scope">How far the destination is: <see cref="NetworkScope.Link"/> for an attached subnet.</param>
/// <param name="Type">Unicast, local, blackhole...</param>
/// <param name="Metric">The priority (RTA_PRIORITY), lower first; <see langword="null"/> when unset.</param>
/// <param name="PreferredSource">The source address used by default (RTA_PREFSRC).</param>
/// <param name="Protocol">Who installed it (RTPROT_*): 2 the kernel, 3 `ip route add` and this client, 4 static.</param>
public sealed record NetworkRoute(
    IPNetwork Destination,
    IPAddress? Gateway,
    int? LinkIndex,
    int Table,
    NetworkScope Scope,
    RouteType Type,
    int? Metric,
    IPAddress? PreferredSource,
    int Protocol);

/// <summary>Well-known routing tables (linux/rtnetlink.h RT_TABLE_*); any other number up to 2^32-1 is a table of its own.</summary>
public static class RouteTable
{
    /// <summary>The table `ip route` shows and changes by default.</summary>
    public const int Main = 254;

    /// <summary>Local and broadcast addresses, kept by the kernel.</summary>
    public const int Local = 255;

    /// <summary>The table consulted last.</summary>
    public const int Default = 253;
}

/// <summary>A route's type (linux/rtnetlink.h RTN_*).</summary>
public enum RouteType : byte
{
    /// <summary>Unknown.</summary>
    Unspecified = 0,

    /// <summary>A gateway or a directly attached subnet.</summary>
    Unicast = 1,

    /// <summary>A local address.</summary>
    Local = 2,

    /// <summary>Broadcast, sent as such.</summary>
    Broadcast = 3,

    /// <summary>A local broadcast address, sent as unicast.</summary>
    Anycast = 4,

    /// <summary>A multicast route.</summary>
    Multicast = 5,

    /// <summary>Dropped silently.</summary>
    Blackhole = 6,

    /// <summary>Refused with "network unreachable".</summary>
    Unreachable = 7,

    /// <summary>Refused with "prohibited".</summary>
    Prohibit = 8,

    /// <summary>The lookup continues in the next table.</summary>
    Throw = 9,
}

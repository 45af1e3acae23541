using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using static Interop.Netlink;

namespace Namespaces.Netlink;

public sealed partial class NetlinkClient
{
    /// <summary>Lists routes (`ip route show [table TABLE]`, `ip -6 route show`).</summary>
    /// <param name="family">IPv4 or IPv6 routes only; <see cref="AddressFamily.Unspecified"/> for both.</param>
    /// <param name="table">One table (<see cref="RouteTable.Main"/> by default), or 0 for every table.</param>
    /// <returns>The routes.</returns>
    public IReadOnlyList<NetworkRoute> GetRoutes(AddressFamily family = AddressFamily.Unspecified, int table = RouteTable.Main)
    {
        CheckAddressQuery(null, family);
        using (_socket.Enter())
        {
            return DumpRoutes(family, table);
        }
    }

    /// <summary>Lists routes; waits for another thread's request without blocking.</summary>
    /// <param name="family">IPv4 or IPv6 routes only; <see cref="AddressFamily.Unspecified"/> for both.</param>
    /// <param name="table">One table (<see cref="RouteTable.Main"/> by default), or 0 for every table.</param>
    /// <param name="cancellationToken">Cancels the wait for another request to finish.</param>
    /// <returns>The routes.</returns>
    public async ValueTask<IReadOnlyList<NetworkRoute>> GetRoutesAsync(AddressFamily family = AddressFamily.Unspecified, int table = RouteTable.Main, CancellationToken cancellationToken = default)
    {
        CheckAddressQuery(null, family);
        using (await _socket.EnterAsync(cancellationToken).ConfigureAwait(false))
        {
            return DumpRoutes(family, table);
        }
    }

    /// <summary>
    /// Adds a route (`ip route add DESTINATION [via GATEWAY] [dev DEVICE] [table TABLE] [metric METRIC] [onlink]`): through a
    /// gateway, or straight onto a link (<paramref name="device"/> without <paramref name="gateway"/>: scope link).
    /// </summary>
    /// <param name="destination">The destination subnet; <c>IPNetwork.Parse("0.0.0.0/0")</c> for a default route.</param>
    /// <param name="gateway">The next hop, or <see langword="null"/> for a route onto <paramref name="device"/>.</param>
    /// <param name="device">The output link's name; needed without a gateway, and for an IPv6 link-local gateway.</param>
    /// <param name="table">The routing table.</param>
    /// <param name="metric">The priority; lower wins.</param>
    /// <param name="onLink">Use the gateway even if no address on <paramref name="device"/> covers it (RTNH_F_ONLINK).</param>
    /// <exception cref="NetlinkException">EEXIST: the route exists (use <see cref="ReplaceRoute"/>); ENETUNREACH: the gateway is not reachable.</exception>
    public void AddRoute(IPNetwork destination, IPAddress? gateway = null, string? device = null, int table = RouteTable.Main, int? metric = null, bool onLink = false) =>
        ChangeRoute(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, destination, gateway, device, table, metric, onLink, new NetlinkOperation("Adding route", destination.BaseAddress, destination.PrefixLength, gateway is null ? "dev" : "via", (object?)gateway ?? device));

    /// <summary>Adds a route, or replaces the one to the same destination (`ip route replace ...`).</summary>
    /// <param name="destination">The destination subnet.</param>
    /// <param name="gateway">The next hop, or <see langword="null"/> for a route onto <paramref name="device"/>.</param>
    /// <param name="device">The output link's name.</param>
    /// <param name="table">The routing table.</param>
    /// <param name="metric">The priority; lower wins.</param>
    /// <param name="onLink">Use the gateway even if no address on <paramref name="device"/> covers it.</param>
    public void ReplaceRoute(IPNetwork destination, IPAddress? gateway = null, string? device = null, int table = RouteTable.Main, int? metric = null, bool onLink = false) =>
        ChangeRoute(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_REPLACE, destination, gateway, device, table, metric, onLink, new NetlinkOperation("Replacing route", destination.BaseAddress, destination.PrefixLength, gateway is null ? "dev" : "via", (object?)gateway ?? device));

    /// <summary>Adds a default route through <paramref name="gateway"/> (`ip route add default via GATEWAY`).</summary>
    /// <param name="gateway">The next hop, IPv4 or IPv6.</param>
    /// <param name="device">The output link's name, if it must be given.</param>
    /// <param name="table">The routing table.</param>
    public void AddDefaultRoute(IPAddress gateway, string? device = null, int table = RouteTable.Main)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        AddRoute(new IPNetwork(gateway.AddressFamily == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, 0), gateway, device, table);
    }

    /// <summary>Deletes a route (`ip route del DESTINATION [via GATEWAY] [dev DEVICE] [table TABLE]`); what is not given matches anything.</summary>
    /// <param name="destination">The destination subnet.</param>
    /// <param name="gateway">Only the route through this gateway.</param>
    /// <param name="device">Only the route through this link.</param>
    /// <param name="table">The routing table.</param>
    /// <exception cref="NetlinkException">ESRCH: no such route.</exception>
    public void DeleteRoute(IPNetwork destination, IPAddress? gateway = null, string? device = null, int table = RouteTable.Main) =>
        ChangeRoute(RTM_DELROUTE, 0, destination, gateway, device, table, null, false, new NetlinkOperation("Deleting route", destination.BaseAddress, destination.PrefixLength, gateway is null ? "dev" : "via", (object?)gateway ?? device));

    private List<NetworkRoute> DumpRoutes(AddressFamily family, int table)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(table);
        NetlinkWriter writer = _socket.BeginRequest(RTM_GETROUTE, NLM_F_DUMP);
        writer.Struct(new RtMsg { Family = AddressMessages.Family(family) });
        return _socket.Dump<RouteMessages.Decoder, NetworkRoute>(writer.Finish(), new NetlinkOperation("Listing routes"), new RouteMessages.Decoder(table));
    }

    private void ChangeRoute(ushort type, ushort flags, IPNetwork destination, IPAddress? gateway, string? device, int table, int? metric, bool onLink, in NetlinkOperation operation)
    {
        RouteMessages.Check(destination, gateway, table);
        if (device is not null)
        {
            LinkMessages.CheckName(device, nameof(device));
        }
        else if (gateway is null && type != RTM_DELROUTE)
        {
            throw new ArgumentException($"A route to {destination} needs a gateway, a device, or both.", nameof(gateway));
        }

        using (_socket.Enter())
        {
            int index = device is null ? 0 : IndexOf(device, operation);
            NetlinkWriter writer = _socket.BeginRequest(type, (ushort)(NLM_F_ACK | flags));
            RouteMessages.Write(ref writer, type == RTM_DELROUTE, destination, gateway, index, table, metric, onLink);
            Acknowledge(ref writer, operation);
        }
    }
}

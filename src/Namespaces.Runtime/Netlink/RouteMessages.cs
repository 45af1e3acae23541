using System;
using System.Net;
using System.Net.Sockets;
using static Interop.Netlink;

namespace Namespaces.Netlink;

/// <summary>RTM_*ROUTE requests and their decoding.</summary>
internal static class RouteMessages
{
    /// <summary>Rejects a gateway of another family than the destination, and table 0 (which the kernel reads as "any").</summary>
    internal static void Check(IPNetwork destination, IPAddress? gateway, int table)
    {
        if (gateway is not null && gateway.AddressFamily != destination.BaseAddress.AddressFamily)
        {
            throw new ArgumentException($"The gateway {gateway} is not of the family of the destination {destination}.", nameof(gateway));
        }

        if (table <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(table), table, "A routing table is a number from 1 (RouteTable.Main is 254).");
        }
    }

    /// <summary>
    /// The body of RTM_NEWROUTE and RTM_DELROUTE, as `ip route` builds it: through a gateway the scope is universe, straight
    /// onto a link it is link; a delete matches any scope and protocol (RT_SCOPE_NOWHERE, protocol 0).
    /// </summary>
    internal static void Write(ref NetlinkWriter writer, bool delete, IPNetwork destination, IPAddress? gateway, int linkIndex, int table, int? metric, bool onLink)
    {
        writer.Struct(new RtMsg
        {
            Family = AddressMessages.Family(destination.BaseAddress.AddressFamily),
            DestinationLength = (byte)destination.PrefixLength,
            Table = table < 256 ? (byte)table : RT_TABLE_UNSPEC, // larger numbers only fit RTA_TABLE
            Protocol = delete ? (byte)0 : RTPROT_BOOT,
            Scope = delete ? RT_SCOPE_NOWHERE : gateway is null && linkIndex != 0 ? RT_SCOPE_LINK : RT_SCOPE_UNIVERSE,
            Type = delete ? (byte)0 : RTN_UNICAST,
            Flags = onLink ? RTNH_F_ONLINK : 0,
        });
        writer.U32(RTA_TABLE, (uint)table);
        if (destination.PrefixLength > 0)
        {
            writer.Address(RTA_DST, destination.BaseAddress);
        }

        if (gateway is not null)
        {
            writer.Address(RTA_GATEWAY, gateway);
        }

        if (linkIndex != 0)
        {
            writer.U32(RTA_OIF, (uint)linkIndex);
        }

        if (metric is int priority)
        {
            writer.U32(RTA_PRIORITY, (uint)priority);
        }
    }

    /// <summary>Routes of one table (0: every table).</summary>
    internal readonly struct Decoder(int table) : IMessageDecoder<NetworkRoute>
    {
        public bool TryDecode(ushort type, ReadOnlySpan<byte> payload, out NetworkRoute value)
        {
            value = null!;
            RtMsg header = NetlinkRead.Header<RtMsg>(payload, out ReadOnlySpan<byte> attributes);
            if (type != RTM_NEWROUTE || header.Family is not (AddressMessages.AF_INET or AddressMessages.AF_INET6))
            {
                return false;
            }

            int routeTable = header.Table;
            IPAddress? destination = null, gateway = null, source = null;
            int? oif = null, metric = null;
            var reader = new AttributeReader(attributes);
            while (reader.TryRead(out ushort attribute, out ReadOnlySpan<byte> data))
            {
                switch (attribute)
                {
                    case RTA_TABLE:
                        routeTable = (int)NetlinkRead.U32(data);
                        break;
                    case RTA_DST:
                        destination = NetlinkRead.Address(data);
                        break;
                    case RTA_GATEWAY:
                        gateway = NetlinkRead.Address(data);
                        break;
                    case RTA_OIF:
                        oif = (int)NetlinkRead.U32(data);
                        break;
                    case RTA_PRIORITY:
                        metric = (int)NetlinkRead.U32(data);
                        break;
                    case RTA_PREFSRC:
                        source = NetlinkRead.Address(data);
                        break;
                }
            }
            if (table != 0 && routeTable != table)
            {
                return false;
            }

            destination ??= header.Family == AddressMessages.AF_INET ? IPAddress.Any : IPAddress.IPv6Any;
            value = new NetworkRoute(new IPNetwork(destination, header.DestinationLength), gateway, oif, routeTable,
                (NetworkScope)header.Scope, (RouteType)header.Type, metric, source, header.Protocol);
            return true;
        }
    }
}

using System;
using System.Net.NetworkInformation;
using System.Text;
using static Interop.Netlink;

namespace Namespaces.Netlink;

/// <summary>RTM_*LINK requests and their decoding.</summary>
internal static class LinkMessages
{
    // linux/rtnetlink.h: RTEXT_FILTER_SKIP_STATS, so that a dump carries no per-link statistics nobody asked for.
    private const ushort IFLA_EXT_MASK = 29;
    private const uint RTEXT_FILTER_SKIP_STATS = 1 << 3;

    /// <summary>Rejects what the kernel would (a name is 1 to 15 bytes: IFNAMSIZ with its NUL) before a request is built.</summary>
    internal static void CheckName(string name, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(name, parameterName);
        int bytes = Encoding.UTF8.GetByteCount(name);
        if (bytes is 0 or >= IFNAMSIZ)
        {
            throw new ArgumentException($"A link name is 1 to {IFNAMSIZ - 1} bytes long; '{name}' has {bytes}.", parameterName);
        }
    }

    /// <summary>A request about the link named <paramref name="name"/>: the kernel looks it up by IFLA_IFNAME when the index is 0.</summary>
    internal static void ByName(ref NetlinkWriter writer, string name, uint flags = 0, uint change = 0)
    {
        writer.Struct(new IfInfoMsg { Flags = flags, Change = change });
        writer.String(IFLA_IFNAME, name);
    }

    internal static void ByIndex(ref NetlinkWriter writer, int index)
    {
        writer.Struct(new IfInfoMsg { Index = index });
    }

    internal static void SkipStatistics(ref NetlinkWriter writer) => writer.U32(IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);

    /// <summary>RTM_NEWLINK's body for a new link: its name, its parent, IFLA_LINKINFO with the kind and the kind's data.</summary>
    internal static void Create(ref NetlinkWriter writer, string name, string kind, int parentIndex, in LinkData data)
    {
        ByName(ref writer, name);
        if (parentIndex != 0)
        {
            writer.U32(IFLA_LINK, (uint)parentIndex);
        }

        int info = writer.BeginNested(IFLA_LINKINFO);
        writer.String(IFLA_INFO_KIND, kind);
        if (data.Kind != LinkDataKind.None)
        {
            int kindData = writer.BeginNested(IFLA_INFO_DATA);
            switch (data.Kind)
            {
                case LinkDataKind.U16:
                    writer.U16(data.Type, (ushort)data.Value);
                    break;
                case LinkDataKind.U32:
                    writer.U32(data.Type, data.Value);
                    break;
                case LinkDataKind.VethPeer:
                    // VETH_INFO_PEER holds a whole ifinfomsg and its attributes; IFLA_NET_NS_FD creates the peer there.
                    int peer = writer.BeginNested(VETH_INFO_PEER);
                    ByName(ref writer, data.PeerName!);
                    if (data.Value != uint.MaxValue)
                    {
                        writer.U32(IFLA_NET_NS_FD, data.Value);
                    }

                    writer.EndNested(peer);
                    break;
            }
            writer.EndNested(kindData);
        }
        writer.EndNested(info);
    }

    /// <summary>A link's index only: name lookups before address and route requests allocate nothing.</summary>
    internal readonly struct IndexDecoder : IMessageDecoder<int>
    {
        public bool TryDecode(ushort type, ReadOnlySpan<byte> payload, out int value)
        {
            value = NetlinkRead.Header<IfInfoMsg>(payload, out _).Index;
            return type == RTM_NEWLINK;
        }
    }

    internal readonly struct Decoder : IMessageDecoder<NetworkLink>
    {
        public bool TryDecode(ushort type, ReadOnlySpan<byte> payload, out NetworkLink value)
        {
            value = null!;
            if (type != RTM_NEWLINK)
            {
                return false;
            }

            IfInfoMsg header = NetlinkRead.Header<IfInfoMsg>(payload, out ReadOnlySpan<byte> attributes);
            string name = "";
            string? kind = null;
            int mtu = 0;
            PhysicalAddress? mac = null;
            int? master = null, parent = null;
            OperationalStatus status = OperationalStatus.Unknown;
            var reader = new AttributeReader(attributes);
            while (reader.TryRead(out ushort attribute, out ReadOnlySpan<byte> data))
            {
                switch (attribute)
                {
                    case IFLA_IFNAME:
                        name = NetlinkRead.String(data);
                        break;
                    case IFLA_MTU:
                        mtu = (int)NetlinkRead.U32(data);
                        break;
                    case IFLA_ADDRESS:
                        mac = new PhysicalAddress(data.ToArray());
                        break;
                    case IFLA_MASTER:
                        master = (int)NetlinkRead.U32(data);
                        break;
                    case IFLA_LINK:
                        parent = (int)NetlinkRead.U32(data);
                        break;
                    case IFLA_OPERSTATE:
                        status = OperationalState(NetlinkRead.U8(data));
                        break;
                    case IFLA_LINKINFO:
                        kind = Kind(data);
                        break;
                }
            }
            value = new NetworkLink(header.Index, name, kind, (header.Flags & IFF_UP) != 0, status, mtu, mac, master, parent);
            return true;
        }

        private static string? Kind(ReadOnlySpan<byte> linkInfo)
        {
            var reader = new AttributeReader(linkInfo);
            while (reader.TryRead(out ushort attribute, out ReadOnlySpan<byte> data))
            {
                if (attribute == IFLA_INFO_KIND)
                {
                    return NetlinkRead.String(data);
                }
            }
            return null;
        }

        // linux/if.h IF_OPER_*: UNKNOWN, NOTPRESENT, DOWN, LOWERLAYERDOWN, TESTING, DORMANT, UP.
        private static OperationalStatus OperationalState(byte state) => state switch
        {
            1 => OperationalStatus.NotPresent,
            2 => OperationalStatus.Down,
            3 => OperationalStatus.LowerLayerDown,
            4 => OperationalStatus.Testing,
            5 => OperationalStatus.Dormant,
            6 => OperationalStatus.Up,
            _ => OperationalStatus.Unknown,
        };
    }
}

internal enum LinkDataKind : byte
{
    None,
    U16,
    U32,
    VethPeer,
}

/// <summary>What goes in IFLA_INFO_DATA for a kind: one number (a mode, a VLAN id) or a veth's peer.</summary>
internal readonly struct LinkData(LinkDataKind kind, ushort type = 0, uint value = 0, string? peerName = null)
{
    public LinkDataKind Kind { get; } = kind;

    public ushort Type { get; } = type;

    /// <summary>The number; for a veth peer, the descriptor of its network namespace (uint.MaxValue: the same namespace).</summary>
    public uint Value { get; } = value;

    public string? PeerName { get; } = peerName;
}

using System;
using System.Net;
using System.Net.Sockets;
using static Interop.Netlink;

namespace Namespaces.Netlink;

/// <summary>RTM_*ADDR requests and their decoding.</summary>
internal static class AddressMessages
{
    internal const byte AF_INET = 2;
    internal const byte AF_INET6 = 10;

    internal static byte Family(AddressFamily family) => family switch
    {
        AddressFamily.InterNetwork => AF_INET,
        AddressFamily.InterNetworkV6 => AF_INET6,
        _ => 0,
    };

    /// <summary>Rejects an address that is neither IPv4 nor IPv6, or a prefix longer than the address.</summary>
    internal static void Check(IPAddress address, int prefixLength, string addressName, string prefixName)
    {
        ArgumentNullException.ThrowIfNull(address, addressName);
        int bits = address.AddressFamily switch
        {
            AddressFamily.InterNetwork => 32,
            AddressFamily.InterNetworkV6 => 128,
            _ => throw new ArgumentException($"{address} is neither IPv4 nor IPv6.", addressName),
        };
        if (prefixLength < 0 || prefixLength > bits)
        {
            throw new ArgumentOutOfRangeException(prefixName, prefixLength, $"A prefix of {address} is 0 to {bits} bits long.");
        }
    }

    /// <summary>The body of RTM_NEWADDR and RTM_DELADDR: ifaddrmsg, IFA_LOCAL and IFA_ADDRESS (the same address: no peer), IFA_FLAGS.</summary>
    internal static void Write(ref NetlinkWriter writer, int linkIndex, IPAddress address, int prefixLength, uint flags)
    {
        writer.Struct(new IfAddrMsg
        {
            Family = Family(address.AddressFamily),
            PrefixLength = (byte)prefixLength,
            Flags = (byte)flags,
            Index = linkIndex,
        });
        writer.Address(IFA_LOCAL, address);
        writer.Address(IFA_ADDRESS, address);
        if (flags != 0)
        {
            writer.U32(IFA_FLAGS, flags); // the u8 in ifaddrmsg is too small for the newer flags
        }
    }

    /// <summary>Addresses of one link (0: all) and one family (<see cref="AddressFamily.Unspecified"/>: both).</summary>
    internal readonly struct Decoder(int linkIndex) : IMessageDecoder<LinkAddress>
    {
        public bool TryDecode(ushort type, ReadOnlySpan<byte> payload, out LinkAddress value)
        {
            value = null!;
            IfAddrMsg header = NetlinkRead.Header<IfAddrMsg>(payload, out ReadOnlySpan<byte> attributes);
            if (type != RTM_NEWADDR || (linkIndex != 0 && header.Index != linkIndex))
            {
                return false;
            }

            IPAddress? address = null, local = null;
            string? label = null;
            uint flags = header.Flags;
            var reader = new AttributeReader(attributes);
            while (reader.TryRead(out ushort attribute, out ReadOnlySpan<byte> data))
            {
                switch (attribute)
                {
                    case IFA_ADDRESS:
                        address = NetlinkRead.Address(data);
                        break;
                    case IFA_LOCAL:
                        local = NetlinkRead.Address(data);
                        break;
                    case IFA_LABEL:
                        label = NetlinkRead.String(data);
                        break;
                    case IFA_FLAGS:
                        flags = NetlinkRead.U32(data);
                        break;
                }
            }
            IPAddress? own = local ?? address; // IFA_ADDRESS is the peer's on a point-to-point link
            if (own is null)
            {
                return false;
            }

            value = new LinkAddress(header.Index, own, header.PrefixLength, (NetworkScope)header.Scope, (AddressFlags)flags, label);
            return true;
        }
    }
}

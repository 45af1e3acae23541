using System.Runtime.InteropServices;

internal static partial class Interop
{
    /// <summary>
    /// NETLINK_ROUTE's wire format: the numbers and structs of linux/netlink.h, rtnetlink.h, if_link.h, if_addr.h and
    /// veth.h (Debian's linux-libc-dev), with the kernel's names. Host byte order throughout.
    /// </summary>
    internal static class Netlink
    {
        // linux/netlink.h
        internal const int NETLINK_ROUTE = 0;
        internal const int SOL_NETLINK = 270;
        internal const int NETLINK_CAP_ACK = 10;
        internal const int NETLINK_EXT_ACK = 11;
        internal const int NETLINK_GET_STRICT_CHK = 12;

        internal const ushort NLMSG_NOOP = 1;
        internal const ushort NLMSG_ERROR = 2;
        internal const ushort NLMSG_DONE = 3;

        internal const ushort NLM_F_REQUEST = 0x01;
        internal const ushort NLM_F_MULTI = 0x02;
        internal const ushort NLM_F_ACK = 0x04;
        internal const ushort NLM_F_DUMP_INTR = 0x10;
        internal const ushort NLM_F_DUMP = 0x300; // NLM_F_ROOT | NLM_F_MATCH
        internal const ushort NLM_F_REPLACE = 0x100;
        internal const ushort NLM_F_EXCL = 0x200;
        internal const ushort NLM_F_CREATE = 0x400;
        internal const ushort NLM_F_CAPPED = 0x100; // on an NLMSG_ERROR: the request was not echoed
        internal const ushort NLM_F_ACK_TLVS = 0x200; // on an NLMSG_ERROR: extended-ACK attributes follow

        internal const ushort NLMSGERR_ATTR_MSG = 1;
        internal const ushort NLMSGERR_ATTR_OFFS = 2;

        internal const int NLMSG_ALIGNTO = 4;
        internal const int NLA_ALIGNTO = 4;
        internal const ushort NLA_F_NESTED = 0x8000;
        internal const ushort NLA_TYPE_MASK = 0x3fff; // without NLA_F_NESTED and NLA_F_NET_BYTEORDER

        // linux/rtnetlink.h: message types
        internal const ushort RTM_NEWLINK = 16;
        internal const ushort RTM_DELLINK = 17;
        internal const ushort RTM_GETLINK = 18;
        internal const ushort RTM_NEWADDR = 20;
        internal const ushort RTM_DELADDR = 21;
        internal const ushort RTM_GETADDR = 22;
        internal const ushort RTM_NEWROUTE = 24;
        internal const ushort RTM_DELROUTE = 25;
        internal const ushort RTM_GETROUTE = 26;

        // linux/rtnetlink.h: routes
        internal const byte RTPROT_BOOT = 3; // what `ip route add` uses unless told otherwise
        internal const byte RT_SCOPE_UNIVERSE = 0;
        internal const byte RT_SCOPE_LINK = 253;
        internal const byte RT_SCOPE_NOWHERE = 255;
        internal const byte RTN_UNICAST = 1;
        internal const byte RT_TABLE_UNSPEC = 0;
        internal const uint RTNH_F_ONLINK = 4;
        internal const ushort RTA_DST = 1;
        internal const ushort RTA_OIF = 4;
        internal const ushort RTA_GATEWAY = 5;
        internal const ushort RTA_PRIORITY = 6;
        internal const ushort RTA_PREFSRC = 7;
        internal const ushort RTA_TABLE = 15;

        // linux/if_link.h
        internal const ushort IFLA_ADDRESS = 1;
        internal const ushort IFLA_IFNAME = 3;
        internal const ushort IFLA_MTU = 4;
        internal const ushort IFLA_LINK = 5;
        internal const ushort IFLA_MASTER = 10;
        internal const ushort IFLA_OPERSTATE = 16;
        internal const ushort IFLA_LINKINFO = 18;
        internal const ushort IFLA_NET_NS_FD = 28;
        internal const ushort IFLA_LINK_NETNSID = 37;
        internal const ushort IFLA_INFO_KIND = 1;
        internal const ushort IFLA_INFO_DATA = 2;
        internal const ushort IFLA_VLAN_ID = 1;
        internal const ushort IFLA_MACVLAN_MODE = 1;
        internal const ushort IFLA_IPVLAN_MODE = 1;
        internal const int IFNAMSIZ = 16; // linux/if.h: names are at most 15 bytes and a NUL
        internal const uint IFF_UP = 0x1;

        // linux/veth.h
        internal const ushort VETH_INFO_PEER = 1;

        // linux/if_addr.h
        internal const ushort IFA_ADDRESS = 1;
        internal const ushort IFA_LOCAL = 2;
        internal const ushort IFA_LABEL = 3;
        internal const ushort IFA_FLAGS = 8;
        internal const uint IFA_F_NODAD = 0x02;

        /// <summary>struct sockaddr_nl.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct SockAddrNetlink
        {
            internal ushort Family;
            internal ushort Pad;
            internal uint PortId;
            internal uint Groups;
        }

        /// <summary>struct nlmsghdr.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct NlMsgHdr
        {
            internal uint Length;
            internal ushort Type;
            internal ushort Flags;
            internal uint Sequence;
            internal uint PortId;
        }

        /// <summary>struct nlmsgerr: the errno (negative, 0 for an ACK) and the header of the request it answers.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct NlMsgErr
        {
            internal int Error;
            internal NlMsgHdr Request;
        }

        /// <summary>struct nlattr (rtattr has the same layout).</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct NlAttr
        {
            internal ushort Length;
            internal ushort Type;
        }

        /// <summary>struct ifinfomsg.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct IfInfoMsg
        {
            internal byte Family;
            internal byte Pad;
            internal ushort Type;
            internal int Index;
            internal uint Flags;
            internal uint Change;
        }

        /// <summary>struct ifaddrmsg.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct IfAddrMsg
        {
            internal byte Family;
            internal byte PrefixLength;
            internal byte Flags;
            internal byte Scope;
            internal int Index;
        }

        /// <summary>struct rtmsg.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct RtMsg
        {
            internal byte Family;
            internal byte DestinationLength;
            internal byte SourceLength;
            internal byte Tos;
            internal byte Table;
            internal byte Protocol;
            internal byte Scope;
            internal byte Type;
            internal uint Flags;
        }
    }
}

using System;
using System.Net;

namespace Namespaces.Netlink;

/// <summary>An address on a link (RTM_NEWADDR).</summary>
/// <param name="LinkIndex">The index of the link it is on.</param>
/// <param name="Address">The address (for IPv4, the local address, IFA_LOCAL).</param>
/// <param name="PrefixLength">The length of the subnet prefix, e.g. 24.</param>
/// <param name="Scope">Where the address is valid: <see cref="NetworkScope.Host"/> for 127.0.0.1, <see cref="NetworkScope.Link"/> for fe80::/10.</param>
/// <param name="Flags">The kernel's IFA_F_* flags: <see cref="AddressFlags.Tentative"/> while IPv6 duplicate address detection runs.</param>
/// <param name="Label">The IPv4 label (IFA_LABEL), by default the link's name; <see langword="null"/> for IPv6.</param>
public sealed record LinkAddress(int LinkIndex, IPAddress Address, int PrefixLength, NetworkScope Scope, AddressFlags Flags, string? Label)
{
    /// <summary>"10.1.0.1/24", as iproute2 prints it.</summary>
    public override string ToString() => $"{Address}/{PrefixLength}";
}

/// <summary>An address's IFA_F_* flags (linux/if_addr.h).</summary>
[Flags]
public enum AddressFlags : uint
{
    /// <summary>No flag.</summary>
    None = 0,

    /// <summary>A secondary IPv4 address, or a temporary (privacy) IPv6 one.</summary>
    Secondary = 0x01,

    /// <summary>No duplicate address detection: the address is usable at once.</summary>
    NoDad = 0x02,

    /// <summary>Optimistic duplicate address detection.</summary>
    Optimistic = 0x04,

    /// <summary>Duplicate address detection found the address in use.</summary>
    DadFailed = 0x08,

    /// <summary>A Mobile IPv6 home address.</summary>
    HomeAddress = 0x10,

    /// <summary>Past its preferred lifetime.</summary>
    Deprecated = 0x20,

    /// <summary>Duplicate address detection has not finished: the address cannot be bound to yet.</summary>
    Tentative = 0x40,

    /// <summary>Configured (not autoconfigured), without a lifetime.</summary>
    Permanent = 0x80,

    /// <summary>The kernel manages temporary addresses from this one.</summary>
    ManageTemporaryAddress = 0x100,

    /// <summary>No prefix route is added for the subnet.</summary>
    NoPrefixRoute = 0x200,

    /// <summary>The multicast group is joined automatically.</summary>
    MulticastAutoJoin = 0x400,

    /// <summary>A stable-privacy (RFC 7217) address.</summary>
    StablePrivacy = 0x800,
}

/// <summary>How far an address or a route reaches (the kernel's RT_SCOPE_* numbers, shared by both).</summary>
public enum NetworkScope : byte
{
    /// <summary>Everywhere (global).</summary>
    Universe = 0,

    /// <summary>Within the site (IPv6 site-local).</summary>
    Site = 200,

    /// <summary>On the link only: directly attached subnets, link-local addresses.</summary>
    Link = 253,

    /// <summary>This host only: loopback, local addresses.</summary>
    Host = 254,

    /// <summary>Nowhere: a destination that does not exist.</summary>
    Nowhere = 255,
}

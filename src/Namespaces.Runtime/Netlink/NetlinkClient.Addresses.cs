using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using static Interop.Netlink;

namespace Namespaces.Netlink;

public sealed partial class NetlinkClient
{
    /// <summary>Lists addresses (`ip addr show [dev LINK]`).</summary>
    /// <param name="link">Only this link's addresses; <see langword="null"/> for every link's.</param>
    /// <param name="family">Only IPv4 or only IPv6; <see cref="AddressFamily.Unspecified"/> for both.</param>
    /// <returns>The addresses.</returns>
    /// <exception cref="NetlinkException">ENODEV: no link named <paramref name="link"/>.</exception>
    public IReadOnlyList<LinkAddress> GetAddresses(string? link = null, AddressFamily family = AddressFamily.Unspecified)
    {
        CheckAddressQuery(link, family);
        using (_socket.Enter())
        {
            return DumpAddresses(link, family);
        }
    }

    /// <summary>Lists addresses; waits for another thread's request without blocking.</summary>
    /// <param name="link">Only this link's addresses; <see langword="null"/> for every link's.</param>
    /// <param name="family">Only IPv4 or only IPv6; <see cref="AddressFamily.Unspecified"/> for both.</param>
    /// <param name="cancellationToken">Cancels the wait for another request to finish.</param>
    /// <returns>The addresses.</returns>
    public async ValueTask<IReadOnlyList<LinkAddress>> GetAddressesAsync(string? link = null, AddressFamily family = AddressFamily.Unspecified, CancellationToken cancellationToken = default)
    {
        CheckAddressQuery(link, family);
        using (await _socket.EnterAsync(cancellationToken).ConfigureAwait(false))
        {
            return DumpAddresses(link, family);
        }
    }

    /// <summary>Adds an address to a link (`ip addr add ADDRESS/PREFIX dev LINK [nodad]`); the subnet's route comes with it.</summary>
    /// <param name="link">The link's name.</param>
    /// <param name="address">The address, IPv4 or IPv6.</param>
    /// <param name="prefixLength">The subnet's prefix length, e.g. 24 or 64.</param>
    /// <param name="noDad">IPv6: skip duplicate address detection, so that the address can be bound to at once instead of after about 2 s (IFA_F_NODAD).</param>
    /// <exception cref="NetlinkException">EEXIST: the link has it already; ENODEV: no such link.</exception>
    public void AddAddress(string link, IPAddress address, int prefixLength, bool noDad = false) =>
        ChangeAddress(RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, link, address, prefixLength, noDad ? IFA_F_NODAD : 0,
            new NetlinkOperation("Adding address", address, prefixLength, "to", link));

    /// <summary>Removes an address from a link (`ip addr del ADDRESS/PREFIX dev LINK`).</summary>
    /// <param name="link">The link's name.</param>
    /// <param name="address">The address.</param>
    /// <param name="prefixLength">Its prefix length.</param>
    /// <exception cref="NetlinkException">EADDRNOTAVAIL: the link does not have it.</exception>
    public void DeleteAddress(string link, IPAddress address, int prefixLength) =>
        ChangeAddress(RTM_DELADDR, 0, link, address, prefixLength, 0, new NetlinkOperation("Deleting address", address, prefixLength, "from", link));

    private static void CheckAddressQuery(string? link, AddressFamily family)
    {
        if (link is not null)
        {
            LinkMessages.CheckName(link, nameof(link));
        }

        if (family is not (AddressFamily.Unspecified or AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            throw new System.ArgumentException($"Addresses are IPv4 (InterNetwork) or IPv6 (InterNetworkV6), not {family}.", nameof(family));
        }
    }

    private List<LinkAddress> DumpAddresses(string? link, AddressFamily family)
    {
        var operation = new NetlinkOperation("Listing addresses", link);
        int index = link is null ? 0 : IndexOf(link, operation);
        NetlinkWriter writer = _socket.BeginRequest(RTM_GETADDR, NLM_F_DUMP);
        writer.Struct(new IfAddrMsg { Family = AddressMessages.Family(family), Index = index }); // filtered by the kernel (strict checking)
        return _socket.Dump<AddressMessages.Decoder, LinkAddress>(writer.Finish(), operation, new AddressMessages.Decoder(index));
    }

    private void ChangeAddress(ushort type, ushort flags, string link, IPAddress address, int prefixLength, uint addressFlags, in NetlinkOperation operation)
    {
        LinkMessages.CheckName(link, nameof(link));
        AddressMessages.Check(address, prefixLength, nameof(address), nameof(prefixLength));
        using (_socket.Enter())
        {
            int index = IndexOf(link, operation);
            NetlinkWriter writer = _socket.BeginRequest(type, (ushort)(NLM_F_ACK | flags));
            AddressMessages.Write(ref writer, index, address, prefixLength, addressFlags);
            Acknowledge(ref writer, operation);
        }
    }
}

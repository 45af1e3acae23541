using System;
using System.Collections.Generic;
using System.Net.NetworkInformation;
using System.Threading;
using System.Threading.Tasks;
using static Interop.Netlink;

namespace Namespaces.Netlink;

public sealed partial class NetlinkClient
{
    /// <summary>Lists the links (`ip link show`), restarting the dump if links change while it runs.</summary>
    /// <returns>Every link of the namespace, by index.</returns>
    /// <exception cref="NetlinkException">The kernel refused, or the dump was interrupted too many times in a row.</exception>
    public IReadOnlyList<NetworkLink> GetLinks()
    {
        using (_socket.Enter())
        {
            return DumpLinks();
        }
    }

    /// <summary>Lists the links; waits for another thread's request without blocking.</summary>
    /// <param name="cancellationToken">Cancels the wait for another request to finish.</param>
    /// <returns>Every link of the namespace.</returns>
    public async ValueTask<IReadOnlyList<NetworkLink>> GetLinksAsync(CancellationToken cancellationToken = default)
    {
        using (await _socket.EnterAsync(cancellationToken).ConfigureAwait(false))
        {
            return DumpLinks();
        }
    }

    /// <summary>Gets one link by name (`ip link show NAME`).</summary>
    /// <param name="name">The link's name.</param>
    /// <returns>The link.</returns>
    /// <exception cref="NetlinkException">ENODEV: no link of that name.</exception>
    public NetworkLink GetLink(string name)
    {
        LinkMessages.CheckName(name, nameof(name));
        using (_socket.Enter())
        {
            NetlinkWriter writer = _socket.BeginRequest(RTM_GETLINK, 0);
            LinkMessages.ByName(ref writer, name);
            LinkMessages.SkipStatistics(ref writer);
            return _socket.Query<LinkMessages.Decoder, NetworkLink>(writer.Finish(), new NetlinkOperation("Getting link", name), default);
        }
    }

    /// <summary>Gets one link by index.</summary>
    /// <param name="index">The interface index.</param>
    /// <returns>The link.</returns>
    /// <exception cref="NetlinkException">ENODEV: no link with that index.</exception>
    public NetworkLink GetLink(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(index);
        using (_socket.Enter())
        {
            NetlinkWriter writer = _socket.BeginRequest(RTM_GETLINK, 0);
            LinkMessages.ByIndex(ref writer, index);
            LinkMessages.SkipStatistics(ref writer);
            return _socket.Query<LinkMessages.Decoder, NetworkLink>(writer.Finish(), new NetlinkOperation("Getting link with index", index.ToString(System.Globalization.CultureInfo.InvariantCulture)), default);
        }
    }

    /// <summary>
    /// Creates a veth pair: <paramref name="name"/> here and <paramref name="peerName"/> in <paramref name="peerIn"/>'s
    /// network namespace (created there directly, IFLA_NET_NS_FD), or here when <paramref name="peerIn"/> is null.
    /// Both ends start down.
    /// </summary>
    /// <param name="name">This end's name.</param>
    /// <param name="peerName">The other end's name, unique in its namespace.</param>
    /// <param name="peerIn">The set whose network namespace gets the peer; <see langword="null"/> for this one.</param>
    /// <exception cref="NetlinkException">EEXIST: a name is taken (on either side).</exception>
    public void AddVethPair(string name, string peerName, NamespaceSet? peerIn = null)
    {
        LinkMessages.CheckName(peerName, nameof(peerName));
        var operation = new NetlinkOperation("Adding veth pair", name, relation: "peer", other: peerName, otherSet: peerIn);
        if (peerIn is null)
        {
            CreateLink(name, "veth", null, new LinkData(LinkDataKind.VethPeer, value: uint.MaxValue, peerName: peerName), operation);
            return;
        }

        var peer = new NamespaceDescriptor(peerIn, nameof(peerIn));
        try
        {
            CreateLink(name, "veth", null, new LinkData(LinkDataKind.VethPeer, value: peer.Fd, peerName: peerName), operation);
        }
        finally
        {
            peer.Dispose();
        }
    }

    /// <summary>Creates a bridge (`ip link add NAME type bridge`), down.</summary>
    /// <param name="name">The bridge's name.</param>
    public void AddBridge(string name) => CreateLink(name, "bridge", null, default, new NetlinkOperation("Adding bridge", name));

    /// <summary>Creates a dummy link (`ip link add NAME type dummy`), down.</summary>
    /// <param name="name">The link's name.</param>
    /// <exception cref="NetlinkException">EOPNOTSUPP: the kernel has no dummy driver (CONFIG_DUMMY).</exception>
    public void AddDummy(string name) => CreateLink(name, "dummy", null, default, new NetlinkOperation("Adding dummy link", name));

    /// <summary>Creates a macvlan link on <paramref name="parent"/> (`ip link add NAME link PARENT type macvlan mode MODE`).</summary>
    /// <param name="name">The link's name.</param>
    /// <param name="parent">The lower device, in this namespace.</param>
    /// <param name="mode">How siblings reach each other.</param>
    public void AddMacvlan(string name, string parent, MacvlanMode mode = MacvlanMode.Bridge) =>
        CreateLink(name, "macvlan", parent, new LinkData(LinkDataKind.U32, IFLA_MACVLAN_MODE, (uint)mode), new NetlinkOperation("Adding macvlan link", name, relation: "on", other: parent));

    /// <summary>Creates an ipvlan link on <paramref name="parent"/> (`ip link add NAME link PARENT type ipvlan mode MODE`).</summary>
    /// <param name="name">The link's name.</param>
    /// <param name="parent">The lower device, in this namespace.</param>
    /// <param name="mode">The layer it works at.</param>
    /// <exception cref="NetlinkException">EOPNOTSUPP: the kernel has no ipvlan driver (CONFIG_IPVLAN).</exception>
    public void AddIpvlan(string name, string parent, IpvlanMode mode = IpvlanMode.L2) =>
        CreateLink(name, "ipvlan", parent, new LinkData(LinkDataKind.U16, IFLA_IPVLAN_MODE, (uint)mode), new NetlinkOperation("Adding ipvlan link", name, relation: "on", other: parent));

    /// <summary>Creates an 802.1Q VLAN link on <paramref name="parent"/> (`ip link add link PARENT name NAME type vlan id ID`).</summary>
    /// <param name="name">The link's name.</param>
    /// <param name="parent">The lower device, in this namespace.</param>
    /// <param name="vlanId">The VLAN id, 1 to 4094.</param>
    /// <exception cref="NetlinkException">EOPNOTSUPP: the kernel has no 802.1Q driver (CONFIG_VLAN_8021Q).</exception>
    public void AddVlan(string name, string parent, int vlanId)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(vlanId, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(vlanId, 4094);
        CreateLink(name, "vlan", parent, new LinkData(LinkDataKind.U16, IFLA_VLAN_ID, (uint)vlanId), new NetlinkOperation("Adding VLAN link", name, relation: "on", other: parent));
    }

    /// <summary>Deletes a link (`ip link del NAME`); deleting one end of a veth pair deletes both.</summary>
    /// <param name="name">The link's name.</param>
    /// <exception cref="NetlinkException">ENODEV: no link of that name.</exception>
    public void DeleteLink(string name)
    {
        LinkMessages.CheckName(name, nameof(name));
        using (_socket.Enter())
        {
            NetlinkWriter writer = _socket.BeginRequest(RTM_DELLINK, NLM_F_ACK);
            LinkMessages.ByName(ref writer, name);
            Acknowledge(ref writer, new NetlinkOperation("Deleting link", name));
        }
    }

    /// <summary>Sets a link administratively up (`ip link set NAME up`).</summary>
    /// <param name="name">The link's name.</param>
    public void SetUp(string name) => ChangeLink(name, new NetlinkOperation("Setting link up", name), IFF_UP, IFF_UP, default);

    /// <summary>Sets a link administratively down (`ip link set NAME down`).</summary>
    /// <param name="name">The link's name.</param>
    public void SetDown(string name) => ChangeLink(name, new NetlinkOperation("Setting link down", name), 0, IFF_UP, default);

    /// <summary>Sets a link's MTU (`ip link set NAME mtu MTU`).</summary>
    /// <param name="name">The link's name.</param>
    /// <param name="mtu">The MTU in bytes, within what the driver accepts (68 to 65535 for a veth).</param>
    public void SetMtu(string name, int mtu)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(mtu);
        ChangeLink(name, new NetlinkOperation("Setting the MTU of link", name), 0, 0, new LinkChange(IFLA_MTU, (uint)mtu));
    }

    /// <summary>Sets a link's MAC address (`ip link set NAME address MAC`).</summary>
    /// <param name="name">The link's name.</param>
    /// <param name="address">The new address, 6 bytes for Ethernet.</param>
    public void SetMacAddress(string name, PhysicalAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        ChangeLink(name, new NetlinkOperation("Setting the MAC address of link", name), 0, 0, new LinkChange(IFLA_ADDRESS, 0, address));
    }

    /// <summary>Enslaves a link to a bridge (`ip link set NAME master MASTER`), or frees it with <see langword="null"/> (`nomaster`).</summary>
    /// <param name="name">The link's name.</param>
    /// <param name="master">The bridge's name, or <see langword="null"/>.</param>
    public void SetMaster(string name, string? master)
    {
        LinkMessages.CheckName(name, nameof(name));
        if (master is not null)
        {
            LinkMessages.CheckName(master, nameof(master));
        }

        var operation = new NetlinkOperation(master is null ? "Releasing link" : "Enslaving link", name, relation: master is null ? "nomaster" : "to", other: master);
        using (_socket.Enter())
        {
            int masterIndex = master is null ? 0 : IndexOf(master, operation);
            NetlinkWriter writer = _socket.BeginRequest(RTM_NEWLINK, NLM_F_ACK);
            LinkMessages.ByName(ref writer, name);
            writer.U32(IFLA_MASTER, (uint)masterIndex);
            Acknowledge(ref writer, operation);
        }
    }

    /// <summary>Renames a link (`ip link set NAME name NEWNAME`); the kernel refuses while it is up (EBUSY).</summary>
    /// <param name="name">The link's name.</param>
    /// <param name="newName">Its new name.</param>
    public void Rename(string name, string newName)
    {
        LinkMessages.CheckName(name, nameof(name));
        LinkMessages.CheckName(newName, nameof(newName));
        var operation = new NetlinkOperation("Renaming link", name, relation: "to", other: newName);
        using (_socket.Enter())
        {
            int index = IndexOf(name, operation);
            NetlinkWriter writer = _socket.BeginRequest(RTM_NEWLINK, NLM_F_ACK);
            LinkMessages.ByIndex(ref writer, index);
            writer.String(IFLA_IFNAME, newName);
            Acknowledge(ref writer, operation);
        }
    }

    /// <summary>Moves a link into another set's network namespace (`ip link set NAME netns NS`); it arrives down, without addresses.</summary>
    /// <param name="name">The link's name here.</param>
    /// <param name="target">The set whose network namespace receives it.</param>
    public void MoveTo(string name, NamespaceSet target)
    {
        LinkMessages.CheckName(name, nameof(name));
        var destination = new NamespaceDescriptor(target, nameof(target));
        try
        {
            ChangeLink(name, new NetlinkOperation("Moving link", name, relation: "to", otherSet: target), 0, 0, new LinkChange(IFLA_NET_NS_FD, destination.Fd));
        }
        finally
        {
            destination.Dispose();
        }
    }

    private List<NetworkLink> DumpLinks()
    {
        NetlinkWriter writer = _socket.BeginRequest(RTM_GETLINK, NLM_F_DUMP);
        writer.Struct(new IfInfoMsg());
        LinkMessages.SkipStatistics(ref writer);
        return _socket.Dump<LinkMessages.Decoder, NetworkLink>(writer.Finish(), new NetlinkOperation("Listing links"), default);
    }

    private void CreateLink(string name, string kind, string? parent, in LinkData data, in NetlinkOperation operation)
    {
        LinkMessages.CheckName(name, nameof(name));
        if (parent is not null)
        {
            LinkMessages.CheckName(parent, nameof(parent));
        }

        using (_socket.Enter())
        {
            int parentIndex = parent is null ? 0 : IndexOf(parent, operation);
            NetlinkWriter writer = _socket.BeginRequest(RTM_NEWLINK, NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL);
            LinkMessages.Create(ref writer, name, kind, parentIndex, data);
            Acknowledge(ref writer, operation);
        }
    }

    /// <summary>RTM_NEWLINK without NLM_F_CREATE on the link named <paramref name="name"/>: flags and at most one attribute.</summary>
    private void ChangeLink(string name, in NetlinkOperation operation, uint flags, uint change, in LinkChange attribute)
    {
        LinkMessages.CheckName(name, nameof(name));
        using (_socket.Enter())
        {
            NetlinkWriter writer = _socket.BeginRequest(RTM_NEWLINK, NLM_F_ACK);
            LinkMessages.ByName(ref writer, name, flags, change);
            if (attribute.Mac is { } mac)
            {
                writer.Bytes(attribute.Type, mac.GetAddressBytes());
            }
            else if (attribute.Type != 0)
            {
                writer.U32(attribute.Type, attribute.Value);
            }

            Acknowledge(ref writer, operation);
        }
    }

    private readonly record struct LinkChange(ushort Type, uint Value, PhysicalAddress? Mac = null);
}

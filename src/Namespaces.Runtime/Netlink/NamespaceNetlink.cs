using Namespaces.CompilerServices;
using Namespaces.Netlink;

namespace Namespaces;

/// <summary>Opens a <see cref="NetlinkClient"/> on a set's network namespace.</summary>
public static class NamespaceNetlink
{
    /// <summary>
    /// Opens a NETLINK_ROUTE client whose socket is created on one of the set's namespace threads, inside its network
    /// namespace; the client is then used from any thread (<c>using var net = set.OpenNetlink(); net.SetUp("lo");</c>).
    /// The socket keeps the namespace alive: the client may outlive the set.
    /// </summary>
    /// <param name="set">A set holding a network namespace.</param>
    /// <returns>The client; dispose it to close its socket.</returns>
    /// <exception cref="MissingNamespaceException">The set holds no network namespace.</exception>
    /// <exception cref="NetlinkException">The socket could not be made (EMFILE: the descriptor table is full).</exception>
    public static NetlinkClient OpenNetlink(this NamespaceSet set)
    {
        System.ArgumentNullException.ThrowIfNull(set);
        set.ThrowIfMissing(NS.Net, "NamespaceNetlink.OpenNetlink", nameof(set));
        var state = new OpenRequest(set.Id(NS.Net));
        return new NetlinkClient(NamespaceDispatch.Invoke(set, NS.Net, "NamespaceNetlink.OpenNetlink", ref state,
            static (ref OpenRequest s) => NetlinkSocket.Open(s.NetworkNamespace)));
    }

    private readonly record struct OpenRequest(string NetworkNamespace);
}

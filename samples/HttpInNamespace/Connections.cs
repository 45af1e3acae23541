using System.Net;
using System.Net.Sockets;
using Namespaces;

namespace HttpInNamespace;

/// <summary>
/// The two steps of a connection that must happen inside the network namespace. The generator adds
/// <c>CreateTcpSocket(NamespaceSet, …)</c> and <c>CreateTcpSocketAsync(NamespaceSet, …, CancellationToken)</c>
/// (and the same for <c>Resolve</c>), which run these bodies on a thread standing in the set's network namespace.
/// </summary>
internal static partial class Connections
{
    [RunInNamespace(NS.Net)]
    public static Socket CreateTcpSocket(AddressFamily addressFamily) =>
        new(addressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };

    [RunInNamespace(NS.Net)]
    public static IPAddress[] Resolve(string host) =>
        IPAddress.TryParse(host, out IPAddress? address) ? [address] : Dns.GetHostAddresses(host);
}

using System;
using Microsoft.Win32.SafeHandles;
using static Interop.Netlink;

namespace Namespaces.Netlink;

/// <summary>
/// A NETLINK_ROUTE client for one network namespace: links, addresses and routes, the way `ip link`, `ip addr` and
/// `ip route` change them (vishvananda/netlink's <c>Handle</c>, pyroute2's <c>IPRoute</c>). Open it with
/// <see cref="NamespaceNetlink.OpenNetlink(NamespaceSet)"/>: its socket is created on a namespace thread of the set, and
/// belongs to that namespace for good, so the client is then used from any thread, by several threads at once (one
/// request at a time), and outlives the set if need be.
/// </summary>
/// <remarks>
/// Links are named by their name in the client's namespace. A refused request throws <see cref="NetlinkException"/>
/// with the kernel's errno and message; bad arguments throw before anything is sent. A request reuses the client's
/// buffer: only its result is allocated.
/// </remarks>
public sealed partial class NetlinkClient : IDisposable
{
    private readonly NetlinkSocket _socket;

    internal NetlinkClient(NetlinkSocket socket) => _socket = socket;

    /// <summary>The network namespace the client works in, e.g. "net:[4026532281]".</summary>
    public string NetworkNamespace => _socket.NetworkNamespace;

    /// <summary>The socket's netlink port id (for tests that talk to it).</summary>
    internal uint PortId => _socket.PortId;

    /// <summary>The socket itself, for tests that send what the public API never would.</summary>
    internal NetlinkSocket Socket => _socket;

    /// <summary>Closes the socket once a running request has finished; later calls throw <see cref="ObjectDisposedException"/>. Idempotent.</summary>
    public void Dispose() => _socket.Dispose();

    /// <summary>Sends a request built by <paramref name="writer"/> and waits for the kernel's ACK. Under the gate.</summary>
    private void Acknowledge(ref NetlinkWriter writer, in NetlinkOperation operation) => _socket.Acknowledge(writer.Finish(), operation);

    /// <summary>The index of the link named <paramref name="name"/> (ENODEV when there is none). Under the gate.</summary>
    private int IndexOf(string name, in NetlinkOperation operation)
    {
        NetlinkWriter writer = _socket.BeginRequest(RTM_GETLINK, 0);
        LinkMessages.ByName(ref writer, name);
        LinkMessages.SkipStatistics(ref writer);
        return _socket.Query<LinkMessages.IndexDecoder, int>(writer.Finish(), operation, default);
    }

    /// <summary>
    /// Holds another set's network namespace descriptor open for one request (IFLA_NET_NS_FD): the set may be disposed
    /// on another thread meanwhile, and its descriptor number must not be reused under the request.
    /// </summary>
    private ref struct NamespaceDescriptor
    {
        private readonly SafeFileHandle _handle;
        private bool _added;

        public NamespaceDescriptor(NamespaceSet set, string parameterName)
        {
            ArgumentNullException.ThrowIfNull(set, parameterName);
            set.ThrowIfMissing(NS.Net, "Creating or moving a link into another set", parameterName);
            if (!set.TryGetHandle(NS.Net, out SafeFileHandle? handle))
            {
                throw new ObjectDisposedException($"The set given as {parameterName} was disposed: it holds no descriptor any more.");
            }

            _handle = handle;
            _added = false;
            try
            {
                handle.DangerousAddRef(ref _added);
            }
            catch (ObjectDisposedException e)
            {
                throw new ObjectDisposedException($"The set given as {parameterName} was disposed: its network namespace descriptor is closed.", e);
            }
        }

        public readonly uint Fd => (uint)_handle.DangerousGetHandle();

        public void Dispose()
        {
            if (_added)
            {
                _added = false;
                _handle.DangerousRelease();
            }
        }
    }
}

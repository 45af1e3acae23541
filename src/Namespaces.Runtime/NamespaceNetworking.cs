using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Namespaces.CompilerServices;

namespace Namespaces;

/// <summary>
/// Networking inside a set's network namespace. A socket belongs to the network namespace it was created in, for
/// its whole life, whichever thread uses it later: so only creation (and name resolution, which opens sockets of
/// its own) needs a namespace thread, and connecting, reading and writing can stay async on ordinary threads.
/// </summary>
public static class NamespaceNetworking
{
    /// <summary>Creates a socket inside the set's network namespace.</summary>
    /// <param name="set">A set holding a network namespace.</param>
    /// <param name="addressFamily">E.g. <see cref="AddressFamily.InterNetwork"/>.</param>
    /// <param name="socketType">E.g. <see cref="SocketType.Stream"/>.</param>
    /// <param name="protocolType">E.g. <see cref="ProtocolType.Tcp"/>.</param>
    /// <returns>A socket that binds, listens and connects in that namespace, used from any thread.</returns>
    /// <exception cref="MissingNamespaceException">The set holds no network namespace.</exception>
    public static Socket CreateSocket(this NamespaceSet set, AddressFamily addressFamily, SocketType socketType, ProtocolType protocolType)
    {
        var state = new SocketRequest(addressFamily, socketType, protocolType);
        return NamespaceDispatch.Invoke(set, NS.Net, "NamespaceNetworking.CreateSocket", ref state,
            static (ref SocketRequest s) => new Socket(s.AddressFamily, s.SocketType, s.ProtocolType));
    }

    /// <summary>Creates a socket inside the set's network namespace without blocking the calling thread while it waits for a namespace thread.</summary>
    /// <param name="set">A set holding a network namespace.</param>
    /// <param name="addressFamily">E.g. <see cref="AddressFamily.InterNetwork"/>.</param>
    /// <param name="socketType">E.g. <see cref="SocketType.Stream"/>.</param>
    /// <param name="protocolType">E.g. <see cref="ProtocolType.Tcp"/>.</param>
    /// <param name="cancellationToken">Cancels the call if it has not started.</param>
    /// <returns>The socket.</returns>
    public static ValueTask<Socket> CreateSocketAsync(this NamespaceSet set, AddressFamily addressFamily, SocketType socketType, ProtocolType protocolType, CancellationToken cancellationToken = default)
        => NamespaceDispatch.InvokeAsync(set, NS.Net, "NamespaceNetworking.CreateSocket", new SocketRequest(addressFamily, socketType, protocolType),
            static (ref SocketRequest s) => new Socket(s.AddressFamily, s.SocketType, s.ProtocolType), cancellationToken);

    /// <summary>Sets the loopback interface up (ioctl SIOCSIFFLAGS on a socket of the namespace): a new network namespace starts with <c>lo</c> down.</summary>
    /// <param name="set">A set holding a network namespace.</param>
    /// <exception cref="NamespaceException">The kernel refused (EPERM without CAP_NET_ADMIN in the namespace's user namespace).</exception>
    public static void BringUpLoopback(this NamespaceSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        set.ThrowIfMissing(NS.Net, "NamespaceNetworking.BringUpLoopback", nameof(set));
        using Socket socket = set.CreateSocket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        Interop.Error error = Interop.SetInterfaceFlags(socket.SafeHandle, "lo", Interop.IFF_UP);
        if (error != Interop.Error.SUCCESS)
        {
            throw NamespaceException.FromErrno("Setting interface lo up", error, NS.Net);
        }
    }

    /// <summary>Resolves a host name the way a process inside the namespace would (its DNS queries leave from inside).</summary>
    /// <param name="set">A set holding a network namespace.</param>
    /// <param name="host">A host name or an address literal.</param>
    /// <returns>The addresses.</returns>
    public static IPAddress[] ResolveHost(this NamespaceSet set, string host)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        if (IPAddress.TryParse(host, out IPAddress? literal))
        {
            return [literal];
        }

        var state = new HostRequest(host);
        return NamespaceDispatch.Invoke(set, NS.Net, "NamespaceNetworking.ResolveHost", ref state,
            static (ref HostRequest s) => Dns.GetHostAddresses(s.Host));
    }

    /// <summary>
    /// A <see cref="SocketsHttpHandler"/> whose connections are made inside the set's network namespace: its
    /// <see cref="SocketsHttpHandler.ConnectCallback"/> resolves the host and creates each socket inside, then
    /// connects asynchronously as usual. Wrap it in an <see cref="HttpClient"/>; the set must outlive the client.
    /// </summary>
    /// <param name="set">A set holding a network namespace.</param>
    /// <returns>A handler for <see cref="HttpClient"/>.</returns>
    public static SocketsHttpHandler CreateHttpHandler(this NamespaceSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        set.ThrowIfMissing(NS.Net, "NamespaceNetworking.CreateHttpHandler", nameof(set));
        if (Threading.NamespaceThread.Current is { } current)
        {
            throw new InvalidOperationException(
                $"CreateHttpHandler was called inside a namespace body (on a namespace thread serving {current.Serving?.Name ?? "a set"}). "
                + "An HttpClient makes its connections on thread-pool threads, which would wait for this very thread: create the handler and the "
                + "HttpClient outside the body and send from there; the connections are still made inside the set.");
        }

        return new SocketsHttpHandler
        {
            ConnectCallback = (context, cancellationToken) => ConnectAsync(set, context.DnsEndPoint, cancellationToken),
        };
    }

    private static async ValueTask<Stream> ConnectAsync(NamespaceSet set, DnsEndPoint endPoint, CancellationToken cancellationToken)
    {
        var state = new HostRequest(endPoint.Host);
        IPAddress[] addresses = IPAddress.TryParse(endPoint.Host, out IPAddress? literal)
            ? [literal]
            : await NamespaceDispatch.InvokeAsync(set, NS.Net, "NamespaceNetworking.ResolveHost", in state,
                static (ref HostRequest s) => Dns.GetHostAddresses(s.Host), cancellationToken).ConfigureAwait(false);
        Exception? last = null;
        foreach (IPAddress address in addresses)
        {
            Socket socket = await set.CreateSocketAsync(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp, cancellationToken).ConfigureAwait(false);
            try
            {
                socket.NoDelay = true;
                await socket.ConnectAsync(new IPEndPoint(address, endPoint.Port), cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }

    private readonly record struct SocketRequest(AddressFamily AddressFamily, SocketType SocketType, ProtocolType ProtocolType);

    private readonly record struct HostRequest(string Host);
}

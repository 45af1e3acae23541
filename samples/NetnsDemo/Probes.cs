using System.IO;
using System.Net;
using System.Net.Sockets;
using Namespaces;

namespace NetnsDemo;

/// <summary>Bodies that must run inside a set. The generator adds <c>ListenOn(NamespaceSet, …)</c>, <c>NewTcpSocket(NamespaceSet, …)</c>, and so on.</summary>
internal static partial class Probes
{
    /// <summary>A socket belongs to the network namespace it was created in, whichever thread uses it later.</summary>
    [RunInNamespace(NS.Net)]
    public static Socket NewTcpSocket(AddressFamily family) => new(family, SocketType.Stream, ProtocolType.Tcp);

    [RunInNamespace(NS.Net)]
    public static Socket ListenOn(IPEndPoint endPoint)
    {
        var listener = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(endPoint);
            listener.Listen();
            return listener;
        }
        catch
        {
            listener.Dispose();
            throw;
        }
    }

    /// <summary>/proc/sys/net belongs to the network namespace of the thread that opens it: this namespace's routing switch.</summary>
    [RunInNamespace(NS.Net)]
    public static void EnableForwarding()
    {
        File.WriteAllText("/proc/sys/net/ipv4/ip_forward", "1");
        File.WriteAllText("/proc/sys/net/ipv6/conf/all/forwarding", "1");
    }

    [RunInNamespace(NS.Net)]
    public static bool IsForwarding() => File.ReadAllText("/proc/sys/net/ipv4/ip_forward").Trim() == "1";
}

using System;
using System.Linq;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Namespaces;

namespace NetnsDemo;

/// <summary>What a thread sees of its UTS and network namespaces.</summary>
internal sealed record View(string HostName, string Interfaces)
{
    public static View Here() => new(
        Environment.MachineName,
        string.Join(",", Array.ConvertAll(NetworkInterface.GetAllNetworkInterfaces(), i => i.Name).Order()));
}

/// <summary>Bodies that must run inside the set. The generator adds <c>Look(NamespaceSet)</c>, <c>LookAsync(…)</c>, and so on.</summary>
internal static partial class Probes
{
    [RunInNamespace(NS.Net | NS.Uts)]
    public static View Look() => View.Here();

    /// <summary>A socket belongs to the network namespace it was created in, whichever thread uses it later.</summary>
    [RunInNamespace(NS.Net)]
    public static Socket NewTcpSocket() => new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    [RunInNamespace(NS.Net)]
    public static Socket ListenOnLoopback(int port)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
            listener.Listen();
            return listener;
        }
        catch
        {
            listener.Dispose();
            throw;
        }
    }
}

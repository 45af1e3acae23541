using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Namespaces;

namespace NetnsDemo;

/// <summary>
/// A TCP echo server whose listening socket was created inside a network namespace. Accepting, reading and
/// writing are plain async code on the thread pool: the socket, not the thread, carries the namespace.
/// </summary>
internal sealed class EchoServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    private EchoServer(Socket listener)
    {
        _listener = listener;
        _accepting = AcceptAsync(_stop.Token);
    }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndPoint!;

    public static EchoServer Start(NamespaceSet set, IPEndPoint endPoint) => new(Probes.ListenOn(set, endPoint));

    /// <summary>Sends <paramref name="text"/> and reads it back.</summary>
    public static async Task<string> RoundTripAsync(Socket client, string text, CancellationToken cancellationToken)
    {
        byte[] sent = Encoding.UTF8.GetBytes(text);
        await client.SendAsync(sent, SocketFlags.None, cancellationToken);
        byte[] received = new byte[sent.Length];
        for (int total = 0; total < received.Length;)
        {
            int n = await client.ReceiveAsync(received.AsMemory(total), SocketFlags.None, cancellationToken);
            if (n == 0)
            {
                throw new IOException("The echo server closed the connection.");
            }

            total += n;
        }
        return Encoding.UTF8.GetString(received);
    }

    private async Task AcceptAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                Socket connection = await _listener.AcceptAsync(cancellationToken);
                _ = EchoAsync(connection, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task EchoAsync(Socket connection, CancellationToken cancellationToken)
    {
        using (connection)
        {
            byte[] buffer = new byte[4096];
            try
            {
                int n;
                while ((n = await connection.ReceiveAsync(buffer, SocketFlags.None, cancellationToken)) > 0)
                {
                    await connection.SendAsync(buffer.AsMemory(0, n), SocketFlags.None, cancellationToken);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException)
            {
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _accepting;
        _listener.Dispose();
        _stop.Dispose();
    }
}

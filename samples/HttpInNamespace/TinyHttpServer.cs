using System;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Namespaces;

namespace HttpInNamespace;

/// <summary>
/// Just enough HTTP/1.1 to answer a GET: one response per connection, then close. Its listening socket is created
/// inside the namespace by a <see cref="RunInNamespaceAttribute"/> method; accepting and serving are plain async code.
/// </summary>
internal sealed partial class TinyHttpServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly string _where;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    private TinyHttpServer(Socket listener, string where)
    {
        _listener = listener;
        _where = where;
        _accepting = AcceptAsync(_stop.Token);
    }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndPoint!;

    /// <summary>Listens on 127.0.0.1:<paramref name="port"/> inside <paramref name="set"/>'s network namespace.</summary>
    /// <param name="set">A set holding a network namespace whose loopback is up.</param>
    /// <param name="port">The port.</param>
    /// <param name="where">What the responses say about where they come from.</param>
    public static TinyHttpServer Start(NamespaceSet set, int port, string where) => new(Listen(set, port), where);

    [RunInNamespace(NS.Net)]
    private static Socket Listen(int port)
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

    private async Task AcceptAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                Socket connection = await _listener.AcceptAsync(cancellationToken);
                _ = ServeAsync(connection, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task ServeAsync(Socket connection, CancellationToken cancellationToken)
    {
        using (connection)
        {
            try
            {
                byte[] buffer = new byte[8192];
                int received = 0;
                while (received < buffer.Length && buffer.AsSpan(0, received).IndexOf("\r\n\r\n"u8) < 0)
                {
                    int n = await connection.ReceiveAsync(buffer.AsMemory(received), SocketFlags.None, cancellationToken);
                    if (n == 0)
                    {
                        return;
                    }

                    received += n;
                }
                // "GET /path HTTP/1.1"
                string[] requestLine = Encoding.ASCII.GetString(buffer, 0, buffer.AsSpan(0, received).IndexOf("\r\n"u8)).Split(' ');
                string path = requestLine.Length > 1 ? requestLine[1] : "?";
                byte[] body = Encoding.UTF8.GetBytes($"200 OK from {_where} for {path}");
                byte[] head = Encoding.ASCII.GetBytes(
                    $"HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
                await connection.SendAsync(head, SocketFlags.None, cancellationToken);
                await connection.SendAsync(body, SocketFlags.None, cancellationToken);
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

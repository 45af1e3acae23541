using System;
using System.Buffers;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using static Interop.Netlink;

namespace Namespaces.Netlink;

/// <summary>Decodes the messages of one kind (links, addresses, routes) that a request brings back.</summary>
internal interface IMessageDecoder<T>
{
    /// <summary>Decodes one message; false for a message the caller did not ask about (another family, another table).</summary>
    bool TryDecode(ushort type, ReadOnlySpan<byte> payload, [MaybeNullWhen(false)] out T value);
}

/// <summary>
/// One NETLINK_ROUTE socket and its exchanges: a request is sent, and the answers carrying its sequence number and this
/// socket's port id are read until its ACK, its reply or the end of its dump; anything else (an answer to an exchange
/// abandoned earlier, a datagram not from the kernel) is dropped. One exchange at a time, under <see cref="Enter"/>.
/// The socket belongs to the network namespace it was created in, whichever thread uses it.
/// </summary>
internal sealed class NetlinkSocket : IDisposable
{
    /// <summary>Room for one request: the longest (a veth pair) takes under 200 bytes.</summary>
    private const int RequestSize = 4096;

    /// <summary>One received datagram: the kernel sizes a dump's datagrams to the reader's buffer, up to 32 KiB.</summary>
    private const int ReceiveSize = 64 * 1024;

    /// <summary>How many times a dump is restarted when the kernel flags it inconsistent (NLM_F_DUMP_INTR).</summary>
    internal const int MaxDumpAttempts = 10;

    /// <summary>How long a receive waits for the kernel (SO_RCVTIMEO): the kernel answers at once, so this only bounds a bug.</summary>
    internal static readonly TimeSpan ReceiveTimeout = TimeSpan.FromSeconds(5);

    private readonly SafeNetlinkHandle _handle;
    private readonly uint _portId;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private byte[]? _buffer;
    private uint _sequence;
    private static long s_dumpRestarts;

    private NetlinkSocket(SafeNetlinkHandle handle, uint portId, string networkNamespace)
    {
        _handle = handle;
        _portId = portId;
        NetworkNamespace = networkNamespace;
        _buffer = ArrayPool<byte>.Shared.Rent(RequestSize + ReceiveSize);
    }

    /// <summary>The namespace the socket was created in, e.g. "net:[4026532281]", for messages.</summary>
    internal string NetworkNamespace { get; }

    /// <summary>The port id the kernel bound the socket to: every answer carries it.</summary>
    internal uint PortId => _portId;

    /// <summary>Dumps restarted because the kernel flagged them inconsistent, since the process started.</summary>
    internal static long DumpRestarts => Interlocked.Read(ref s_dumpRestarts);

    /// <summary>Creates the socket in the calling thread's network namespace (a namespace thread's, when called from a body).</summary>
    internal static NetlinkSocket Open(string networkNamespace)
    {
        var opening = new NetlinkOperation("Opening a NETLINK_ROUTE socket");
        Interop.Error error = Interop.Socket(Interop.AF_NETLINK, Interop.SOCK_RAW, NETLINK_ROUTE, out SafeNetlinkHandle handle);
        if (error != Interop.Error.SUCCESS)
        {
            handle.Dispose();
            throw NetlinkException.For(opening, networkNamespace, error, null);
        }

        try
        {
            var timeout = new Interop.TimeVal { Seconds = (long)ReceiveTimeout.TotalSeconds };
            Check(Interop.SetSocketOption(handle, SOL_NETLINK, NETLINK_EXT_ACK, 1)); // the kernel's reasons in errors
            Check(Interop.SetSocketOption(handle, SOL_NETLINK, NETLINK_CAP_ACK, 1)); // errors without a copy of the request
            Check(Interop.SetSocketOption(handle, SOL_NETLINK, NETLINK_GET_STRICT_CHK, 1)); // dump filters honoured
            Check(Interop.SetSocketOption(handle, Interop.SOL_SOCKET, Interop.SO_RCVTIMEO, in timeout));
            Check(Interop.SetSocketOption(handle, Interop.SOL_SOCKET, Interop.SO_SNDTIMEO, in timeout));
            Check(Interop.Bind(handle, new SockAddrNetlink { Family = Interop.AF_NETLINK })); // port id 0: the kernel picks one
            Check(Interop.GetSocketName(handle, out SockAddrNetlink bound));
            return new NetlinkSocket(handle, bound.PortId, networkNamespace);
        }
        catch
        {
            handle.Dispose();
            throw;
        }

        void Check(Interop.Error result)
        {
            if (result != Interop.Error.SUCCESS)
            {
                throw NetlinkException.For(opening, networkNamespace, result, null);
            }
        }
    }

    /// <summary>Takes the socket for the exchanges of one request: <c>using (_socket.Enter()) { ... }</c>.</summary>
    /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
    internal Exclusive Enter()
    {
        _gate.Wait();
        ThrowIfDisposed();
        return new Exclusive(_gate);
    }

    /// <summary>Takes the socket without blocking a thread while another request runs.</summary>
    internal async ValueTask<Exclusive> EnterAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        ThrowIfDisposed();
        return new Exclusive(_gate);
    }

    /// <summary>The socket, held until disposed (a struct: taking it allocates nothing).</summary>
    internal readonly struct Exclusive(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }

    /// <summary>A writer for the next request, in the socket's own buffer.</summary>
    internal NetlinkWriter BeginRequest(ushort type, ushort flags)
    {
        Debug.Assert(_gate.CurrentCount == 0, "BeginRequest outside Enter()");
        return new NetlinkWriter(_buffer!.AsSpan(0, RequestSize), type, flags, 0);
    }

    /// <summary>Sends the request (made with NLM_F_ACK) and waits for its ACK.</summary>
    internal void Acknowledge(int length, in NetlinkOperation operation)
    {
        var none = default(NoReply);
        Exchange<NoReply, bool>(length, Awaiting.Ack, operation, ref none, null, out _);
    }

    /// <summary>Sends a get request and decodes its one reply.</summary>
    internal T Query<TDecoder, T>(int length, in NetlinkOperation operation, TDecoder decoder)
        where TDecoder : struct, IMessageDecoder<T>
    {
        Exchange<TDecoder, T>(length, Awaiting.Reply, operation, ref decoder, null, out T? reply);
        return reply!; // a reply ends the exchange only once decoded; an error throws (no null check: it boxes an int in Debug builds)
    }

    /// <summary>Sends a dump request and decodes every message, restarting when the kernel flags the dump inconsistent.</summary>
    internal List<T> Dump<TDecoder, T>(int length, in NetlinkOperation operation, TDecoder decoder)
        where TDecoder : struct, IMessageDecoder<T>
    {
        var results = new List<T>();
        for (int attempt = 1; attempt <= MaxDumpAttempts; attempt++)
        {
            results.Clear();
            if (!Exchange(length, Awaiting.Dump, operation, ref decoder, results, out _))
            {
                return results;
            }

            Interlocked.Increment(ref s_dumpRestarts);
        }
        throw NetlinkException.For(operation, NetworkNamespace, Interop.Error.EINTR, null);
    }

    private enum Awaiting
    {
        Ack,
        Reply,
        Dump,
    }

    /// <summary>One request and its answers; returns whether the kernel flagged a dump inconsistent.</summary>
    private bool Exchange<TDecoder, T>(int length, Awaiting awaiting, in NetlinkOperation operation, ref TDecoder decoder, List<T>? results, out T? reply)
        where TDecoder : struct, IMessageDecoder<T>
    {
        Debug.Assert(_buffer is not null && _gate.CurrentCount == 0);
        reply = default;
        Span<byte> request = _buffer!.AsSpan(0, length);
        uint sequence = ++_sequence;
        MemoryMarshal.Cast<byte, NlMsgHdr>(request)[0].Sequence = sequence;
        Interop.Error error = Interop.Send(_handle, request, out int sent);
        if (error != Interop.Error.SUCCESS || sent != length)
        {
            throw NetlinkException.For(operation, NetworkNamespace, error == Interop.Error.SUCCESS ? Interop.Error.EMSGSIZE : error, null);
        }

        try
        {
            Span<byte> space = _buffer!.AsSpan(RequestSize, ReceiveSize);
            bool interrupted = false;
            while (true)
            {
                error = Interop.ReceiveFrom(_handle, space, 0, out int received, out SockAddrNetlink from);
                if (error != Interop.Error.SUCCESS)
                {
                    throw NetlinkException.For(operation, NetworkNamespace, error, null);
                }

                if (received > space.Length)
                {
                    throw NetlinkException.For(operation, NetworkNamespace, Interop.Error.EMSGSIZE, null, $"A reply of {received} bytes did not fit the {space.Length}-byte buffer");
                }

                if (from.PortId != 0)
                {
                    continue; // another process's datagram sent to our port: never an answer
                }

                var messages = new MessageReader(space.Slice(0, received));
                while (messages.TryRead(out NlMsgHdr header, out ReadOnlySpan<byte> payload))
                {
                    if (header.Sequence != sequence || header.PortId != _portId)
                    {
                        continue; // the rest of an exchange abandoned earlier
                    }

                    interrupted |= (header.Flags & NLM_F_DUMP_INTR) != 0;
                    switch (header.Type)
                    {
                        case NLMSG_NOOP:
                            break;
                        case NLMSG_ERROR:
                            NlMsgErr status = NetlinkRead.Struct<NlMsgErr>(payload);
                            if (status.Error == 0)
                            {
                                return interrupted; // the ACK
                            }

                            // With NETLINK_CAP_ACK the request is not echoed (NLM_F_CAPPED); the TLVs follow its header.
                            int echoed = (header.Flags & NLM_F_CAPPED) != 0 ? Unsafe.SizeOf<NlMsgErr>() : sizeof(int) + NetlinkWriter.Align((int)status.Request.Length);
                            throw NetlinkException.For(operation, NetworkNamespace, (Interop.Error)(-status.Error), ExtendedAck(header, payload, echoed));
                        case NLMSG_DONE:
                            int done = payload.Length >= sizeof(int) ? MemoryMarshal.Read<int>(payload) : 0;
                            if (done < 0)
                            {
                                throw NetlinkException.For(operation, NetworkNamespace, (Interop.Error)(-done), ExtendedAck(header, payload, sizeof(int)));
                            }

                            return interrupted;
                        default:
                            bool decoded = decoder.TryDecode(header.Type, payload, out T? value);
                            if (awaiting == Awaiting.Reply)
                            {
                                // A get is answered by one message: any other kind would leave the caller waiting for ever.
                                reply = decoded ? value : throw NetlinkException.For(operation, NetworkNamespace, Interop.Error.EBADMSG, null, $"The kernel answered with a message of type {header.Type}");
                                return interrupted;
                            }

                            if (decoded)
                            {
                                results?.Add(value!);
                            }
                            break;
                    }
                }
            }
        }
        catch
        {
            Drain(); // an unfinished dump would make the next one fail with EBUSY
            throw;
        }
    }

    /// <summary>The kernel's message (NLMSGERR_ATTR_MSG) among the TLVs after <paramref name="offset"/>, if it sent any.</summary>
    private static string? ExtendedAck(in NlMsgHdr header, ReadOnlySpan<byte> payload, int offset)
    {
        if ((header.Flags & NLM_F_ACK_TLVS) == 0 || offset >= payload.Length)
        {
            return null;
        }

        var attributes = new AttributeReader(payload.Slice(offset));
        while (attributes.TryRead(out ushort type, out ReadOnlySpan<byte> value))
        {
            if (type == NLMSGERR_ATTR_MSG)
            {
                return NetlinkRead.String(value);
            }
        }
        return null;
    }

    /// <summary>Reads whatever is still queued (driving an abandoned dump to its end) without waiting.</summary>
    private void Drain()
    {
        Span<byte> space = _buffer!.AsSpan(RequestSize, ReceiveSize);
        while (Interop.ReceiveFrom(_handle, space, Interop.MSG_DONTWAIT, out _, out SockAddrNetlink _) == Interop.Error.SUCCESS)
        {
        }
    }

    private void ThrowIfDisposed()
    {
        if (_buffer is null)
        {
            _gate.Release();
            throw new ObjectDisposedException(nameof(NetlinkClient), $"The netlink client of {NetworkNamespace} was disposed.");
        }
    }

    /// <summary>Waits for a running exchange, then closes the socket and returns the buffer; idempotent and thread-safe.</summary>
    public void Dispose()
    {
        _gate.Wait();
        try
        {
            if (_buffer is { } buffer)
            {
                _buffer = null;
                _handle.Dispose();
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The decoder of an exchange that expects only an ACK.</summary>
    private struct NoReply : IMessageDecoder<bool>
    {
        public readonly bool TryDecode(ushort type, ReadOnlySpan<byte> payload, out bool value)
        {
            value = false;
            return false;
        }
    }
}

using System;
using System.Net;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using static Interop.Netlink;

namespace Namespaces.Netlink;

/// <summary>Walks the messages of one received datagram, checking every length against what was received.</summary>
internal ref struct MessageReader(ReadOnlySpan<byte> datagram)
{
    private ReadOnlySpan<byte> _rest = datagram;

    /// <summary>The next message's header and payload (what follows the nlmsghdr); false at the end or at a malformed length.</summary>
    public bool TryRead(out NlMsgHdr header, out ReadOnlySpan<byte> payload)
    {
        int headerSize = Unsafe.SizeOf<NlMsgHdr>();
        if (_rest.Length < headerSize)
        {
            header = default;
            payload = default;
            return false;
        }

        header = MemoryMarshal.Read<NlMsgHdr>(_rest);
        if (header.Length < headerSize || header.Length > _rest.Length)
        {
            payload = default;
            return false;
        }

        payload = _rest.Slice(headerSize, (int)header.Length - headerSize);
        _rest = _rest.Slice(Math.Min(NetlinkWriter.Align((int)header.Length), _rest.Length));
        return true;
    }
}

/// <summary>Walks attributes (nlattr/rtattr), nested ones by reading the payload again.</summary>
internal ref struct AttributeReader(ReadOnlySpan<byte> attributes)
{
    private ReadOnlySpan<byte> _rest = attributes;

    public bool TryRead(out ushort type, out ReadOnlySpan<byte> value)
    {
        int headerSize = Unsafe.SizeOf<NlAttr>();
        if (_rest.Length < headerSize)
        {
            type = 0;
            value = default;
            return false;
        }

        NlAttr attribute = MemoryMarshal.Read<NlAttr>(_rest);
        if (attribute.Length < headerSize || attribute.Length > _rest.Length)
        {
            type = 0;
            value = default;
            return false;
        }

        type = (ushort)(attribute.Type & NLA_TYPE_MASK);
        value = _rest.Slice(headerSize, attribute.Length - headerSize);
        _rest = _rest.Slice(Math.Min(NetlinkWriter.Align(attribute.Length), _rest.Length));
        return true;
    }
}

/// <summary>Reads the pieces a message is made of; a short field (an older kernel's struct) reads as zeroes past its end.</summary>
internal static class NetlinkRead
{
    /// <summary>The fixed header at the start of a payload, and the attributes after it.</summary>
    public static T Header<T>(ReadOnlySpan<byte> payload, out ReadOnlySpan<byte> attributes)
        where T : unmanaged
    {
        int offset = NetlinkWriter.Align(Unsafe.SizeOf<T>());
        attributes = payload.Length > offset ? payload.Slice(offset) : default;
        return Struct<T>(payload);
    }

    public static T Struct<T>(ReadOnlySpan<byte> value)
        where T : unmanaged
    {
        int size = Unsafe.SizeOf<T>();
        if (value.Length >= size)
        {
            return MemoryMarshal.Read<T>(value);
        }

        Span<byte> padded = stackalloc byte[size];
        padded.Clear();
        value.CopyTo(padded);
        return MemoryMarshal.Read<T>(padded);
    }

    public static uint U32(ReadOnlySpan<byte> value) => Struct<uint>(value);

    public static byte U8(ReadOnlySpan<byte> value) => value.IsEmpty ? (byte)0 : value[0];

    /// <summary>A string attribute up to its NUL.</summary>
    public static string String(ReadOnlySpan<byte> value)
    {
        int end = value.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? value : value.Slice(0, end));
    }

    /// <summary>Whether a string attribute equals <paramref name="expected"/>, without allocating.</summary>
    public static bool StringEquals(ReadOnlySpan<byte> value, ReadOnlySpan<byte> expected)
    {
        int end = value.IndexOf((byte)0);
        return (end < 0 ? value : value.Slice(0, end)).SequenceEqual(expected);
    }

    /// <summary>An address attribute: 4 bytes are IPv4, 16 IPv6; anything else is not an address.</summary>
    public static IPAddress? Address(ReadOnlySpan<byte> value) => value.Length is 4 or 16 ? new IPAddress(value) : null;
}

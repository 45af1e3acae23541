using System;
using System.Diagnostics;
using System.Net;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using static Interop.Netlink;

namespace Namespaces.Netlink;

/// <summary>
/// The one place attributes are packed: writes a request (nlmsghdr, the family's fixed header, then attributes, nested
/// ones included) into a caller-owned buffer, each piece 4-byte aligned as NLMSG_ALIGN and NLA_ALIGN want. Nothing is
/// allocated: names are encoded straight into the buffer.
/// </summary>
internal ref struct NetlinkWriter
{
    private readonly Span<byte> _buffer;
    private int _length;

    public NetlinkWriter(Span<byte> buffer, ushort type, ushort flags, uint sequence)
    {
        _buffer = buffer;
        _length = 0;
        Struct(new NlMsgHdr { Type = type, Flags = (ushort)(flags | NLM_F_REQUEST), Sequence = sequence });
    }

    /// <summary>A fixed-size struct (a family header, or the ifinfomsg that opens a veth peer), aligned.</summary>
    public void Struct<T>(in T value)
        where T : unmanaged
    {
        int size = Unsafe.SizeOf<T>();
        Span<byte> target = Reserve(size);
        MemoryMarshal.Write(target, in value);
    }

    public void U8(ushort type, byte value) => MemoryMarshal.Write(Attribute(type, sizeof(byte)), in value);

    public void U16(ushort type, ushort value) => MemoryMarshal.Write(Attribute(type, sizeof(ushort)), in value);

    public void U32(ushort type, uint value) => MemoryMarshal.Write(Attribute(type, sizeof(uint)), in value);

    public void Bytes(ushort type, ReadOnlySpan<byte> value) => value.CopyTo(Attribute(type, value.Length));

    /// <summary>A NUL-terminated string attribute (NLA_STRING/NLA_NUL_STRING both accept it).</summary>
    public void String(ushort type, string value)
    {
        Span<byte> target = Attribute(type, Encoding.UTF8.GetByteCount(value) + 1);
        int written = Encoding.UTF8.GetBytes(value, target);
        target[written] = 0;
    }

    /// <summary>An address in network byte order: 4 bytes for IPv4, 16 for IPv6.</summary>
    public void Address(ushort type, IPAddress address)
    {
        Span<byte> target = Attribute(type, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 4 : 16);
        bool written = address.TryWriteBytes(target, out int length);
        Debug.Assert(written && length == target.Length);
    }

    /// <summary>Opens a nested attribute; attributes written until <see cref="EndNested"/> are its payload.</summary>
    public int BeginNested(ushort type)
    {
        int start = _length;
        Attribute((ushort)(type | NLA_F_NESTED), 0);
        return start;
    }

    public void EndNested(int start)
    {
        MemoryMarshal.Cast<byte, NlAttr>(_buffer.Slice(start))[0].Length = checked((ushort)(_length - start));
    }

    /// <summary>Sets nlmsg_len and returns the length of the whole message.</summary>
    public int Finish()
    {
        MemoryMarshal.Cast<byte, NlMsgHdr>(_buffer)[0].Length = (uint)_length;
        return _length;
    }

    private Span<byte> Attribute(ushort type, int payloadLength)
    {
        int size = Unsafe.SizeOf<NlAttr>() + payloadLength;
        Span<byte> target = Reserve(size);
        MemoryMarshal.Write(target, new NlAttr { Length = checked((ushort)size), Type = type });
        return target.Slice(Unsafe.SizeOf<NlAttr>(), payloadLength);
    }

    /// <summary>Takes <paramref name="size"/> bytes, zeroes the alignment padding after them.</summary>
    private Span<byte> Reserve(int size)
    {
        int aligned = Align(size);
        Span<byte> target = _buffer.Slice(_length, aligned); // a request never nears the buffer: names are checked first
        target.Slice(size).Clear();
        _length += aligned;
        return target.Slice(0, size);
    }

    internal static int Align(int length) => (length + NLMSG_ALIGNTO - 1) & ~(NLMSG_ALIGNTO - 1);
}

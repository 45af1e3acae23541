using System.Runtime.InteropServices;
using Namespaces.Netlink;

internal static partial class Interop
{
    // sys/socket.h and asm-generic/socket.h (x86-64 and arm64 share these numbers).
    internal const int AF_NETLINK = 16;
    internal const int SOCK_RAW = 3;
    internal const int SOCK_CLOEXEC = 0x80000;
    internal const int SOL_SOCKET = 1;
    internal const int SO_RCVTIMEO = 20;
    internal const int SO_SNDTIMEO = 21;
    internal const int MSG_TRUNC = 0x20;
    internal const int MSG_DONTWAIT = 0x40;

    /// <summary>struct timeval, as SO_RCVTIMEO takes it on 64-bit Linux.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct TimeVal
    {
        internal long Seconds;
        internal long Microseconds;
    }

    [LibraryImport(Libraries.Libc, EntryPoint = "socket", SetLastError = true)]
    private static partial SafeNetlinkHandle SocketRaw(int domain, int type, int protocol);

    [LibraryImport(Libraries.Libc, EntryPoint = "setsockopt", SetLastError = true)]
    private static unsafe partial int SetSockOptRaw(SafeNetlinkHandle socket, int level, int name, void* value, int length);

    [LibraryImport(Libraries.Libc, EntryPoint = "bind", SetLastError = true)]
    private static unsafe partial int BindRaw(SafeNetlinkHandle socket, void* address, int length);

    [LibraryImport(Libraries.Libc, EntryPoint = "getsockname", SetLastError = true)]
    private static unsafe partial int GetSockNameRaw(SafeNetlinkHandle socket, void* address, int* length);

    [LibraryImport(Libraries.Libc, EntryPoint = "send", SetLastError = true)]
    private static unsafe partial nint SendRaw(SafeNetlinkHandle socket, byte* buffer, nint length, int flags);

    [LibraryImport(Libraries.Libc, EntryPoint = "recvfrom", SetLastError = true)]
    private static unsafe partial nint ReceiveFromRaw(SafeNetlinkHandle socket, byte* buffer, nint length, int flags, void* address, int* addressLength);

    [LibraryImport(Libraries.Libc, EntryPoint = "close", SetLastError = true)]
    private static partial int CloseRaw(nint fd);

    /// <summary>socket(2) with SOCK_CLOEXEC always added; the handle is invalid when the result is not SUCCESS.</summary>
    internal static Error Socket(int domain, int type, int protocol, out SafeNetlinkHandle socket)
    {
        socket = SocketRaw(domain, type | SOCK_CLOEXEC, protocol);
        return socket.IsInvalid ? GetLastError() : Error.SUCCESS;
    }

    /// <summary>setsockopt(2) of an int option.</summary>
    internal static unsafe Error SetSocketOption(SafeNetlinkHandle socket, int level, int name, int value) =>
        Check(SetSockOptRaw(socket, level, name, &value, sizeof(int)));

    /// <summary>setsockopt(2) of a struct option (a timeval).</summary>
    internal static unsafe Error SetSocketOption<T>(SafeNetlinkHandle socket, int level, int name, in T value)
        where T : unmanaged
    {
        fixed (T* p = &value)
        {
            return Check(SetSockOptRaw(socket, level, name, p, sizeof(T)));
        }
    }

    /// <summary>bind(2) to a socket address struct.</summary>
    internal static unsafe Error Bind<TAddress>(SafeNetlinkHandle socket, in TAddress address)
        where TAddress : unmanaged
    {
        fixed (TAddress* p = &address)
        {
            return Check(BindRaw(socket, p, sizeof(TAddress)));
        }
    }

    /// <summary>getsockname(2) into a socket address struct.</summary>
    internal static unsafe Error GetSocketName<TAddress>(SafeNetlinkHandle socket, out TAddress address)
        where TAddress : unmanaged
    {
        TAddress result = default;
        int length = sizeof(TAddress);
        Error error = Check(GetSockNameRaw(socket, &result, &length));
        address = result;
        return error;
    }

    /// <summary>send(2) of the whole buffer in one datagram, EINTR retried.</summary>
    internal static unsafe Error Send(SafeNetlinkHandle socket, System.ReadOnlySpan<byte> buffer, out int sent)
    {
        nint rc;
        fixed (byte* p = buffer)
        {
            do
            {
                rc = SendRaw(socket, p, buffer.Length, 0);
            }
            while (Interrupted(rc));
        }
        sent = rc < 0 ? 0 : (int)rc;
        return Check(rc);
    }

    /// <summary>
    /// recvfrom(2) of one datagram, EINTR retried. <paramref name="received"/> is the datagram's full length
    /// (MSG_TRUNC), which exceeds the buffer when the datagram did not fit.
    /// </summary>
    internal static unsafe Error ReceiveFrom<TAddress>(SafeNetlinkHandle socket, System.Span<byte> buffer, int flags, out int received, out TAddress from)
        where TAddress : unmanaged
    {
        TAddress source = default;
        int length = sizeof(TAddress);
        nint rc;
        fixed (byte* p = buffer)
        {
            do
            {
                rc = ReceiveFromRaw(socket, p, buffer.Length, flags | MSG_TRUNC, &source, &length);
            }
            while (Interrupted(rc));
        }
        received = rc < 0 ? 0 : (int)rc;
        from = source;
        return Check(rc);
    }

    /// <summary>close(2); not retried on EINTR (Linux frees the descriptor anyway).</summary>
    internal static Error Close(nint fd) => Check(CloseRaw(fd));
}

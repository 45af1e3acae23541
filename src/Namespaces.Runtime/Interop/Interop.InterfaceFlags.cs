using System.Runtime.InteropServices;
using System.Text;

internal static partial class Interop
{
    private const nint SIOCGIFFLAGS = 0x8913;
    private const nint SIOCSIFFLAGS = 0x8914;
    internal const short IFF_UP = 0x1;
    private const int IFNAMSIZ = 16;

    [LibraryImport(Libraries.Libc, EntryPoint = "ioctl", SetLastError = true)]
    private static unsafe partial int IoctlRaw(System.Runtime.InteropServices.SafeHandle fd, nint request, byte* argument);

    /// <summary>Reads and rewrites an interface's flags through a socket (struct ifreq: a 16-byte name, then the flags); returns 0 or the errno.</summary>
    /// <param name="socket">Any socket of the network namespace the interface lives in.</param>
    /// <param name="name">The interface, e.g. "lo".</param>
    /// <param name="set">Flags to add, e.g. IFF_UP.</param>
    internal static unsafe int SetInterfaceFlags(SafeHandle socket, string name, short set)
    {
        byte* request = stackalloc byte[40];
        new System.Span<byte>(request, 40).Clear();
        int length = Encoding.ASCII.GetBytes(name, new System.Span<byte>(request, IFNAMSIZ - 1));
        request[length] = 0;
        if (IoctlRaw(socket, SIOCGIFFLAGS, request) < 0)
        {
            return Marshal.GetLastPInvokeError();
        }

        *(short*)(request + IFNAMSIZ) |= set;
        return IoctlRaw(socket, SIOCSIFFLAGS, request) < 0 ? Marshal.GetLastPInvokeError() : 0;
    }
}

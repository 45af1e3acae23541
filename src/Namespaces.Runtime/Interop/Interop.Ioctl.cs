using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using System.Text;

internal static partial class Interop
{
    // linux/nsfs.h: _IO(NSIO = 0xb7, 1) and _IO(NSIO = 0xb7, 3).
    private const nint NS_GET_USERNS = 0xb701;
    private const nint NS_GET_NSTYPE = 0xb703;

    // linux/sockios.h.
    private const nint SIOCGIFFLAGS = 0x8913;
    private const nint SIOCSIFFLAGS = 0x8914;

    internal const short IFF_UP = 0x1;
    private const int IFNAMSIZ = 16;

    /// <summary>struct ifreq (linux/if.h) with the member of its union used here: 16 bytes of name, then the flags.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 40)]
    internal unsafe struct IfReq
    {
        [FieldOffset(0)]
        public fixed byte Name[IFNAMSIZ];

        [FieldOffset(IFNAMSIZ)]
        public short Flags;
    }

    // The one ioctl declaration: every request here passes a pointer (or nothing, as null).
    [LibraryImport(Libraries.Libc, EntryPoint = "ioctl", SetLastError = true)]
    private static unsafe partial int IoctlRaw(SafeHandle fd, nint request, void* argument);

    /// <summary>The CLONE_NEW* type of a namespace fd (NS_GET_NSTYPE); ENOTTY: not a namespace file.</summary>
    internal static unsafe Error GetNamespaceType(SafeHandle fd, out int type)
    {
        int rc;
        do
        {
            rc = IoctlRaw(fd, NS_GET_NSTYPE, null);
        }
        while (Interrupted(rc));
        type = rc < 0 ? 0 : rc;
        return Check(rc);
    }

    /// <summary>
    /// The user namespace that owns the namespace <paramref name="fd"/> refers to (NS_GET_USERNS: a new close-on-exec
    /// descriptor); EPERM: the owner is outside the caller's user namespace tree.
    /// </summary>
    internal static unsafe Error GetOwningUserNamespace(SafeHandle fd, out SafeFileHandle owner)
    {
        int rc;
        do
        {
            rc = IoctlRaw(fd, NS_GET_USERNS, null);
        }
        while (Interrupted(rc));
        owner = new SafeFileHandle(rc < 0 ? -1 : rc, ownsHandle: rc >= 0);
        return Check(rc);
    }

    /// <summary>Reads and rewrites an interface's flags through a socket (SIOCGIFFLAGS, then SIOCSIFFLAGS).</summary>
    /// <param name="socket">Any socket of the network namespace the interface lives in.</param>
    /// <param name="name">The interface, e.g. "lo": at most 15 ASCII characters.</param>
    /// <param name="set">Flags to add, e.g. IFF_UP.</param>
    internal static unsafe Error SetInterfaceFlags(SafeHandle socket, string name, short set)
    {
        IfReq request = default;
        int length = Encoding.ASCII.GetBytes(name, new System.Span<byte>(request.Name, IFNAMSIZ - 1));
        System.Diagnostics.Debug.Assert(length == name.Length, "interface names are short ASCII");
        int rc;
        do
        {
            rc = IoctlRaw(socket, SIOCGIFFLAGS, &request);
        }
        while (Interrupted(rc));
        if (rc < 0)
        {
            return GetLastError();
        }

        request.Flags |= set;
        do
        {
            rc = IoctlRaw(socket, SIOCSIFFLAGS, &request);
        }
        while (Interrupted(rc));
        return Check(rc);
    }
}

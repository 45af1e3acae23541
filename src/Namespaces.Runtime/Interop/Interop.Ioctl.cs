using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

internal static partial class Interop
{
    // linux/nsfs.h: _IO(0xb7, n).
    private const nint NS_GET_NSTYPE = 0xb703;
    private const nint NS_GET_OWNER_UID = 0xb704;

    [LibraryImport(Libraries.Libc, EntryPoint = "ioctl", SetLastError = true)]
    private static partial int IoctlRaw(SafeFileHandle fd, nint request, nint argument);

    [LibraryImport(Libraries.Libc, EntryPoint = "ioctl", SetLastError = true)]
    private static unsafe partial int IoctlRaw(SafeFileHandle fd, nint request, uint* argument);

    /// <summary>The CLONE_NEW* type of a namespace fd, or -errno (ENOTTY: not a namespace file).</summary>
    internal static int GetNamespaceType(SafeFileHandle fd)
    {
        int type = IoctlRaw(fd, NS_GET_NSTYPE, 0);
        return type < 0 ? -Marshal.GetLastPInvokeError() : type;
    }

    /// <summary>The uid (in the caller's user namespace) of the creator of a user namespace; returns 0 or the errno.</summary>
    internal static unsafe int GetOwnerUid(SafeFileHandle userNamespace, out uint uid)
    {
        uint value = 0;
        int rc = IoctlRaw(userNamespace, NS_GET_OWNER_UID, &value);
        uid = value;
        return rc < 0 ? Marshal.GetLastPInvokeError() : 0;
    }
}

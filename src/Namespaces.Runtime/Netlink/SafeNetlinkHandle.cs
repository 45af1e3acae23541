using Microsoft.Win32.SafeHandles;

namespace Namespaces.Netlink;

/// <summary>A netlink socket's descriptor (.NET's Socket refuses AF_NETLINK); closed once, when the last user lets go.</summary>
internal sealed class SafeNetlinkHandle : SafeHandleMinusOneIsInvalid
{
    public SafeNetlinkHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle() => Interop.Close(handle) == Interop.Error.SUCCESS;
}

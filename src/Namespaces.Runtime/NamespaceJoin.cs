using Microsoft.Win32.SafeHandles;

namespace Namespaces;

/// <summary>setns(2) of the calling thread into namespaces held as handles, in <see cref="NamespaceKinds.JoinOrder"/>.</summary>
internal static class NamespaceJoin
{
    /// <summary>Joins each of <paramref name="namespaces"/>; a mount namespace needs the thread's own fs_struct first.</summary>
    /// <exception cref="NamespaceException">A setns failed; the thread may have joined the ones before it.</exception>
    public static void Join(SafeFileHandle?[] handles, NS namespaces)
    {
        if ((namespaces & NS.Mnt) != 0)
        {
            int errno = Interop.Unshare(Interop.CLONE_FS);
            if (errno != 0)
            {
                throw NamespaceException.FromErrno("unshare(CLONE_FS) before joining a mount namespace", errno, NS.Mnt);
            }
        }
        foreach (NS ns in NamespaceKinds.JoinOrder)
        {
            if ((namespaces & ns) == 0)
            {
                continue;
            }

            SafeFileHandle handle = handles[NamespaceKinds.Index(ns)]
                ?? throw new NamespaceException($"No {NamespaceKinds.ProcName(ns)} namespace handle to join.", Interop.Errno.EBADF, ns);
            int errno = Interop.SetNs(handle, (int)ns);
            if (errno != 0)
            {
                throw NamespaceException.FromErrno("Joining", errno, ns);
            }
        }
    }
}

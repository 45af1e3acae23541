using System;
using System.Collections.Generic;
using System.IO;
using Namespaces.Testing;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Namespaces.Tests.Support;

/// <summary>Which user namespace owns a namespace, asked of the kernel with ioctl NS_GET_USERNS (and NS_GET_PARENT).</summary>
internal static partial class Owners
{
    private const nint NS_GET_USERNS = 0xb701;
    private const nint NS_GET_PARENT = 0xb702;

    /// <summary>"user:[N]" of the user namespace that owns <paramref name="ns"/> of <paramref name="set"/>.</summary>
    public static string OwnerOf(NamespaceSet set, NS ns) => Ask(set, ns, NS_GET_USERNS);

    /// <summary>"user:[N]" of the parent of the set's user namespace.</summary>
    public static string ParentOf(NamespaceSet set) => Ask(set, NS.User, NS_GET_PARENT);

    /// <summary>"user:[N]" of process <paramref name="pid"/>'s user namespace and each ancestor we can see; empty if it exited.</summary>
    public static List<string> UserNamespacesOf(int pid)
    {
        var chain = new List<string>();
        SafeFileHandle user;
        try
        {
            user = File.OpenHandle($"/proc/{pid}/ns/user");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return chain;
        }

        try
        {
            while (true)
            {
                chain.Add(Kernel.Link($"/proc/self/fd/{user.DangerousGetHandle()}"));
                int parent = ioctl(user, NS_GET_PARENT, 0);
                if (parent < 0)
                {
                    return chain; // EPERM: the initial user namespace (or one outside ours)
                }

                user.Dispose();
                user = new SafeFileHandle(parent, ownsHandle: true);
            }
        }
        finally
        {
            user.Dispose();
        }
    }

    private static string Ask(NamespaceSet set, NS ns, nint request)
    {
        using FdSet fds = set.Fds(ns);
        int fd = ioctl(fds[ns], request, 0);
        if (fd < 0)
        {
            throw new InvalidOperationException($"ioctl 0x{request:x} on the {ns} namespace failed: errno {Marshal.GetLastPInvokeError()}");
        }

        using var owner = new SafeFileHandle(fd, ownsHandle: true);
        return Kernel.Link($"/proc/self/fd/{fd}");
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int ioctl(SafeHandle fd, nint request, nint argument);
}

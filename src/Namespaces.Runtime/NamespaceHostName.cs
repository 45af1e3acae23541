using System;
using Namespaces.CompilerServices;

namespace Namespaces;

/// <summary>The hostname of a set's UTS namespace: <c>set.SetHostName("box")</c>, <c>set.GetHostName()</c>.</summary>
public static class NamespaceHostName
{
    /// <summary>Sets the hostname inside the set's UTS namespace (sethostname(2) on one of its namespace threads).</summary>
    /// <param name="set">A set holding a UTS namespace.</param>
    /// <param name="hostName">At most 64 ASCII characters.</param>
    /// <exception cref="MissingNamespaceException">The set holds no UTS namespace.</exception>
    /// <exception cref="ArgumentException">The name is longer than <see cref="MaxHostNameLength"/> or not printable ASCII.</exception>
    /// <exception cref="NamespaceException">The kernel refused (EPERM: no CAP_SYS_ADMIN).</exception>
    public static void SetHostName(this NamespaceSet set, string hostName)
    {
        ArgumentException.ThrowIfNullOrEmpty(hostName);
        CheckHostName(hostName);
        var state = new Request(hostName);
        Interop.Error error = NamespaceDispatch.Invoke(set, NS.Uts, "NamespaceHostName.SetHostName", ref state, static (ref Request s) => Interop.SetHostName(s.HostName));
        if (error != Interop.Error.SUCCESS)
        {
            throw NamespaceException.FromErrno($"Setting the hostname to '{hostName}'", error, NS.Uts);
        }
    }

    /// <summary>The kernel's limit on a hostname (HOST_NAME_MAX), in bytes.</summary>
    public const int MaxHostNameLength = 64;

    private static void CheckHostName(string hostName)
    {
        foreach (char c in hostName)
        {
            if (c is < ' ' or > '~')
            {
                throw new ArgumentException($"SetHostName: '{hostName}' holds U+{(int)c:X4}; a hostname is printable ASCII (anything else would be stored garbled).", nameof(hostName));
            }
        }

        if (hostName.Length > MaxHostNameLength)
        {
            throw new ArgumentException($"SetHostName: '{hostName}' is {hostName.Length} characters; the kernel takes at most {MaxHostNameLength} (HOST_NAME_MAX).", nameof(hostName));
        }
    }

    /// <summary>The hostname inside the set's UTS namespace.</summary>
    /// <param name="set">A set holding a UTS namespace.</param>
    /// <returns>The hostname.</returns>
    /// <exception cref="MissingNamespaceException">The set holds no UTS namespace.</exception>
    public static string GetHostName(this NamespaceSet set)
    {
        var state = default(Request);
        return NamespaceDispatch.Invoke(set, NS.Uts, "NamespaceHostName.GetHostName", ref state, static (ref Request _) => System.Net.Dns.GetHostName());
    }

    private readonly record struct Request(string HostName);
}

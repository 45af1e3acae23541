using System;
using System.Globalization;
using System.IO;
using Microsoft.Win32.SafeHandles;

namespace Namespaces;

/// <summary>
/// What an EPERM from setns means, told by who owns the namespace. setns needs CAP_SYS_ADMIN over the user namespace
/// that owns the target; a process that stands in a user namespace of its own (rootless, in a container) has its
/// capabilities only there and below, so a namespace owned by an ancestor (the host's) or a sibling is out of reach
/// however root it is inside: "run as root" is then the wrong advice.
/// </summary>
internal static class JoinPermission
{
    /// <summary>The EPERM hint for joining the namespace behind <paramref name="target"/>; null when the usual one fits.</summary>
    /// <remarks>Never throws: it runs on a namespace thread's failure path, where the set may be disposed meanwhile.</remarks>
    public static string? Hint(SafeFileHandle target, NS ns)
    {
        try
        {
            return Describe(target, ns);
        }
        catch (ObjectDisposedException)
        {
            return null; // the set was disposed while we looked: the usual advice will do
        }
        catch (NamespaceException)
        {
            return null; // its inode could not be read (fstat failed): nothing better to say than the usual
        }
    }

    private static string? Describe(SafeFileHandle target, NS ns)
    {
        string? mine = Link("/proc/thread-self/ns/user");
        if (mine is null || StandsInInitialUserNamespace())
        {
            return null; // the host's root lacks nothing but the capability itself: the usual advice holds
        }

        string? owner = null;
        Interop.Error error = Interop.GetOwningUserNamespace(target, out SafeFileHandle ownerHandle);
        using (ownerHandle)
        {
            if (error == Interop.Error.SUCCESS)
            {
                owner = Link(string.Create(CultureInfo.InvariantCulture, $"/proc/self/fd/{ownerHandle.DangerousGetHandle().ToInt32()}"));
            }
        }
        string name = NamespaceKinds.ProcName(ns);
        string subject = $"The {name} namespace {NamespaceFile.Id(target, ns)}";
        if (owner == mine)
        {
            return $" {subject} is owned by this process's own user namespace ({mine}), where it lacks CAP_SYS_ADMIN: run as root inside it (uid 0 in its uid_map) or with the capability.";
        }

        // NS_GET_USERNS names an owner only inside the caller's own user namespace tree; EPERM means an ancestor's or a sibling's.
        string ownedBy = owner is null
            ? $"a user namespace outside this process's own (an ancestor such as the host's, or another container's: NS_GET_USERNS gave {error.Name()})"
            : "user namespace " + owner;
        return $" {subject} is owned by {ownedBy}, and this process stands in user namespace {mine}, which is not the initial one: its capabilities count only over namespaces owned by {mine} or its descendants, so a namespace of the host or of another container cannot be joined from here, as root inside or not. Join it from a process of the owning user namespace or an ancestor (root on the host), or create the namespaces from this process's own user namespace.";
    }

    private static string? Link(string path) => Interop.ReadLink(path, out string? target) == Interop.Error.SUCCESS ? target : null;

    /// <summary>The initial user namespace maps every id to itself: "0 0 4294967295", one line.</summary>
    private static bool StandsInInitialUserNamespace()
    {
        try
        {
            string[] fields = File.ReadAllText("/proc/thread-self/uid_map").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            return fields is ["0", "0", "4294967295"];
        }
        catch (IOException)
        {
            return true; // cannot tell: keep the usual advice
        }
        catch (UnauthorizedAccessException)
        {
            return true;
        }
    }
}

using System;
using System.ComponentModel;
using Namespaces.CompilerServices;
using static Interop.MountFlags;

namespace Namespaces;

/// <summary>
/// Mounts inside a set's mount namespace (<c>MountInside</c>, <c>BindMountInside</c>, <c>UnmountInside</c>), made on one
/// of its namespace threads; not to be confused with <see cref="NamespaceSet.Mount"/> and <see cref="NamespaceSet.MountNS"/>,
/// which pin the set's namespace files onto the caller's file system. The host's mount table does not
/// change (new mount namespaces are private by default, see <see cref="UnshareOptions.MountPropagation"/>). Called
/// from a <see cref="RunInNamespaceAttribute"/> body of the same set, they run inline. Paths are absolute: a thread
/// that joined a mount namespace has its root as working directory.
/// </summary>
public static class NamespaceMounts
{
    /// <summary>mount(2) of a file system inside the set, e.g. <c>set.MountInside("tmpfs", "/sandbox", "tmpfs", MountOptions.NoSuid, "size=16m")</c>.</summary>
    /// <param name="set">A set holding a mount namespace.</param>
    /// <param name="source">The device or a name (for tmpfs, proc: anything; it shows in mountinfo).</param>
    /// <param name="target">An existing directory, absolute.</param>
    /// <param name="fileSystemType">E.g. "tmpfs", "proc", "sysfs".</param>
    /// <param name="options">Mount flags.</param>
    /// <param name="data">File-system options, e.g. "size=16m,mode=0755".</param>
    /// <exception cref="NamespaceException">The kernel refused, with its errno.</exception>
    public static void MountInside(this NamespaceSet set, string source, string target, string fileSystemType, MountOptions options = MountOptions.None, string? data = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        ArgumentException.ThrowIfNullOrEmpty(fileSystemType);
        var state = new Request(source, RequireAbsolute(target), fileSystemType, (ulong)options, data);
        Check(NamespaceDispatch.Invoke(set, NS.Mnt, "NamespaceMounts.MountInside", ref state,
            static (ref Request s) => Interop.Mount(s.Source, s.Target, s.Type, s.Flags, s.Data)), $"Mounting {fileSystemType} on", target);
    }

    /// <summary>
    /// Binds <paramref name="source"/> onto <paramref name="target"/> inside the set (MS_BIND). With <see cref="MountOptions.ReadOnly"/>
    /// (or other flags) the bind is then remounted with them, keeping the nosuid/nodev/noexec the source already has:
    /// a bind takes flags only from a remount, and inside a user namespace the kernel refuses one that drops them.
    /// </summary>
    /// <param name="set">A set holding a mount namespace.</param>
    /// <param name="source">An existing file or directory, absolute.</param>
    /// <param name="target">An existing file or directory of the same kind, absolute.</param>
    /// <param name="options">Flags the bind gets.</param>
    /// <exception cref="NamespaceException">The kernel refused, with its errno.</exception>
    public static void BindMountInside(this NamespaceSet set, string source, string target, MountOptions options = MountOptions.None)
    {
        var state = new Request(RequireAbsolute(source), RequireAbsolute(target), null, (ulong)options, null);
        Interop.Error error = NamespaceDispatch.Invoke(set, NS.Mnt, "NamespaceMounts.BindMountInside", ref state, static (ref Request s) =>
        {
            Interop.Error error = Interop.Mount(s.Source, s.Target, null, MS_BIND);
            if (error != Interop.Error.SUCCESS || s.Flags == 0)
            {
                return error;
            }

            error = Interop.GetMountFlags(s.Target, out ulong current);
            return error != Interop.Error.SUCCESS ? error : Interop.Mount("none", s.Target, null, MS_REMOUNT | MS_BIND | s.Flags | (current & (MS_NOSUID | MS_NODEV | MS_NOEXEC)));
        });
        Check(error, $"Binding '{source}' onto", target);
    }

    /// <summary>Unmounts <paramref name="target"/> inside the set's mount namespace (lazily: MNT_DETACH).</summary>
    /// <param name="set">A set holding a mount namespace.</param>
    /// <param name="target">The mount point, absolute.</param>
    /// <exception cref="NamespaceException">Not a mount point (EINVAL), or the kernel refused.</exception>
    public static void UnmountInside(this NamespaceSet set, string target)
    {
        var state = new Request("", RequireAbsolute(target), null, 0, null);
        Check(NamespaceDispatch.Invoke(set, NS.Mnt, "NamespaceMounts.UnmountInside", ref state,
            static (ref Request s) => Interop.Unmount(s.Target, Interop.UnmountFlags.MNT_DETACH)), "Unmounting", target);
    }

    /// <summary>The old name of <see cref="MountInside"/>.</summary>
    /// <param name="set">A set holding a mount namespace.</param>
    /// <param name="source">The device or a name.</param>
    /// <param name="target">An existing directory, absolute.</param>
    /// <param name="fileSystemType">E.g. "tmpfs".</param>
    /// <param name="options">Mount flags.</param>
    /// <param name="data">File-system options.</param>
    [Obsolete("Use MountInside: MountFileSystem read too much like NamespaceSet.Mount, which pins namespace files on the host. MountFileSystem will be removed in the next release.")]
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static void MountFileSystem(this NamespaceSet set, string source, string target, string fileSystemType, MountOptions options = MountOptions.None, string? data = null)
        => MountInside(set, source, target, fileSystemType, options, data);

    /// <summary>The old name of <see cref="BindMountInside"/>.</summary>
    /// <param name="set">A set holding a mount namespace.</param>
    /// <param name="source">An existing file or directory, absolute.</param>
    /// <param name="target">An existing file or directory of the same kind, absolute.</param>
    /// <param name="options">Flags the bind gets.</param>
    [Obsolete("Use BindMountInside: BindMount read too much like NamespaceSet.Mount, which pins namespace files on the host. BindMount will be removed in the next release.")]
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static void BindMount(this NamespaceSet set, string source, string target, MountOptions options = MountOptions.None)
        => BindMountInside(set, source, target, options);

    /// <summary>The old name of <see cref="UnmountInside"/>.</summary>
    /// <param name="set">A set holding a mount namespace.</param>
    /// <param name="target">The mount point, absolute.</param>
    [Obsolete("Use UnmountInside: UnmountFileSystem read too much like NamespaceSet.Unmount, which removes a pinned namespace file. UnmountFileSystem will be removed in the next release.")]
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static void UnmountFileSystem(this NamespaceSet set, string target) => UnmountInside(set, target);

    private static string RequireAbsolute(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!path.StartsWith('/'))
        {
            throw new ArgumentException($"'{path}' is relative; inside a mount namespace the working directory is its root, so give an absolute path.", nameof(path));
        }

        return path;
    }

    private static void Check(Interop.Error error, string operation, string target)
    {
        if (error != Interop.Error.SUCCESS)
        {
            throw NamespaceException.FromErrno(operation, error, NS.Mnt, target, NamespaceException.MountPermissionHint);
        }
    }

    private readonly record struct Request(string Source, string Target, string? Type, ulong Flags, string? Data);
}

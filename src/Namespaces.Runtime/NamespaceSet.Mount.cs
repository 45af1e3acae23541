using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.Win32.SafeHandles;
using static Interop.MountFlags;
using static Interop.UnmountFlags;
using static Interop.OpenFlags;

namespace Namespaces;

public sealed partial class NamespaceSet
{
    /// <summary>
    /// Bind-mounts every namespace of the set into <paramref name="targetDirectory"/>, one file per namespace named as
    /// in /proc/PID/ns (<c>net</c>, <c>mnt</c>, ...), so they outlive the set; <see cref="FromDir"/> reopens them
    /// (gonso's <c>Mount</c>). The mounts are made in the calling thread's mount namespace; remove each with
    /// <see cref="Unmount"/>. If one mount fails, those already made are removed.
    /// </summary>
    /// <param name="targetDirectory">An existing directory, not under /proc.</param>
    /// <exception cref="NamespaceException">The directory is missing, a file is in the way, or mount(2) failed (EPERM
    /// without CAP_SYS_ADMIN; EINVAL for a mount namespace bound onto a shared mount or into itself).</exception>
    /// <exception cref="ObjectDisposedException">The set was disposed.</exception>
    public void Mount(string targetDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(targetDirectory);
        ThrowIfDisposed();
        if (!Directory.Exists(targetDirectory))
        {
            throw new NamespaceException($"The mount target directory '{targetDirectory}' does not exist.", Interop.Error.ENOENT, Flags);
        }

        // Every target first: a file in the way is refused before anything is mounted.
        foreach (NS ns in NamespaceKinds.Each(Flags))
        {
            CheckExistingTarget(CheckMountTarget(Path.Combine(targetDirectory, NamespaceKinds.ProcName(ns)), ns), ns);
        }

        var mounted = new List<string>();
        try
        {
            foreach (NS ns in NamespaceKinds.Each(Flags))
            {
                string target = Path.Combine(targetDirectory, NamespaceKinds.ProcName(ns));
                MountNS(ns, target);
                mounted.Add(target);
            }
        }
        catch
        {
            foreach (string target in mounted)
            {
                Unmount(target);
            }

            throw;
        }
    }

    /// <summary>
    /// Bind-mounts one namespace of the set onto the file <paramref name="target"/>, created if missing, so it outlives
    /// the set (gonso's <c>MountNS</c>). <see cref="FromPath"/> reopens it. A target in <c>/run/netns</c> makes a
    /// named network namespace that <c>ip netns exec NAME</c> enters; that directory is prepared as iproute2 does
    /// (a shared mount point). Remove it with <see cref="Unmount"/>; see also <see cref="NamedNetns"/>.
    /// </summary>
    /// <param name="ns">One namespace the set holds; <see cref="NS.None"/> when the set holds exactly one.</param>
    /// <param name="target">The file to mount onto: its directory must exist; not a symlink, not under /proc.</param>
    /// <exception cref="ArgumentException"><paramref name="ns"/> is not one type, or <see cref="NS.None"/> for a set of several.</exception>
    /// <exception cref="MissingNamespaceException">The set does not hold <paramref name="ns"/>.</exception>
    /// <exception cref="NamespaceException">The target is refused, or mount(2) failed.</exception>
    /// <exception cref="ObjectDisposedException">The set was disposed.</exception>
    public void MountNS(NS ns, string target)
    {
        ArgumentException.ThrowIfNullOrEmpty(target);
        if (ns == NS.None)
        {
            if (!NamespaceKinds.IsSingle(Flags))
            {
                throw new ArgumentException($"ns is NS.None but the set holds several namespaces ({NamespaceKinds.Describe(Flags)}): name one.", nameof(ns));
            }

            ns = Flags;
        }
        NamespaceKinds.ValidateSingle(ns, nameof(ns));
        SafeFileHandle handle = Handle(ns, "NamespaceSet.MountNS");
        string fullTarget = CheckMountTarget(target, ns);
        if (Path.GetDirectoryName(fullTarget) == NamedNetns.Directory)
        {
            NamedNetns.PrepareDirectory();
        }

        bool created = CreateTargetFile(fullTarget, ns);
        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            string source = NamespaceFile.FdPath(handle);
            Interop.Error error = Interop.Mount(source, fullTarget, "none", MS_BIND);
            if (error != Interop.Error.SUCCESS)
            {
                string hint = error == Interop.Error.EINVAL && ns == NS.Mnt
                    ? " A mount namespace can be bound only outside itself, onto a mount that is not shared (make the target's mount private), and only into an older mount namespace."
                    : "";
                throw new NamespaceException(NamespaceException.FromErrno("Bind-mounting the namespace onto", error, ns, fullTarget, NamespaceException.MountPermissionHint).Message + hint, error, ns);
            }
        }
        catch
        {
            if (created)
            {
                File.Delete(fullTarget);
                s_createdTargets.TryRemove(fullTarget, out _);
            }

            throw;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>
    /// Removes a namespace mount made by <see cref="Mount"/> or <see cref="MountNS"/> (or by <c>ip netns add</c>), lazily
    /// as <c>ip netns del</c> does, so a process still inside keeps working; then deletes the file it was mounted on if
    /// the library created it for the mount (or, in /run/netns, if it is the empty file such a name stands on). The
    /// namespace itself goes away once nothing else holds it. Nothing else is ever removed: a file with no namespace
    /// mounted on it, or another kind of mount, is refused and left as it is.
    /// </summary>
    /// <param name="target">The mounted file.</param>
    /// <exception cref="NamespaceException">The target does not exist (ENOENT), no namespace is mounted on it (EINVAL),
    /// or umount2(2) failed.</exception>
    public static void Unmount(string target)
    {
        ArgumentException.ThrowIfNullOrEmpty(target);
        string fullTarget = Path.GetFullPath(target);
        if (!Path.Exists(fullTarget))
        {
            throw new NamespaceException($"'{fullTarget}' does not exist: there is no namespace mounted there.", Interop.Error.ENOENT, NS.None);
        }

        // What is visible at the path must be a namespace file (nsfs): only a namespace bind mount shows one there.
        if (!NamespaceFile.IsOnFileSystem(fullTarget, O_NOFOLLOW, Interop.NSFS_MAGIC, out _))
        {
            string what = Directory.Exists(fullTarget) ? "a directory" : new FileInfo(fullTarget).LinkTarget is not null ? "a symlink" : "a file";
            throw new NamespaceException($"'{fullTarget}' is {what}, and no namespace is mounted on it: Unmount removes only namespace mounts, so it was left as it is (EINVAL).", Interop.Error.EINVAL, NS.None);
        }

        Interop.Error error = Interop.Unmount(fullTarget, MNT_DETACH | UMOUNT_NOFOLLOW);
        if (error != Interop.Error.SUCCESS)
        {
            throw NamespaceException.FromErrno("Unmounting", error, NS.None, fullTarget, NamespaceException.MountPermissionHint);
        }

        if (!IsMountTargetToRemove(fullTarget))
        {
            return;
        }

        error = Interop.Unlink(fullTarget);
        if (error != Interop.Error.SUCCESS)
        {
            // EBUSY: something is still mounted on it (a mount stacked by someone else, or in another mount namespace).
            throw NamespaceException.FromErrno("Deleting the unmounted target", error, NS.None, fullTarget);
        }
        s_createdTargets.TryRemove(fullTarget, out _);
    }

    /// <summary>Marks a file the library created to mount a namespace on, so that any later Unmount (in any process) may remove it.</summary>
    private const string CreatedTargetAttribute = "user.namespaces-dotnet.mount-target";

    // Targets this process created where the file system keeps no attributes: the same mark, in memory.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> s_createdTargets = new(StringComparer.Ordinal);

    /// <summary>
    /// After the unmount: whether what is left at the path is an empty regular file made only to carry the mount —
    /// by this library (its mark, or its record for file systems without attributes) or, in iproute2's /run/netns, by
    /// whoever named the namespace there.
    /// </summary>
    private static bool IsMountTargetToRemove(string fullTarget)
    {
        if (Interop.GetFileTypeAndSize(fullTarget, out int type, out ulong size) != Interop.Error.SUCCESS || type != Interop.S_IFREG || size != 0
            || NamespaceFile.IsOnFileSystem(fullTarget, O_NOFOLLOW, Interop.NSFS_MAGIC, out _))
        {
            return false;
        }

        return Path.GetDirectoryName(fullTarget) == NamedNetns.Directory
            || Interop.HasAttribute(fullTarget, CreatedTargetAttribute)
            || s_createdTargets.ContainsKey(fullTarget);
    }

    /// <summary>Refuses an existing target that holds anything a user may care about: data, or a file that is not a regular one.</summary>
    private static void CheckExistingTarget(string fullTarget, NS ns)
    {
        if (Interop.GetFileTypeAndSize(fullTarget, out int type, out ulong size) != Interop.Error.SUCCESS
            || NamespaceFile.IsOnFileSystem(fullTarget, O_NOFOLLOW, Interop.NSFS_MAGIC, out _))
        {
            return; // missing (it will be created) or a namespace already mounted there: CreateTargetFile says why
        }

        if (type == Interop.S_IFLNK)
        {
            return; // CheckMountTarget refuses symlinks, naming where they lead
        }

        if (type != Interop.S_IFREG)
        {
            throw new NamespaceException($"Refusing to mount the {NamespaceKinds.ProcName(ns)} namespace onto '{fullTarget}': it is not a regular file (a device, FIFO or socket). Name a new file, or an empty one.", Interop.Error.EINVAL, ns);
        }

        if (size != 0)
        {
            throw new NamespaceException($"Refusing to mount the {NamespaceKinds.ProcName(ns)} namespace onto '{fullTarget}': it holds data ({size} bytes) that the mount would hide. Name a new file, or an empty one.", Interop.Error.EEXIST, ns);
        }
    }

    /// <summary>Refuses targets that would mount somewhere unexpected: through a symlink, or into procfs.</summary>
    private static string CheckMountTarget(string target, NS ns)
    {
        string fullTarget = Path.GetFullPath(target);
        if (fullTarget == "/proc" || fullTarget.StartsWith("/proc/", StringComparison.Ordinal))
        {
            throw new NamespaceException($"Refusing to mount a namespace onto '{fullTarget}': targets under /proc are not allowed.", Interop.Error.EINVAL, ns);
        }

        var info = new FileInfo(fullTarget);
        if (info.LinkTarget is not null)
        {
            throw new NamespaceException($"Refusing to mount onto '{fullTarget}': it is a symlink (to '{info.LinkTarget}'); name the real file.", Interop.Error.ELOOP, ns);
        }

        if (Directory.Exists(fullTarget))
        {
            throw new NamespaceException($"'{fullTarget}' is a directory; MountNS mounts onto a file (use Mount for a directory of namespace files).", Interop.Error.EISDIR, ns);
        }

        string? directory = Path.GetDirectoryName(fullTarget);
        if (directory is not null && directory != NamedNetns.Directory && !Directory.Exists(directory))
        {
            throw new NamespaceException($"The directory of mount target '{fullTarget}' does not exist.", Interop.Error.ENOENT, ns);
        }
        // Where the directory really is: a symlinked directory on the way may lead into procfs.
        if (directory is not null && NamespaceFile.IsOnFileSystem(directory, O_DIRECTORY, Interop.PROC_SUPER_MAGIC, out string? real))
        {
            throw new NamespaceException($"Refusing to mount a namespace onto '{fullTarget}': its directory is '{real}' on procfs, and targets under /proc are not allowed.", Interop.Error.EINVAL, ns);
        }

        return fullTarget;
    }

    /// <summary>Creates the empty file a namespace is bound onto, without following a symlink planted meanwhile.</summary>
    /// <returns>Whether it was created (and must be removed if the mount fails).</returns>
    private static bool CreateTargetFile(string fullTarget, NS ns)
    {
        Interop.Error error = Interop.Open(fullTarget, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, out SafeFileHandle file, mode: 0);
        if (error == Interop.Error.SUCCESS)
        {
            // Marked as the library's own, so that Unmount (in this process or a later one) may remove it.
            if (Interop.SetEmptyAttribute(file, CreatedTargetAttribute) != Interop.Error.SUCCESS)
            {
                s_createdTargets.TryAdd(fullTarget, 0);
            }

            file.Dispose();
            return true;
        }

        file.Dispose();

        if (error == Interop.Error.EEXIST && File.Exists(fullTarget) && new FileInfo(fullTarget).LinkTarget is null)
        {
            // A file on nsfs has a namespace mounted on it already: a second bind would stack on the first, and one
            // Unmount would then leave a mount behind.
            if (NamespaceFile.IsOnFileSystem(fullTarget, O_NOFOLLOW, Interop.NSFS_MAGIC, out _))
            {
                throw new NamespaceException($"'{fullTarget}' already has a namespace mounted on it; Unmount it first.", Interop.Error.EBUSY, ns);
            }

            CheckExistingTarget(fullTarget, ns);
            return false;
        }
        throw NamespaceException.FromErrno("Creating mount target", error, ns, fullTarget);
    }
}

using System;
using System.IO;
using Microsoft.Win32.SafeHandles;
using static Interop.OpenFlags;

namespace Namespaces;

public sealed partial class NamespaceSet
{
    /// <summary>The namespaces the calling thread stands in (gonso's <c>Current</c>).</summary>
    /// <param name="namespaces">Which ones; <see cref="NS.None"/> for every type the kernel has except user.</param>
    /// <returns>A set the caller must dispose.</returns>
    /// <exception cref="ArgumentException">Unknown flag bits.</exception>
    /// <exception cref="NotSupportedException">The kernel has no such namespace type.</exception>
    /// <exception cref="NamespaceException">A namespace file could not be opened.</exception>
    public static NamespaceSet Current(NS namespaces = NS.None)
    {
        NamespaceKinds.Validate(namespaces, allowNone: true, nameof(namespaces));
        if (namespaces == NS.None)
        {
            namespaces = NamespaceKinds.Supported & ~NS.User;
        }

        NamespaceKinds.ThrowIfUnsupported(namespaces);
        return new NamespaceSet(NamespaceHandles.OpenLinks("/proc/thread-self/ns/", namespaces), pidInit: null);
    }

    /// <summary>
    /// The namespaces of process <paramref name="pid"/> (its main thread). The files are opened relative to one
    /// open <c>/proc/PID</c> directory, so a pid recycled meanwhile cannot mix two processes.
    /// </summary>
    /// <param name="pid">A process id, as seen in the caller's pid namespace.</param>
    /// <param name="namespaces">Which ones; <see cref="NS.None"/> for every type the kernel has except user.</param>
    /// <param name="forChildren">Take the pid and time namespaces the process gives its children
    /// (<c>pid_for_children</c>, <c>time_for_children</c>) instead of its own: what a process that called
    /// unshare(CLONE_NEWPID) created. Note that <c>$!</c> of <c>unshare --pid --fork CMD &amp;</c> is unshare itself, which
    /// stays in the old pid namespace: its own pid namespace is the caller's, its <c>pid_for_children</c> the new one (the
    /// pid of CMD is its child's). <c>pid_for_children</c> cannot be opened (ENOENT) before the first process exists in it.</param>
    /// <returns>A set the caller must dispose.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="pid"/> is not positive.</exception>
    /// <exception cref="NamespaceException">No such process (ESRCH), or no permission to read its namespaces.</exception>
    public static NamespaceSet FromPid(int pid, NS namespaces, bool forChildren = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pid);
        NamespaceKinds.Validate(namespaces, allowNone: true, nameof(namespaces));
        if (namespaces == NS.None)
        {
            namespaces = NamespaceKinds.Supported & ~NS.User;
        }

        NamespaceKinds.ThrowIfUnsupported(namespaces);

        return new NamespaceSet(NamespaceHandles.OpenProcess(pid, namespaces, forChildren), pidInit: null);
    }

    /// <summary>
    /// Namespaces from files in <paramref name="directory"/> named as in /proc/PID/ns (<c>net</c>, <c>mnt</c>, ...):
    /// a <c>/proc/PID/ns</c> directory, or one filled by <see cref="Mount"/> (gonso's <c>FromDir</c>).
    /// </summary>
    /// <param name="directory">The directory.</param>
    /// <param name="namespaces">Which files to open; <see cref="NS.None"/> for every namespace file present.</param>
    /// <returns>A set the caller must dispose.</returns>
    /// <exception cref="NamespaceException">The directory or a file is missing, or a file is not a namespace of its name's type.</exception>
    public static NamespaceSet FromDir(string directory, NS namespaces)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ThrowIfNul(directory, nameof(directory));
        NamespaceKinds.Validate(namespaces, allowNone: true, nameof(namespaces));
        Interop.Error error = Interop.Open(directory, O_PATH | O_DIRECTORY, out SafeFileHandle handle);
        using (handle)
        {
            if (error != Interop.Error.SUCCESS)
            {
                throw NamespaceException.FromErrno("Opening namespace directory", error, namespaces, directory);
            }

            if (namespaces == NS.None)
            {
                foreach (NS ns in NamespaceKinds.JoinOrder)
                {
                    if (Path.Exists(Path.Combine(directory, NamespaceKinds.ProcName(ns))))
                    {
                        namespaces |= ns;
                    }
                }

                if (namespaces == NS.None)
                {
                    throw new NamespaceException($"'{directory}' holds no namespace file (net, mnt, uts, ipc, pid, cgroup, user, time).", Interop.Error.ENOENT, NS.None);
                }
            }
            return Open(namespaces, ns => NamespaceFile.OpenAt(handle, NamespaceKinds.ProcName(ns), ns, Path.Combine(directory, NamespaceKinds.ProcName(ns))));
        }
    }

    /// <summary>
    /// One namespace from one file: a bind mount such as <c>/run/netns/blue</c> (what <c>ip netns add</c> makes),
    /// or a <c>/proc/PID/ns/*</c> link.
    /// </summary>
    /// <param name="path">The namespace file.</param>
    /// <param name="ns">Its type; the file must be a namespace of exactly this type.</param>
    /// <returns>A set the caller must dispose.</returns>
    /// <exception cref="NamespaceException">The file is missing, not a namespace file, or a namespace of another type.</exception>
    public static NamespaceSet FromPath(string path, NS ns)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ThrowIfNul(path, nameof(path));
        NamespaceKinds.ValidateSingle(ns, nameof(ns));
        return Open(ns, type => NamespaceFile.Open(path, type));
    }

    /// <summary>A NUL ends the string the kernel sees: the rest of the path would be dropped without a word.</summary>
    private static void ThrowIfNul(string path, string parameterName)
    {
        int nul = path.IndexOf('\0', StringComparison.Ordinal);
        if (nul >= 0)
        {
            throw new ArgumentException($"The path contains a NUL character at {nul}; the kernel would see only '{path[..nul]}'.", parameterName);
        }
    }

    /// <summary>The main thread's namespaces, every type the kernel has: the process's home.</summary>
    internal static NamespaceSet OpenHome() => new(NamespaceHandles.OpenLinks("/proc/self/ns/", NamespaceKinds.Supported), pidInit: null);

    /// <summary>Opens each namespace; if one fails, closes those already open and rethrows.</summary>
    private static NamespaceSet Open(NS namespaces, Func<NS, SafeFileHandle> open) => new(NamespaceHandles.Open(namespaces, open), pidInit: null);
}

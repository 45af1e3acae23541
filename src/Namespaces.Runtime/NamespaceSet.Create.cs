using System;
using Namespaces.Creation;

namespace Namespaces;

public sealed partial class NamespaceSet
{
    /// <summary>
    /// Creates new namespaces (gonso's <c>Unshare</c>); the set holds only them. The calling thread is not moved.
    /// </summary>
    /// <param name="namespaces">The namespaces to create.</param>
    /// <param name="options">Id maps for a new user namespace, propagation for a new mount namespace (private by
    /// default).</param>
    /// <returns>A set holding the new namespaces; dispose it to let the kernel destroy them.</returns>
    /// <remarks>
    /// A new user namespace, and a new pid namespace, are created through a short-lived child process made with
    /// clone(2) (a multithreaded process can neither unshare a user namespace nor give a pid namespace its first
    /// process otherwise); other namespaces created together with a user namespace are owned by it. A new pid
    /// namespace keeps its first process alive for as long as a set holds it: processes started inside (by a body
    /// on a thread joined to it) get pids above 1, and disposing the last set that holds it kills them all.
    /// A set holding a new user or time namespace cannot be entered with <see cref="Do(Action)"/>; <see cref="Dup"/> the rest.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="namespaces"/> is <see cref="NS.None"/> or has unknown bits; id
    /// maps without <see cref="NS.User"/>; <see cref="NS.User"/> without id maps (pass <see cref="UnshareOptions.Unmapped"/>
    /// to mean it); an undefined <see cref="MountPropagation"/>.</exception>
    /// <exception cref="NotSupportedException">The kernel lacks a namespace type, or user and time were asked for together.</exception>
    /// <exception cref="NamespaceException">The kernel refused (EPERM without CAP_SYS_ADMIN, ENOSPC at a namespace limit, bad id maps).</exception>
    public static NamespaceSet Create(NS namespaces, UnshareOptions? options = null)
    {
        NamespaceKinds.Validate(namespaces, allowNone: false, nameof(namespaces));
        NamespaceKinds.ThrowIfUnsupported(namespaces);
        options ??= UnshareOptions.Default;
        options.Validate(namespaces, "NamespaceSet.Create");
        return NamespaceCreator.Create(source: null, namespaces, options);
    }

    /// <summary>
    /// Creates new namespaces from this set (gonso's <c>Set.Unshare</c>): they are created by a thread standing in this
    /// set's namespaces, so a new mount namespace starts as a copy of this set's mount table and a new pid namespace
    /// nests in this set's. The result holds the new namespaces and duplicates of this set's others. Neither this set
    /// nor the calling thread changes.
    /// </summary>
    /// <param name="namespaces">The namespaces to create.</param>
    /// <param name="options">As for <see cref="Create"/>.</param>
    /// <returns>A new set; both sets must be disposed.</returns>
    /// <exception cref="ArgumentException"><paramref name="namespaces"/> is <see cref="NS.None"/> or has unknown bits.</exception>
    /// <exception cref="NotSupportedException">The kernel lacks a namespace type, or user and time were asked for together.</exception>
    /// <exception cref="NamespaceException">The kernel refused.</exception>
    /// <exception cref="ObjectDisposedException">The set was disposed.</exception>
    public NamespaceSet Unshare(NS namespaces, UnshareOptions? options = null)
    {
        NamespaceKinds.Validate(namespaces, allowNone: false, nameof(namespaces));
        NamespaceKinds.ThrowIfUnsupported(namespaces);
        ThrowIfDisposed();
        options ??= UnshareOptions.Default;
        options.Validate(namespaces, "NamespaceSet.Unshare");
        return NamespaceCreator.Create(this, namespaces, options);
    }
}

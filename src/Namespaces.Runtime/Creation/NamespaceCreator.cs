using System.Diagnostics;

namespace Namespaces.Creation;

/// <summary>
/// Creates new namespaces for <see cref="NamespaceSet.Create"/> and <see cref="NamespaceSet.Unshare"/>:
/// <list type="bullet">
/// <item>user, pid or time among them, or a source set holding a user namespace: in the native helper
/// (<see cref="NativeCreation"/>), a single-threaded process that can do what this one cannot;</item>
/// <item>otherwise unshare(2) on a <see cref="RestorableThread"/> that first joins the source set's namespaces (so a
/// new mount namespace copies the set's mount table), then /proc/thread-self/ns.</item>
/// </list>
/// </summary>
internal static class NamespaceCreator
{
    public static NamespaceSet Create(NamespaceSet? source, NS namespaces, UnshareOptions options)
    {
        if (options.HasClockOffsets && (namespaces & NS.Time) == 0)
        {
            throw new NamespaceException(
                $"UnshareOptions sets clock offsets (monotonic {options.MonotonicOffset}, boottime {options.BoottimeOffset}) but {NamespaceKinds.Describe(namespaces)} has no time namespace to put them in: add NS.Time.",
                Interop.Error.EINVAL, NS.Time);
        }

        if (NativeCreation.IsNeeded(source, namespaces, options))
        {
            return Assemble(source, namespaces, handles => NativeCreation.Create(source, namespaces, options, handles));
        }

        return RestorableThread.Run(thread => Assemble(source, namespaces, handles =>
        {
            if (source is not null)
            {
                thread.Join(source, source.JoinableFlags);
            }

            CreateByUnshare(thread, namespaces, options, handles);
            return null;
        }));
    }

    /// <summary>
    /// The new set: the namespaces <paramref name="create"/> opened into the table (and the init it returns, for a
    /// new pid namespace), with duplicates of the source's others; on failure closes everything it made.
    /// </summary>
    private static NamespaceSet Assemble(NamespaceSet? source, NS namespaces, System.Func<NamespaceHandles, ChildProcess?> create)
    {
        var handles = new NamespaceHandles();
        ChildProcess? init = null;
        try
        {
            init = create(handles);
            NS kept = source is null ? NS.None : source.Flags & ~namespaces;
            if (source is not null)
            {
                source.DuplicateInto(handles, kept);
            }

            Debug.Assert(handles.Namespaces == (namespaces | kept), "every namespace created or kept has its handle");
            ChildProcess? sharedInit = (kept & NS.Pid) != 0 ? source!.AcquirePidInit() : null;
            NamespaceSet result = new(handles, init ?? sharedInit);
            Threading.NamespaceMetrics.SetCreated();
            return result;
        }
        catch
        {
            handles.Dispose();
            init?.Release();
            throw;
        }
    }

    private static void CreateByUnshare(RestorableThread thread, NS namespaces, UnshareOptions options, NamespaceHandles handles)
    {
        Interop.Error error = thread.Unshare(namespaces);
        if (error != Interop.Error.SUCCESS)
        {
            throw NamespaceException.FromErrno("unshare", error, namespaces);
        }

        if ((namespaces & NS.Mnt) != 0 && options.MountPropagation != MountPropagation.Unchanged)
        {
            SetPropagation(options.MountPropagation);
        }

        handles.AddLinks("/proc/thread-self/ns/", namespaces);
    }

    private static void SetPropagation(MountPropagation propagation)
    {
        ulong flags = Interop.MountFlags.MS_REC | (propagation == MountPropagation.Slave ? Interop.MountFlags.MS_SLAVE : Interop.MountFlags.MS_PRIVATE);
        Interop.Error error = Interop.Mount("none", "/", null, flags);
        if (error != Interop.Error.SUCCESS)
        {
            throw NamespaceException.FromErrno($"Making the new mount namespace's mounts {propagation.ToString().ToLowerInvariant()}", error, NS.Mnt, "/");
        }
    }
}

using System;
using System.Diagnostics;

namespace Namespaces.Creation;

/// <summary>
/// Creates new namespaces for <see cref="NamespaceSet.Create"/> and <see cref="NamespaceSet.Unshare"/>, on a
/// <see cref="RestorableThread"/> that first joins the source set's namespaces (so a new mount namespace copies
/// the set's mount table and a new pid namespace nests in the set's):
/// <list type="bullet">
/// <item>user or pid among them: a <see cref="ChildProcess"/> is cloned into all of them (a multithreaded process
/// cannot unshare a user namespace, and a pid namespace needs a first process); the child is killed once its
/// namespaces are open, unless it is a new pid namespace's init, which lives as long as a set holds that namespace;</item>
/// <item>otherwise unshare(2) on the thread, then /proc/thread-self/ns;</item>
/// <item>time, last: unshare(CLONE_NEWTIME) and time_for_children (legacy clone cannot carry CLONE_NEWTIME).</item>
/// </list>
/// </summary>
internal static class NamespaceCreator
{
    public static NamespaceSet Create(NamespaceSet? source, NS namespaces, UnshareOptions options)
    {
        if ((namespaces & NS.User) != 0 && (namespaces & NS.Time) != 0)
        {
            throw new NotSupportedException(
                "A time namespace owned by a new user namespace must be created by a process inside it (clone3 with CLONE_NEWTIME), which this library does not do yet. Create NS.User alone, or NS.Time without NS.User.");
        }

        // A new user namespace with only empty namespaces beside it (a new net or ipc namespace starts with nothing)
        // takes nothing from the thread that clones it but its user namespace, the same on every thread: clone from
        // the caller and skip the hand-off to a restorable thread.
        if (source is null && (namespaces & NS.User) != 0 && (namespaces & ~(NS.User | NS.Net | NS.Ipc)) == 0)
        {
            return CreateOnCaller(namespaces, options);
        }

        return RestorableThread.Run(thread =>
        {
            var handles = new NamespaceHandles();
            ChildProcess? init = null;
            try
            {
                // The kernel creates a pid namespace only below the creator's own active one (EINVAL otherwise), so
                // a new pid namespace is never nested in the source's: skip joining the source's pid namespace then.
                if (source is not null)
                {
                    thread.Join(source, (namespaces & NS.Pid) != 0 ? source.JoinableFlags & ~NS.Pid : source.JoinableFlags);
                }

                NS cloned = (namespaces & (NS.User | NS.Pid)) != 0 ? namespaces & ~NS.Time : NS.None;
                NS unshared = cloned == NS.None ? namespaces & ~NS.Time : NS.None;
                if (cloned != NS.None)
                {
                    init = CreateByClone(thread, cloned, options, handles);
                }

                if (unshared != NS.None)
                {
                    CreateByUnshare(thread, unshared, options, handles);
                }

                if ((namespaces & NS.Time) != 0)
                {
                    CreateTime(thread, handles);
                }

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
        });
    }

    private static NamespaceSet CreateOnCaller(NS namespaces, UnshareOptions options)
    {
        NamespaceSet result = new(NamespaceHandles.Build(handles => CreateByClone(thread: null, namespaces, options, handles)), pidInit: null);
        Threading.NamespaceMetrics.SetCreated();
        return result;
    }

    // thread: the restorable thread this runs on; null when it runs on the caller, which is allowed only when there
    // is no new mount namespace to enter.
    private static ChildProcess? CreateByClone(RestorableThread? thread, NS namespaces, UnshareOptions options, NamespaceHandles handles)
    {
        ChildProcess child = ChildProcess.Start(namespaces);
        bool keep = false;
        try
        {
            if ((namespaces & NS.User) != 0)
            {
                IdMapWriter.Write(child.Pid, options);
            }

            handles.AddProcess(child.Pid, namespaces);

            if ((namespaces & NS.Mnt) != 0 && options.MountPropagation != MountPropagation.Unchanged)
            {
                // The child runs no code, so the propagation is changed from here, inside its mount namespace.
                thread!.Join(handles, NS.Mnt);
                SetPropagation(options.MountPropagation);
            }
            keep = (namespaces & NS.Pid) != 0;
            return keep ? child : null;
        }
        finally
        {
            if (!keep)
            {
                child.Release();
            }
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

    private static void CreateTime(RestorableThread thread, NamespaceHandles handles)
    {
        Interop.Error error = thread.Unshare(NS.Time);
        if (error != Interop.Error.SUCCESS)
        {
            throw NamespaceException.FromErrno("unshare", error, NS.Time);
        }
        // Clock offsets cannot be set here: timens_offsets exists only as /proc/TGID/timens_offsets (the main
        // thread's time_for_children), and this thread can no longer clone a CLONE_VM child to write them for.
        handles.Add(NS.Time, NamespaceFile.OpenProcLink("/proc/thread-self/ns/time_for_children", NS.Time));
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

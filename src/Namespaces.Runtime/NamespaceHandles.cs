using System;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Threading;
using Microsoft.Win32.SafeHandles;
using static Interop.OpenFlags;

namespace Namespaces;

/// <summary>
/// Namespace file descriptors by namespace type, one slot each: what a <see cref="NamespaceSet"/> and an
/// <see cref="FdSet"/> own. Filled all or nothing (<see cref="Build"/> closes what it opened when a step fails),
/// duplicated with close-on-exec, joined in the fixed order, closed together.
/// </summary>
/// <remarks>Filled by one thread before it is shared; read by any thread afterwards.</remarks>
internal sealed class NamespaceHandles : IDisposable
{
    private readonly SafeFileHandle?[] _slots = new SafeFileHandle?[NamespaceKinds.JoinOrder.Length];
    private int _disposed;

    /// <summary>The namespaces that have a handle here.</summary>
    public NS Namespaces { get; private set; }

    /// <summary>Runs <paramref name="fill"/> on a new table; if it throws, closes every handle the table got and rethrows.</summary>
    public static NamespaceHandles Build(Action<NamespaceHandles> fill)
    {
        var handles = new NamespaceHandles();
        try
        {
            fill(handles);
            return handles;
        }
        catch
        {
            handles.Dispose();
            throw;
        }
    }

    /// <summary>Opens each of <paramref name="namespaces"/> with <paramref name="open"/>, all or nothing.</summary>
    public static NamespaceHandles Open(NS namespaces, Func<NS, SafeFileHandle> open) => Build(handles => handles.Add(namespaces, open));

    /// <summary>Opens /proc links this library names itself (<paramref name="nsDirectory"/> is e.g. "/proc/thread-self/ns/"), all or nothing.</summary>
    public static NamespaceHandles OpenLinks(string nsDirectory, NS namespaces) => Build(handles => handles.AddLinks(nsDirectory, namespaces));

    /// <summary>The namespaces of process <paramref name="pid"/> (or those it gives its children), all or nothing.</summary>
    public static NamespaceHandles OpenProcess(int pid, NS namespaces, bool forChildren = false) => Build(handles => handles.AddProcess(pid, namespaces, forChildren));

    /// <summary>Duplicates (F_DUPFD_CLOEXEC) of the handles of <paramref name="namespaces"/>, all or nothing.</summary>
    public NamespaceHandles Duplicate(NS namespaces) => Build(handles => handles.AddDuplicates(this, namespaces));

    /// <summary>Takes ownership of the handle of one namespace type, whose slot must be empty.</summary>
    public void Add(NS ns, SafeFileHandle handle)
    {
        Debug.Assert(NamespaceKinds.IsSingle(ns), "one slot per namespace type");
        Debug.Assert(_slots[Slot(ns)] is null, "a slot is filled once: a second handle would leak the first");
        Debug.Assert(!handle.IsInvalid, "only open descriptors are kept");
        _slots[Slot(ns)] = handle;
        Namespaces |= ns;
    }

    /// <summary>Adds what <paramref name="open"/> returns for each of <paramref name="namespaces"/>; on failure the table keeps what it got (the owner closes it).</summary>
    public void Add(NS namespaces, Func<NS, SafeFileHandle> open)
    {
        foreach (NS ns in NamespaceKinds.Each(namespaces))
        {
            Add(ns, open(ns));
        }
    }

    /// <summary>Adds /proc links this library names itself, e.g. <c>/proc/thread-self/ns/net</c>.</summary>
    public void AddLinks(string nsDirectory, NS namespaces)
    {
        Debug.Assert(nsDirectory.EndsWith('/'), "a directory to append names to");
        Add(namespaces, ns => NamespaceFile.OpenProcLink(nsDirectory + NamespaceKinds.ProcName(ns), ns));
    }

    /// <summary>
    /// Adds the namespaces of process <paramref name="pid"/> (its main thread), opened relative to one open
    /// <c>/proc/PID</c> directory so that a pid recycled meanwhile cannot mix two processes.
    /// </summary>
    /// <param name="pid">The process.</param>
    /// <param name="namespaces">Which namespaces.</param>
    /// <param name="forChildren">pid_for_children and time_for_children instead of pid and time.</param>
    /// <exception cref="NamespaceException">No such process (ESRCH), or a file could not be opened.</exception>
    public void AddProcess(int pid, NS namespaces, bool forChildren = false)
    {
        Func<NS, string> name = forChildren ? NamespaceKinds.ForChildrenProcName : NamespaceKinds.ProcName;
        string proc = "/proc/" + pid.ToString(CultureInfo.InvariantCulture);
        Interop.Error error = Interop.Open(proc, O_PATH | O_DIRECTORY, out SafeFileHandle directory);
        using (directory)
        {
            if (error == Interop.Error.ENOENT)
            {
                throw new NamespaceException($"No process with pid {pid} (no {proc}).", Interop.Error.ESRCH, namespaces);
            }

            if (error != Interop.Error.SUCCESS)
            {
                throw NamespaceException.FromErrno("Opening", error, namespaces, proc);
            }

            Add(namespaces, ns => NamespaceFile.OpenProcLinkAt(directory, "ns/" + name(ns), ns, proc + "/ns/" + name(ns)));
        }
    }

    /// <summary>Adds duplicates (F_DUPFD_CLOEXEC) of <paramref name="source"/>'s handles of <paramref name="namespaces"/>.</summary>
    /// <exception cref="NamespaceException">dup failed (EMFILE: the descriptor table is full).</exception>
    public void AddDuplicates(NamespaceHandles source, NS namespaces)
    {
        Debug.Assert((namespaces & ~source.Namespaces) == NS.None, "the caller checked that the source holds them");
        Add(namespaces, ns =>
        {
            Interop.Error error = Interop.Dup(source._slots[Slot(ns)]!, out SafeFileHandle duplicate);
            if (error != Interop.Error.SUCCESS)
            {
                duplicate.Dispose();
                throw NamespaceException.FromErrno("Duplicating the descriptor of", error, ns);
            }

            return duplicate;
        });
    }

    /// <summary>The handle of one namespace type, if the table holds it.</summary>
    public bool TryGet(NS ns, [NotNullWhen(true)] out SafeFileHandle? handle)
    {
        Debug.Assert(NamespaceKinds.IsSingle(ns), "one slot per namespace type");
        handle = _slots[Slot(ns)];
        return handle is not null;
    }

    /// <summary>
    /// setns(2) of the calling thread into each of <paramref name="namespaces"/>, in <see cref="NamespaceKinds.JoinOrder"/>
    /// (mount last); a mount namespace needs the thread's own fs_struct first (unshare(CLONE_FS)), or setns fails with EINVAL.
    /// </summary>
    /// <exception cref="NamespaceException">A setns failed; the thread may have joined the ones before it.</exception>
    public void Join(NS namespaces)
    {
        if ((namespaces & NS.Mnt) != 0)
        {
            Interop.Error error = Interop.Unshare(Interop.CloneFlags.CLONE_FS);
            if (error != Interop.Error.SUCCESS)
            {
                throw NamespaceException.FromErrno("unshare(CLONE_FS) before joining a mount namespace", error, NS.Mnt);
            }
        }

        foreach (NS ns in NamespaceKinds.JoinOrder)
        {
            if ((namespaces & ns) == 0)
            {
                continue;
            }

            SafeFileHandle handle = _slots[Slot(ns)]
                ?? throw new NamespaceException($"No {NamespaceKinds.ProcName(ns)} namespace handle to join.", Interop.Error.EBADF, ns);
            Interop.Error joined = Interop.SetNs(handle, (int)ns);
            if (joined != Interop.Error.SUCCESS)
            {
                throw NamespaceException.FromErrno("Joining", joined, ns, permissionHint: joined == Interop.Error.EPERM ? JoinPermission.Hint(handle, ns) : null);
            }
        }
    }

    /// <summary>Closes every handle (idempotent, thread-safe); the table still says which namespaces it held.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        foreach (SafeFileHandle? handle in _slots)
        {
            handle?.Dispose();
        }
    }

    /// <summary>Slot of a single namespace type.</summary>
    private static int Slot(NS ns)
    {
        int slot = Array.IndexOf(NamespaceKinds.JoinOrder, ns);
        Debug.Assert(slot >= 0, "a single known namespace type");
        return slot;
    }
}

using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.Win32.SafeHandles;
using Namespaces.Creation;
using Namespaces.Threading;

namespace Namespaces;

/// <summary>
/// A set of Linux namespaces held open by file descriptors (gonso's <c>Set</c>). Work runs inside them on the
/// set's namespace threads: through methods marked <see cref="RunInNamespaceAttribute"/> (their generated
/// overloads) or <see cref="Do(Action)"/>. Open one with <see cref="Current"/>, <see cref="FromPid"/>,
/// <see cref="FromDir"/> or <see cref="FromPath"/>, or create new namespaces with <see cref="Create"/>.
/// </summary>
/// <remarks>
/// A set keeps its namespaces alive: its descriptors pin them, and a new pid namespace keeps its first process
/// (init) for as long as a set holds it. <see cref="Dispose"/> closes the descriptors, ends the namespace threads
/// and lets the kernel destroy namespaces nothing else holds. All members are thread-safe.
/// </remarks>
public sealed partial class NamespaceSet : IDisposable
{
    private readonly SafeFileHandle?[] _handles;
    private readonly ChildProcess? _pidInit;
    private readonly bool _ownsHandles;
    private int _disposed;

    internal NamespaceSet(SafeFileHandle?[] handles, NS flags, ChildProcess? pidInit, bool ownsHandles = true)
    {
        _handles = handles;
        Flags = flags;
        _pidInit = pidInit;
        _ownsHandles = ownsHandles;
    }

    /// <summary>The namespaces this set holds.</summary>
    public NS Flags { get; }

    /// <summary>Whether the set holds every namespace in <paramref name="namespaces"/>.</summary>
    /// <param name="namespaces">One or more namespace types.</param>
    /// <returns><see langword="true"/> when all of them are held; <see langword="true"/> for <see cref="NS.None"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="namespaces"/> has unknown bits.</exception>
    public bool Contains(NS namespaces)
    {
        NamespaceKinds.Validate(namespaces, allowNone: true, nameof(namespaces));
        return (Flags & namespaces) == namespaces;
    }

    /// <summary>Whether <see cref="Dispose"/> has been called.</summary>
    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>The kernel's identifier of one namespace of the set (gonso's <c>ID</c>), e.g. <c>net:[4026532281]</c>.</summary>
    /// <param name="ns">Exactly one namespace type held by the set.</param>
    /// <returns>The text of the namespace's /proc link: type and inode number.</returns>
    /// <exception cref="ArgumentException"><paramref name="ns"/> is not exactly one known type.</exception>
    /// <exception cref="NamespaceException">The set does not hold <paramref name="ns"/>.</exception>
    /// <exception cref="ObjectDisposedException">The set was disposed.</exception>
    public string Id(NS ns)
    {
        NamespaceKinds.ValidateSingle(ns, nameof(ns));
        return NamespaceFile.Id(Handle(ns), ns);
    }

    /// <summary>A new set holding duplicates of some of this set's descriptors (gonso's <c>Dup</c>). Both sets must be disposed.</summary>
    /// <param name="namespaces">Which namespaces to keep; <see cref="NS.None"/> for all. Use it to drop a user or time
    /// namespace so that the rest can be entered with <see cref="Do(Action)"/>.</param>
    /// <returns>The new set.</returns>
    /// <exception cref="NamespaceException">The set does not hold one of <paramref name="namespaces"/>.</exception>
    /// <exception cref="ObjectDisposedException">The set was disposed.</exception>
    public NamespaceSet Dup(NS namespaces = NS.None)
    {
        NS selected = Select(namespaces);
        // The init first: once this set's Dispose has let it go, no copy may claim it (it is being killed).
        ChildProcess? init = (selected & NS.Pid) != 0 ? AcquirePidInit() : null;
        var handles = new SafeFileHandle?[_handles.Length];
        try
        {
            DuplicateInto(selected, handles);
        }
        catch
        {
            init?.Release();
            throw;
        }
        return new NamespaceSet(handles, selected, init);
    }

    /// <summary>Duplicates of the set's descriptors, close-on-exec, owned by the caller (gonso's <c>Fds</c>).</summary>
    /// <param name="namespaces">Which namespaces; <see cref="NS.None"/> for all.</param>
    /// <returns>The descriptors, keyed by namespace type.</returns>
    /// <exception cref="NamespaceException">The set does not hold one of <paramref name="namespaces"/>, or dup failed.</exception>
    /// <exception cref="ObjectDisposedException">The set was disposed.</exception>
    public FdSet Fds(NS namespaces = NS.None)
    {
        NS selected = Select(namespaces);
        var handles = new SafeFileHandle?[_handles.Length];
        DuplicateInto(selected, handles);
        return new FdSet(NamespaceKinds.Each(selected).ToDictionary(ns => ns, ns => handles[NamespaceKinds.Index(ns)]!));
    }

    /// <summary>
    /// Closes the set's descriptors and ends its namespace threads. Calls still queued fail with
    /// <see cref="ObjectDisposedException"/>; a body already running finishes, and Dispose waits up to
    /// <see cref="DisposeTimeout"/> for it before abandoning its thread (counted by the <c>namespaces.threads.abandoned</c>
    /// metric; the thread ends when the body returns). Idempotent and thread-safe.
    /// </summary>
    public void Dispose()
    {
        (NS Key, NamespaceThreadGroup Group)[] groups;
        lock (_groupsLock)
        {
            if (_disposed != 0)
            {
                return;
            }

            Volatile.Write(ref _disposed, 1);
            groups = _groups;
            _groups = [];
        }
        foreach ((_, NamespaceThreadGroup group) in groups)
        {
            NamespaceMetrics.Abandoned(group.Stop(DisposeTimeout));
        }

        // Read the ids while the descriptors are open: messages about this set after Dispose still name it.
        _description ??= DescribeIds();
        _pidInit?.Release();
        if (_ownsHandles)
        {
            foreach (SafeFileHandle? handle in _handles)
            {
                handle?.Dispose();
            }
        }
    }

    /// <summary>The set and the kernel's ids of its namespaces, e.g. <c>NamespaceSet(net:[4026532281] uts:[4026532282])</c>.</summary>
    /// <returns>The description messages use to name the set.</returns>
    public override string ToString() => _description ??= IsDisposed ? $"NamespaceSet({Describe(Flags)}, disposed)" : DescribeIds();

    // Ids never change for the life of a set: read once, by the first ToString or by Dispose.
    private string? _description;

    private string DescribeIds()
    {
        var ids = new List<string>();
        foreach (NS ns in NamespaceKinds.Each(Flags))
        {
            SafeFileHandle? handle = _handles[NamespaceKinds.Index(ns)];
            ids.Add(handle is null || handle.IsClosed ? NamespaceKinds.ProcName(ns) : NamespaceFile.Id(handle, ns));
        }
        return $"NamespaceSet({string.Join(' ', ids)})";
    }

    /// <summary>The handle table, laid out by <see cref="NamespaceKinds.Index"/>.</summary>
    internal SafeFileHandle?[] Handles => _handles;

    /// <summary>The namespaces a thread of this process can join: all but user and time.</summary>
    internal NS JoinableFlags => Flags & ~NamespaceKinds.Unjoinable;

    internal bool TryGetHandle(NS ns, [NotNullWhen(true)] out SafeFileHandle? handle)
    {
        handle = _handles[NamespaceKinds.Index(ns)];
        return handle is not null;
    }

    /// <summary>setns the calling thread into <paramref name="namespaces"/> of this set.</summary>
    internal void JoinOnCurrentThread(NS namespaces) => NamespaceJoin.Join(_handles, namespaces);

    /// <summary>Shares this set's pid-namespace init with another set holding the same pid namespace.</summary>
    /// <exception cref="ObjectDisposedException">This set's Dispose already let the init go.</exception>
    internal ChildProcess? AcquirePidInit() => _pidInit is null
        ? null
        : _pidInit.TryAcquire() ?? throw new ObjectDisposedException(nameof(NamespaceSet), "The set was disposed while it was being copied: the init of its pid namespace is gone.");

    /// <summary>dup (F_DUPFD_CLOEXEC) each of <paramref name="namespaces"/> into <paramref name="target"/>; on failure closes what it made.</summary>
    internal void DuplicateInto(NS namespaces, SafeFileHandle?[] target)
    {
        ThrowIfDisposed();
        var made = new List<SafeFileHandle>();
        try
        {
            foreach (NS ns in NamespaceKinds.Each(namespaces))
            {
                int errno = Interop.Dup(Handle(ns), out SafeFileHandle duplicate);
                if (errno != 0)
                {
                    throw NamespaceException.FromErrno("Duplicating the descriptor of", errno, ns);
                }

                made.Add(duplicate);
                target[NamespaceKinds.Index(ns)] = duplicate;
            }
        }
        catch
        {
            foreach (SafeFileHandle handle in made)
            {
                handle.Dispose();
            }

            foreach (NS ns in NamespaceKinds.Each(namespaces))
            {
                target[NamespaceKinds.Index(ns)] = null;
            }

            throw;
        }
    }

    private NS Select(NS namespaces, [CallerMemberName] string member = "")
    {
        NamespaceKinds.Validate(namespaces, allowNone: true, nameof(namespaces));
        ThrowIfDisposed(member);
        if (namespaces == NS.None)
        {
            return Flags;
        }

        NS missing = namespaces & ~Flags;
        if (missing != NS.None)
        {
            throw Missing(missing);
        }

        return namespaces;
    }

    private SafeFileHandle Handle(NS ns, [CallerMemberName] string member = "")
    {
        ThrowIfDisposed(member);
        return _handles[NamespaceKinds.Index(ns)] ?? throw Missing(ns);
    }

    private NamespaceException Missing(NS missing) => new(
        $"The set holds no {Describe(missing)} namespace (it holds {Describe(Flags)}).",
        Interop.Errno.ENOENT, missing);

    internal static string Describe(NS namespaces) => namespaces == NS.None
        ? "none"
        : string.Join("+", NamespaceKinds.Each(namespaces).Select(NamespaceKinds.ProcName));

    /// <summary>Throws, naming the set and the member called, once <see cref="Dispose"/> has run.</summary>
    internal void ThrowIfDisposed([CallerMemberName] string member = "")
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            throw new ObjectDisposedException(ToString(), $"{member} was called on {this}, which was disposed: its namespaces may be gone. Open or create a new set.");
        }
    }

    private static string Words(NS namespaces) => string.Join(" and ", NamespaceKinds.Each(namespaces).Select(ns => ns switch
    {
        NS.Net => "network",
        NS.Mnt => "mount",
        NS.Uts => "UTS (hostname)",
        NS.Ipc => "IPC",
        NS.Pid => "PID",
        _ => NamespaceKinds.ProcName(ns),
    }));

    /// <summary>Throws the ArgumentException every member gives for a namespace the set does not hold, naming the set and the member.</summary>
    internal void ThrowIfLacks(NS required, string member)
    {
        NS missing = required & ~Flags;
        if (missing != NS.None)
        {
            throw new ArgumentException($"{member} needs a {Words(missing)} namespace (NS.{missing}), but {this} holds none (it holds {Describe(Flags)}).", "set");
        }
    }
}

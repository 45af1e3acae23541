using System;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
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
    private readonly NamespaceHandles _handles;
    private readonly ChildProcess? _pidInit;
    private int _disposed;

    // The namespace threads (NamespaceSet.Run.cs): one group per combination of namespaces entered; the array is
    // replaced, never changed, under _groupsLock and read without it.
    private readonly object _groupsLock = new();
    private (NS Key, NamespaceThreadGroup Group)[] _groups = [];
    private int _concurrency = 1;
    private TimeSpan _disposeTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Takes ownership of <paramref name="handles"/> and of one reference to <paramref name="pidInit"/>.</summary>
    internal NamespaceSet(NamespaceHandles handles, ChildProcess? pidInit)
    {
        Debug.Assert(pidInit is null || (handles.Namespaces & NS.Pid) != 0, "a pid namespace's init belongs to a set holding that pid namespace");
        _handles = handles;
        Flags = handles.Namespaces;
        _pidInit = pidInit;
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
    /// <exception cref="MissingNamespaceException">The set does not hold <paramref name="ns"/>.</exception>
    /// <exception cref="ObjectDisposedException">The set was disposed.</exception>
    public string Id(NS ns)
    {
        NamespaceKinds.ValidateSingle(ns, nameof(ns));
        return NamespaceFile.Id(Handle(ns, "NamespaceSet.Id"), ns);
    }

    /// <summary>A new set holding duplicates of some of this set's descriptors (gonso's <c>Dup</c>). Both sets must be disposed.</summary>
    /// <param name="namespaces">Which namespaces to keep; <see cref="NS.None"/> for all. Use it to drop a user or time
    /// namespace so that the rest can be entered with <see cref="Do(Action)"/>.</param>
    /// <returns>The new set.</returns>
    /// <exception cref="MissingNamespaceException">The set does not hold one of <paramref name="namespaces"/>.</exception>
    /// <exception cref="NamespaceException">dup failed (EMFILE: the descriptor table is full).</exception>
    /// <exception cref="ObjectDisposedException">The set was disposed.</exception>
    public NamespaceSet Dup(NS namespaces = NS.None)
    {
        NS selected = Select(namespaces, "NamespaceSet.Dup");
        // The init first: once this set's Dispose has let it go, no copy may claim it (it is being killed).
        ChildProcess? init = (selected & NS.Pid) != 0 ? AcquirePidInit() : null;
        try
        {
            return new NamespaceSet(_handles.Duplicate(selected), init);
        }
        catch
        {
            init?.Release();
            throw;
        }
    }

    /// <summary>Duplicates of the set's descriptors, close-on-exec, owned by the caller (gonso's <c>Fds</c>).</summary>
    /// <param name="namespaces">Which namespaces; <see cref="NS.None"/> for all.</param>
    /// <returns>The descriptors, keyed by namespace type.</returns>
    /// <exception cref="MissingNamespaceException">The set does not hold one of <paramref name="namespaces"/>.</exception>
    /// <exception cref="NamespaceException">dup failed (EMFILE: the descriptor table is full).</exception>
    /// <exception cref="ObjectDisposedException">The set was disposed.</exception>
    public FdSet Fds(NS namespaces = NS.None)
    {
        return new FdSet(_handles.Duplicate(Select(namespaces, "NamespaceSet.Fds")));
    }

    /// <summary>
    /// Closes the set's descriptors and ends its namespace threads. Calls still queued fail with
    /// <see cref="ObjectDisposedException"/>; a body already running finishes, and Dispose waits up to
    /// <see cref="DisposeTimeout"/> for it before abandoning its thread (counted by the <c>namespaces.threads.abandoned</c>
    /// metric; the thread ends when the body returns). Idempotent and thread-safe.
    /// </summary>
    public void Dispose()
    {
        DisposeCore(DisposeTimeout);
        GC.SuppressFinalize(this);
    }

    private void DisposeCore(TimeSpan timeout)
    {
        if (!StopGroups(timeout))
        {
            return;
        }

        // Read the ids while the descriptors are open: messages about this set after Dispose still name it.
        _description ??= DescribeIds();
        KillProcesses();
        _pidInit?.Release();
        _handles.Dispose();
    }

    /// <summary>The set and the kernel's ids of its namespaces, e.g. <c>NamespaceSet(net:[4026532281] uts:[4026532282])</c>.</summary>
    /// <returns>The description messages use to name the set.</returns>
    public override string ToString() => _description ??= IsDisposed ? $"NamespaceSet({NamespaceKinds.Describe(Flags)}, disposed)" : DescribeIds();

    // Ids never change for the life of a set: read once, by the first ToString or by Dispose.
    private string? _description;

    /// <summary>The pool that made this set, if one did: only it takes the set back (a field, so Put allocates nothing).</summary>
    internal NamespacePool? MadeByPool;

    /// <summary>1 while the set waits in its pool; flipped with Interlocked so a second Put of it is refused.</summary>
    internal int InPool;

    private string DescribeIds()
    {
        var ids = new System.Collections.Generic.List<string>();
        foreach (NS ns in NamespaceKinds.Each(Flags))
        {
            ids.Add(_handles.TryGet(ns, out SafeFileHandle? handle) && !handle.IsClosed ? NamespaceFile.Id(handle, ns) : NamespaceKinds.ProcName(ns));
        }
        return $"NamespaceSet({string.Join(' ', ids)})";
    }

    /// <summary>The set's descriptors.</summary>
    internal NamespaceHandles Handles => _handles;

    /// <summary>The namespaces a thread of this process can join: all but user and time.</summary>
    internal NS JoinableFlags => Flags & ~NamespaceKinds.Unjoinable;

    internal bool TryGetHandle(NS ns, [NotNullWhen(true)] out SafeFileHandle? handle) => _handles.TryGet(ns, out handle);

    /// <summary>setns the calling thread into <paramref name="namespaces"/> of this set.</summary>
    internal void JoinOnCurrentThread(NS namespaces) => _handles.Join(namespaces);

    /// <summary>Shares this set's pid-namespace init with another set holding the same pid namespace.</summary>
    /// <exception cref="ObjectDisposedException">This set's Dispose already let the init go.</exception>
    internal ChildProcess? AcquirePidInit() => _pidInit is null
        ? null
        : _pidInit.TryAcquire() ?? throw new ObjectDisposedException(nameof(NamespaceSet), "The set was disposed while it was being copied: the init of its pid namespace is gone.");

    /// <summary>Adds duplicates of this set's <paramref name="namespaces"/> to <paramref name="target"/>, which its owner closes on failure.</summary>
    /// <exception cref="ObjectDisposedException">The set was disposed.</exception>
    internal void DuplicateInto(NamespaceHandles target, NS namespaces)
    {
        ThrowIfDisposed();
        target.AddDuplicates(_handles, namespaces);
    }

    private NS Select(NS namespaces, string operation)
    {
        NamespaceKinds.Validate(namespaces, allowNone: true, nameof(namespaces));
        ThrowIfDisposed(operation);
        if (namespaces == NS.None)
        {
            return Flags;
        }

        ThrowIfMissing(namespaces, operation, nameof(namespaces));
        return namespaces;
    }

    private SafeFileHandle Handle(NS ns, string operation)
    {
        ThrowIfDisposed(operation);
        ThrowIfMissing(ns, operation, nameof(ns));
        bool held = _handles.TryGet(ns, out SafeFileHandle? handle);
        Debug.Assert(held, "Flags says what the table holds");
        return handle!;
    }

    /// <summary>The one check for "the set does not hold it", whoever asks.</summary>
    /// <exception cref="MissingNamespaceException">Some of <paramref name="required"/> are not in the set.</exception>
    internal void ThrowIfMissing(NS required, string operation, string parameterName)
    {
        NS missing = required & ~Flags;
        if (missing != NS.None)
        {
            throw new MissingNamespaceException(operation, missing, Flags, parameterName, ToString());
        }
    }

    /// <summary>Throws, naming the set by its ids and the member called, once <see cref="Dispose"/> has run.</summary>
    internal void ThrowIfDisposed([CallerMemberName] string operation = "")
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            throw new ObjectDisposedException(ToString(), $"{operation} was called on {this}, which was disposed: its namespaces may be gone. Open or create a new set.");
        }
    }
}

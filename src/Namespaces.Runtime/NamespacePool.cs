using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Namespaces.Threading;

namespace Namespaces;

/// <summary>
/// Sets of new namespaces created ahead of time (gonso's <c>Pool</c>), so that a caller who needs a fresh network
/// namespace gets one in well under a microsecond instead of waiting for the kernel to make one.
/// <see cref="RunAsync"/> keeps a minimum available in the background; <see cref="Get"/> takes one (creating one
/// if none is ready). Thread-safe.
/// </summary>
/// <remarks>
/// <see cref="Put"/> returns a set for reuse: resetting whatever a user changed inside it (interfaces, routes,
/// mounts) is the caller's job. In most cases it is simpler to dispose a used set and let the pool make new ones.
/// </remarks>
public sealed class NamespacePool : IDisposable
{
    private readonly ConcurrentQueue<NamespaceSet> _available = new();
    private readonly UnshareOptions? _options;
    private readonly Action? _afterCreate;
    private readonly NS _joinable;
    // RunAsync sleeps on _refill; a Get wakes it once (the flag keeps the semaphore's count at one at most, and
    // spares Get the semaphore's lock when a refill is already on its way or nobody runs the pool).
    private readonly SemaphoreSlim _refill = new(0, 1);
    private int _refillRequested;
    private int _running;
    private int _disposed;

    /// <summary>A pool of sets each holding new <paramref name="namespaces"/>.</summary>
    /// <param name="namespaces">The namespaces every set is created with.</param>
    /// <param name="afterCreate">Runs once inside each new set's namespaces (on one of its namespace threads) before the
    /// set is handed out: set up interfaces, mounts, a hostname. gonso's <c>NewPool</c> accepts it but never calls it.
    /// With a user or time namespace it runs in the set's other namespaces.</param>
    /// <param name="options">How each set is created (<see cref="NamespaceSet.Create"/>): id maps for a user namespace
    /// (which needs them, or <see cref="UnshareOptions.Unmapped"/>), mount propagation.</param>
    /// <exception cref="ArgumentException"><paramref name="namespaces"/> is None, has unknown bits, or holds only namespaces
    /// no thread can join while <paramref name="afterCreate"/> is given.</exception>
    public NamespacePool(NS namespaces, Action? afterCreate = null, UnshareOptions? options = null)
    {
        NamespaceKinds.Validate(namespaces, allowNone: false, nameof(namespaces));
        _joinable = namespaces & ~NamespaceKinds.Unjoinable;
        if (afterCreate is not null && _joinable == NS.None)
        {
            throw new ArgumentException($"afterCreate cannot run inside {NamespaceKinds.Describe(namespaces)} alone: no thread of a multithreaded process can join it.", nameof(afterCreate));
        }

        Flags = namespaces;
        _afterCreate = afterCreate;
        _options = options;
    }

    /// <summary>The namespaces every set of the pool holds (the name <see cref="NamespaceSet.Flags"/> has too).</summary>
    public NS Flags { get; }

    /// <summary>The namespaces every set of the pool holds.</summary>
    [Obsolete("Use Flags, the name NamespaceSet uses for the same thing. Namespaces will be removed in the next release.")]
    public NS Namespaces => Flags;

    /// <summary>How many sets are ready to be taken.</summary>
    public int Count => _available.Count;

    /// <summary>Takes a ready set, or creates one if none is ready. The caller owns it (dispose it, or <see cref="Put"/> it back).</summary>
    /// <returns>A set holding new namespaces, after <c>afterCreate</c> ran in it.</returns>
    /// <exception cref="NamespaceException">Creating a set failed.</exception>
    /// <exception cref="ObjectDisposedException">The pool was disposed.</exception>
    public NamespaceSet Get()
    {
        ThrowIfDisposed();
        if (TryTake(out NamespaceSet? set))
        {
            RequestRefill();
            return set;
        }
        return CreateSet();
    }

    /// <summary>Takes a ready set at once, or creates one on the thread pool without blocking the caller.</summary>
    /// <param name="cancellationToken">Cancels the wait; a set created meanwhile goes back to the pool.</param>
    /// <returns>A set the caller owns.</returns>
    public ValueTask<NamespaceSet> GetAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<NamespaceSet>(cancellationToken);
        }

        if (TryTake(out NamespaceSet? set))
        {
            RequestRefill();
            return new ValueTask<NamespaceSet>(set);
        }
        return new ValueTask<NamespaceSet>(CreateAsync(cancellationToken));
    }

    private async Task<NamespaceSet> CreateAsync(CancellationToken cancellationToken)
    {
        NamespaceSet set = await Task.Run(CreateSet, cancellationToken).ConfigureAwait(false);
        if (cancellationToken.IsCancellationRequested)
        {
            Put(set);
            cancellationToken.ThrowIfCancellationRequested();
        }
        return set;
    }

    /// <summary>Returns a set for reuse. The caller is responsible for having reset what it changed inside.</summary>
    /// <param name="set">A set this pool made and handed out (holding exactly <see cref="Flags"/>), not disposed and not
    /// already back in the pool.</param>
    /// <exception cref="ObjectDisposedException">The set was disposed.</exception>
    /// <exception cref="ArgumentException">The set is already in the pool, or was not made by this pool
    /// (a copy of the host's namespaces, a <see cref="NamespaceSet.Dup"/>, another pool's set): handing it out later
    /// as a fresh set would give two callers one set, a dead one, or namespaces that are not new.</exception>
    public void Put(NamespaceSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (set.IsDisposed)
        {
            throw new ObjectDisposedException(set.ToString(), $"NamespacePool.Put was given {set}, which was disposed: a pool cannot hand it out again. Dispose a used set or Put it back, not both.");
        }

        if (!ReferenceEquals(set.MadeByPool, this))
        {
            throw new ArgumentException($"{set} was not made by this pool (of {NamespaceKinds.Describe(Flags)}): Put takes back only sets its Get handed out; dispose this one instead.", nameof(set));
        }

        if (Volatile.Read(ref _disposed) != 0)
        {
            set.Dispose();
            return;
        }
        Offer(set);
        if (Volatile.Read(ref _disposed) != 0)
        {
            DisposeAvailable();
        }
    }

    /// <summary>
    /// Keeps at least <paramref name="minimumAvailable"/> sets ready until <paramref name="cancellationToken"/> is
    /// canceled (gonso's <c>Run</c>). Sets are created one at a time, outside any lock, refilling as
    /// <see cref="Get"/> takes them. When it stops, the sets still in the pool are disposed.
    /// </summary>
    /// <param name="minimumAvailable">How many sets to keep ready; at least 1.</param>
    /// <param name="cancellationToken">Stops the pool.</param>
    /// <returns>A task that ends canceled when stopped, or faulted with the error that made creating a set fail.</returns>
    /// <exception cref="InvalidOperationException">Another RunAsync is already running on this pool.</exception>
    public async Task RunAsync(int minimumAvailable, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minimumAvailable, 1);
        ThrowIfDisposed();
        if (Interlocked.Exchange(ref _running, 1) != 0)
        {
            throw new InvalidOperationException("RunAsync is already running on this pool.");
        }

        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (_available.Count < minimumAvailable)
                {
                    NamespaceSet set = await Task.Run(CreateSet, cancellationToken).ConfigureAwait(false);
                    Offer(set);
                    continue;
                }
                await _refill.WaitAsync(cancellationToken).ConfigureAwait(false);
                Volatile.Write(ref _refillRequested, 0);
            }
        }
        finally
        {
            DisposeAvailable();
            Volatile.Write(ref _running, 0);
        }
    }

    /// <summary>Disposes the sets in the pool; later calls to Get throw <see cref="ObjectDisposedException"/>, and a set Put afterwards is disposed.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        DisposeAvailable();
    }

    private void RequestRefill()
    {
        if (Volatile.Read(ref _running) != 0 && Interlocked.Exchange(ref _refillRequested, 1) == 0)
        {
            // Whoever turns the flag on is the only one who may release, and RunAsync clears it only after taking the
            // last release: the semaphore is empty here.
            Debug.Assert(_refill.CurrentCount == 0, "one refill request at a time");
            _refill.Release();
        }
    }

    /// <summary>Adds a set to the available ones, refusing one that is there already.</summary>
    private void Offer(NamespaceSet set)
    {
        if (Interlocked.Exchange(ref set.InPool, 1) != 0)
        {
            throw new ArgumentException($"{set} is already in the pool: putting it back twice would hand one set to two callers.", nameof(set));
        }

        _available.Enqueue(set);
    }

    /// <summary>Takes an available set, skipping (and forgetting) any that a caller disposed after putting it back.</summary>
    private bool TryTake([NotNullWhen(true)] out NamespaceSet? set)
    {
        while (_available.TryDequeue(out set))
        {
            int was = Interlocked.Exchange(ref set.InPool, 0);
            Debug.Assert(was == 1, "every queued set is marked as pooled");
            if (!set.IsDisposed)
            {
                return true;
            }
        }
        return false;
    }

    private NamespaceSet CreateSet()
    {
        NamespaceSet set = NamespaceSet.Create(Flags, _options);
        set.MadeByPool = this;
        if (_afterCreate is null)
        {
            return set;
        }

        try
        {
            if (_joinable == Flags)
            {
                set.Do(_afterCreate);
            }
            else
            {
                using NamespaceSet joinable = set.Dup(_joinable);
                joinable.Do(_afterCreate);
            }
            return set;
        }
        catch
        {
            set.Dispose();
            throw;
        }
    }

    private void DisposeAvailable()
    {
        while (_available.TryDequeue(out NamespaceSet? set))
        {
            Volatile.Write(ref set.InPool, 0);
            set.Dispose();
        }
    }


    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
}

using System;
using System.Threading;

using Namespaces.Threading;

namespace Namespaces.Benchmarks;

/// <summary>
/// The hand-off floor: one cross-thread round trip done the way the dispatcher does it, with no namespace and no
/// user body. A caller puts a reused item in the worker's one-item mailbox (what a group of one namespace thread uses
/// when nothing is queued), wakes the worker only if it parked, and waits spinning on the item's status flag (then
/// parks); the worker takes the item, flips the flag and spins on the mailbox between items (then parks). It uses the runtime's own primitives (visible to this assembly):
/// <list type="bullet">
/// <item><c>SpinBudget</c> (50 µs budgets, SpinWait without Sleep(1)), <c>Parker</c> (a permit under a Monitor) and
/// <c>CompletionSignal</c> (the caller's spin-then-park wait), from src/Namespaces.Runtime/Threading;</item>
/// <item><see cref="RoundTrip"/> mirrors NamespaceThreadGroup.Enqueue and SyncWorkItem.Wait;</item>
/// <item><see cref="Serve"/> mirrors NamespaceThread.Serve (take, spin, announce parking, look again, park).</item>
/// </list>
/// Left out on purpose, because they are what the dispatcher adds on top of the hand-off: argument validation and
/// set lookup (ResolveGroup), the metrics counter, ExecutionContext capture and run,
/// the body delegate and its state copy, exception capture. Sync dispatch ÷ floor is the price of those.
/// </summary>
public sealed class HandOffFloor : IDisposable
{
    private Item? _mailbox;   // NamespaceThread._mailbox
    private readonly Parker _workerParker = new();
    private readonly Thread _worker;
    private int _parked;      // the worker's "parked (or deciding to)" flag: NamespaceThread._parked
    private int _parkedCount; // NamespaceThreadGroup._parkedCount
    private volatile bool _stopping;

    // The caller's item, reused like the per-thread SyncWorkItem cache; its waiter is the caller's own parker.
    [ThreadStatic]
    private static Item? t_item;

    public HandOffFloor()
    {
        _worker = new Thread(Serve) { IsBackground = true, Name = "hand-off floor" };
        _worker.Start();
    }

    /// <summary>One round trip: hand an item to the worker and wait until it says done.</summary>
    public void RoundTrip()
    {
        Item item = t_item ??= new Item();
        item.Done.Reset();

        // NamespaceThreadGroup.Enqueue's mailbox path (less the stopping check): one caller, so the mailbox is empty.
        Interlocked.CompareExchange(ref _mailbox, item, null);
        if (Volatile.Read(ref _parked) == 1)
        {
            WakeWorker();
        }

        // SyncWorkItem.Wait.
        item.Done.Wait(SpinBudget.CallerTicks);
    }

    public void Dispose()
    {
        _stopping = true;
        WakeWorker();
        _worker.Join();
    }

    private void WakeWorker()
    {
        if (Interlocked.CompareExchange(ref _parked, 0, 1) == 1)
        {
            Interlocked.Decrement(ref _parkedCount);
            _workerParker.Unpark();
        }
    }

    private bool HasWork => Volatile.Read(ref _mailbox) is not null;

    private void Serve()
    {
        while (true)
        {
            if (HasWork && Interlocked.Exchange(ref _mailbox, null) is { } item)
            {
                item.Done.Set(); // SyncWorkItem.Execute, less the body
                continue;
            }
            if (_stopping)
            {
                return;
            }

            if (SpinBudget.SpinUntil(this, static f => f.HasWork || f._stopping, SpinBudget.WorkerTicks))
            {
                continue;
            }

            Interlocked.Exchange(ref _parked, 1);
            Interlocked.Increment(ref _parkedCount);
            if ((HasWork || _stopping) && Interlocked.CompareExchange(ref _parked, 0, 1) == 1)
            {
                Interlocked.Decrement(ref _parkedCount);
                continue;
            }
            _workerParker.Park();
        }
    }

    private sealed class Item
    {
        public readonly CompletionSignal Done = new(); // made on the caller's thread, which waits on it
    }
}

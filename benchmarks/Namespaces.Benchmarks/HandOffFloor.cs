using System;
using System.Threading;

using Namespaces.Threading;

namespace Namespaces.Benchmarks;

/// <summary>
/// The hand-off floor: one cross-thread round trip done the way the dispatcher does it, with no namespace and no
/// user body. The caller claims the idle worker (a CAS on its state), puts a reused item in its one-item mailbox,
/// wakes it only if it parked, and waits spinning on the item's status flag (then parks); the worker takes the item,
/// makes itself claimable again *before* it flips the flag (so the caller's next call finds it at once), and spins on
/// the mailbox between items (then parks). It uses the runtime's own primitives (visible to this assembly):
/// <list type="bullet">
/// <item><c>SpinBudget</c> (50 µs budgets, SpinWait without Sleep(1)), <c>Parker</c> (a permit under a Monitor) and
/// <c>CompletionSignal</c> (the caller's spin-then-park wait), from src/Namespaces.Runtime/Threading;</item>
/// <item><see cref="RoundTrip"/> mirrors NamespaceScheduler.Assign's claim of the thread that served the set last,
/// NamespaceThread.Post and SyncWorkItem.Wait;</item>
/// <item><see cref="Serve"/> mirrors NamespaceThread.WaitForMail (take, spin, announce parking, look again, park)
/// and Serve's "idle before the caller hears".</item>
/// </list>
/// Left out on purpose, because they are what the dispatcher adds on top of the hand-off: argument validation and
/// set lookup (ResolveGroup), the group's concurrency slot (TryActivate/TryLeave), the namespace check (the thread
/// already stands in the set), the pool guard's two reads, the metrics counter, ExecutionContext capture and run,
/// the body delegate and its state copy, exception capture. Sync dispatch ÷ floor is the price of those.
/// </summary>
public sealed class HandOffFloor : IDisposable
{
    private const int Idle = 0;
    private const int Claimed = 1;

    private Item? _mailbox;   // NamespaceThread._mailGroup/_mailItem
    private int _state = Idle; // NamespaceThread._state
    private readonly Parker _workerParker = new();
    private readonly Thread _worker;
    private int _parked;      // the worker's "parked (or deciding to)" flag: NamespaceThread._parked
    private volatile bool _stopping;

    // The caller's item, reused like the per-thread SyncWorkItem cache; its waiter is the caller's own parker.
    [ThreadStatic]
    private static Item? t_item;

    public HandOffFloor()
    {
        _worker = new Thread(Serve) { IsBackground = true, Name = "hand-off floor" };
        _worker.Start();
    }

    /// <summary>One round trip: claim the worker, hand it an item and wait until it says done.</summary>
    public void RoundTrip()
    {
        Item item = t_item ??= new Item();
        item.Done.Reset();

        // NamespaceThread.TryClaim: the worker made itself idle before it told the last caller, so this succeeds.
        while (!(Volatile.Read(ref _state) == Idle && Interlocked.CompareExchange(ref _state, Claimed, Idle) == Idle))
        {
            Thread.SpinWait(1);
        }

        // NamespaceThread.Post: the mail, a full fence, then the look at the parked flag.
        Interlocked.Exchange(ref _mailbox, item);
        if (Volatile.Read(ref _parked) == 1 && Interlocked.Exchange(ref _parked, 0) == 1)
        {
            _workerParker.Unpark();
        }

        // SyncWorkItem.Wait.
        item.Done.Wait(SpinBudget.CallerTicks);
    }

    public void Dispose()
    {
        _stopping = true;
        if (Interlocked.Exchange(ref _parked, 0) == 1)
        {
            _workerParker.Unpark();
        }

        _worker.Join();
    }

    private bool HasMail => Volatile.Read(ref _mailbox) is not null;

    private void Serve()
    {
        while (true)
        {
            if (Volatile.Read(ref _mailbox) is { } item)
            {
                Volatile.Write(ref _mailbox, null);
                Interlocked.Exchange(ref _state, Idle); // claimable before the caller hears
                item.Done.Set();                        // SyncWorkItem.NotifyDone, less the body
                continue;
            }
            if (_stopping)
            {
                return;
            }

            if (SpinBudget.SpinUntil(this, static f => f.HasMail || f._stopping, SpinBudget.WorkerTicks))
            {
                continue;
            }

            Interlocked.Exchange(ref _parked, 1);
            if (HasMail || _stopping)
            {
                Interlocked.Exchange(ref _parked, 0);
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

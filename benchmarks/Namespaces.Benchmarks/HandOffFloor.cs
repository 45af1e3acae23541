using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading;

namespace Namespaces.Benchmarks;

/// <summary>
/// The hand-off floor: one cross-thread round trip done the way the dispatcher does it, with no namespace and no
/// user body. A caller puts a reused item on a <see cref="ConcurrentQueue{T}"/>, wakes the worker only if it parked,
/// and waits spinning on the item's status flag (then parks); the worker takes items, flips the flag and spins on the
/// queue between items (then parks). The primitives below are copies of the runtime's internal ones, which the
/// benchmarks cannot reference:
/// <list type="bullet">
/// <item><see cref="SpinBudget"/> — src/Namespaces.Runtime/Threading/SpinBudget.cs (50 µs budgets, SpinWait without Sleep(1));</item>
/// <item><see cref="Parker"/> — src/Namespaces.Runtime/Threading/Parker.cs (a permit under a Monitor);</item>
/// <item><see cref="RoundTrip"/> — NamespaceThreadGroup.Enqueue and SyncWorkItem.Wait/Complete;</item>
/// <item><see cref="Serve"/> — NamespaceThread.Serve (take, spin, announce parking, look again, park).</item>
/// </list>
/// Left out on purpose, because they are what the dispatcher adds on top of the hand-off: argument validation and
/// set lookup (ResolveGroup), the metrics counter, the pending-item counter, ExecutionContext capture and run,
/// the body delegate and its state copy, exception capture. Sync dispatch ÷ floor is the price of those.
/// </summary>
public sealed class HandOffFloor : IDisposable
{
    private readonly ConcurrentQueue<Item> _queue = new();
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
        item.Status = Item.Pending;

        // NamespaceThreadGroup.Enqueue (less the pending counter and the stopping check).
        _queue.Enqueue(item);
        if (Volatile.Read(ref _parkedCount) > 0)
            WakeWorker();

        // SyncWorkItem.Wait.
        if (!SpinBudget.SpinUntil(item, static i => Volatile.Read(ref i.Status) == Item.Done, SpinBudget.CallerTicks)
            && Interlocked.CompareExchange(ref item.Status, Item.CallerParked, Item.Pending) == Item.Pending)
        {
            do item.Waiter.Park();
            while (Volatile.Read(ref item.Status) != Item.Done);
        }
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

    private bool HasWork => !_queue.IsEmpty;

    private void Serve()
    {
        while (true)
        {
            if (_queue.TryDequeue(out Item? item))
            {
                item.Complete();
                continue;
            }
            if (_stopping)
                return;
            if (SpinBudget.SpinUntil(this, static f => f.HasWork || f._stopping, SpinBudget.WorkerTicks))
                continue;

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
        public const int Pending = 0, Done = 1, CallerParked = 2;
        public int Status;
        public readonly Parker Waiter = Parker.ForCurrentThread;

        // SyncWorkItem.Complete.
        public void Complete()
        {
            if (Interlocked.Exchange(ref Status, Done) == CallerParked)
                Waiter.Unpark();
        }
    }

    /// <summary>Copy of src/Namespaces.Runtime/Threading/SpinBudget.cs.</summary>
    private static class SpinBudget
    {
        public static readonly long WorkerTicks = Stopwatch.Frequency / 20_000; // 50 µs
        public static readonly long CallerTicks = Stopwatch.Frequency / 20_000; // 50 µs

        public static bool SpinUntil<T>(T target, Func<T, bool> condition, long budgetTicks)
        {
            if (condition(target)) return true;
            long deadline = Stopwatch.GetTimestamp() + budgetTicks;
            SpinWait spinner = default;
            do
            {
                spinner.SpinOnce(sleep1Threshold: -1);
                if (condition(target)) return true;
            }
            while (Stopwatch.GetTimestamp() < deadline);
            return false;
        }
    }

    /// <summary>Copy of src/Namespaces.Runtime/Threading/Parker.cs.</summary>
    private sealed class Parker
    {
        private bool _permit;

        public void Park()
        {
            lock (this)
            {
                while (!_permit)
                    Monitor.Wait(this);
                _permit = false;
            }
        }

        public void Unpark()
        {
            lock (this)
            {
                _permit = true;
                Monitor.Pulse(this);
            }
        }

        public static Parker ForCurrentThread => t_current ??= new Parker();

        [ThreadStatic]
        private static Parker? t_current;
    }
}

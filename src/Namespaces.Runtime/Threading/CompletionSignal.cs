using System.Threading;

namespace Namespaces.Threading;

/// <summary>
/// A one-shot "done" that one thread sets and one waiting thread waits for: the waiter spins first (a hand-off
/// costs under a microsecond while a wake-up costs tens), then parks; the setter unparks it only if it parked.
/// Create it on the waiting thread: it waits with that thread's <see cref="Parker"/>.
/// </summary>
internal sealed class CompletionSignal
{
    // Pending → Done by the setter; Pending → WaiterParked by the waiter. Whoever moves second acts.
    private const int Pending = 0, Done = 1, WaiterParked = 2;
    private readonly Parker _waiter = Parker.ForCurrentThread;
    private int _status;

    public bool IsSet => Volatile.Read(ref _status) == Done;

    /// <summary>Marks done. After this the waiter may reuse the owner at once: touch nothing of it afterwards.</summary>
    public void Set()
    {
        if (Interlocked.Exchange(ref _status, Done) == WaiterParked)
        {
            _waiter.Unpark();
        }
    }

    /// <summary>
    /// Waits until <see cref="Set"/>, spinning for up to <paramref name="spinTicks"/> before parking. A
    /// Thread.Interrupt of the waiter does not end the wait (the item it waits for is still in use by another thread):
    /// it is delivered again once the wait is over, at the caller's next blocking point.
    /// </summary>
    public void Wait(long spinTicks)
    {
        bool interrupted = false;
        try
        {
            try
            {
                if (SpinBudget.SpinUntil(this, static s => s.IsSet, spinTicks))
                {
                    return;
                }
            }
            catch (ThreadInterruptedException)
            {
                interrupted = true;
            }

            if (Interlocked.CompareExchange(ref _status, WaiterParked, Pending) != Pending)
            {
                return;
            }

            while (!IsSet)
            {
                try
                {
                    _waiter.Park();
                }
                catch (ThreadInterruptedException)
                {
                    interrupted = true;
                }
            }
        }
        finally
        {
            if (interrupted)
            {
                Thread.CurrentThread.Interrupt();
            }
        }
    }

    /// <summary>Makes it reusable; only the waiter calls it, after <see cref="Wait"/> returned.</summary>
    public void Reset() => _status = Pending;
}

using System.Threading;

namespace Namespaces.Threading;

/// <summary>
/// Blocks one thread until another gives it a permit (LockSupport's park/unpark). A permit given before
/// <see cref="Park()"/> makes it return at once, so a wake-up racing with the decision to sleep is never lost.
/// </summary>
internal sealed class Parker
{
    private bool _permit;

    /// <summary>Waits for a permit and consumes it.</summary>
    /// <exception cref="ThreadInterruptedException">Thread.Interrupt was called on the waiting thread.</exception>
    public void Park() => Park(Timeout.Infinite);

    /// <summary>Waits up to <paramref name="millisecondsTimeout"/> for a permit and consumes it.</summary>
    /// <returns>Whether a permit was consumed (false: the time ran out).</returns>
    /// <exception cref="ThreadInterruptedException">Thread.Interrupt was called on the waiting thread.</exception>
    public bool Park(int millisecondsTimeout)
    {
        lock (this)
        {
            while (!_permit)
            {
                if (!Monitor.Wait(this, millisecondsTimeout))
                {
                    return false;
                }
            }

            _permit = false;
            return true;
        }
    }

    /// <summary>Gives the permit, waking the parked thread if there is one.</summary>
    public void Unpark()
    {
        // The unparking thread may itself be interrupted while it takes the lock: the permit must still be given.
        bool interrupted = false;
        while (true)
        {
            try
            {
                lock (this)
                {
                    _permit = true;
                    Monitor.Pulse(this);
                }
                break;
            }
            catch (ThreadInterruptedException)
            {
                interrupted = true;
            }
        }
        if (interrupted)
        {
            Thread.CurrentThread.Interrupt(); // deliver it at the caller's next blocking point, not inside our protocol
        }
    }

    /// <summary>The calling thread's own parker, for waits on work it handed to a namespace thread.</summary>
    public static Parker ForCurrentThread => t_current ??= new Parker();

    [System.ThreadStatic]
    private static Parker? t_current;
}

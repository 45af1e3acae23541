using System.Threading;

namespace Namespaces.Threading;

/// <summary>
/// Blocks one thread until another gives it a permit (LockSupport's park/unpark). A permit given before
/// <see cref="Park"/> makes it return at once, so a wake-up racing with the decision to sleep is never lost.
/// </summary>
internal sealed class Parker
{
    private bool _permit;

    /// <summary>Waits for a permit and consumes it.</summary>
    public void Park()
    {
        lock (this)
        {
            while (!_permit)
            {
                Monitor.Wait(this);
            }

            _permit = false;
        }
    }

    /// <summary>Gives the permit, waking the parked thread if there is one.</summary>
    public void Unpark()
    {
        lock (this)
        {
            _permit = true;
            Monitor.Pulse(this);
        }
    }

    /// <summary>The calling thread's own parker, for waits on work it handed to a namespace thread.</summary>
    public static Parker ForCurrentThread => t_current ??= new Parker();

    [System.ThreadStatic]
    private static Parker? t_current;
}

using System.Diagnostics;
using System.Threading;

namespace Namespaces.Threading;

/// <summary>
/// Spin-then-give-up waits; the budgets live in <see cref="Tunables"/>. Waking a parked thread costs 15–30 µs on a
/// sleeping vCPU while a spinning hand-off costs under 1 µs, so both sides spin briefly; the bound keeps idle threads
/// off the CPU.
/// </summary>
internal static class SpinBudget
{
    /// <summary>How long a namespace thread with nothing to do spins before parking.</summary>
    public static long WorkerTicks => Tunables.WorkerSpinTicks;

    /// <summary>How long a caller waits spinning for a body to finish before it parks.</summary>
    public static long CallerTicks => Tunables.CallerSpinTicks;

    /// <summary>How long an async caller waits for a quick body before it returns a pending task instead.</summary>
    public static long AsyncCallerTicks => Tunables.AsyncCallerSpinTicks;

    /// <summary>Spins until <paramref name="condition"/> holds or <paramref name="budgetTicks"/> pass.</summary>
    /// <returns>Whether the condition held.</returns>
    /// <exception cref="ThreadInterruptedException">The thread was interrupted (SpinWait may yield with Sleep(0)).</exception>
    public static bool SpinUntil<T>(T target, System.Func<T, bool> condition, long budgetTicks)
    {
        if (condition(target))
        {
            return true;
        }

        long deadline = Stopwatch.GetTimestamp() + budgetTicks;
        SpinWait spinner = default;
        do
        {
            // Never Sleep(1): a millisecond is a thousand hand-offs.
            spinner.SpinOnce(sleep1Threshold: -1);
            if (condition(target))
            {
                return true;
            }
        }
        while (Stopwatch.GetTimestamp() < deadline);
        return false;
    }
}

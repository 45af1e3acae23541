using System;
using System.Diagnostics;

namespace Namespaces.Threading;

/// <summary>
/// Every number the thread model is tuned with, in one place. The spin budgets were measured on the project's 2-core
/// VM (docs/benchmarks.md): a spinning cross-core hand-off costs 0.35–1.2 µs, waking a parked thread 15–30 µs, so both
/// sides spin for a few tens of microseconds before they park. The thread counts can be set by a consumer through
/// runtimeconfig (<c>RuntimeHostConfigurationOption</c> items, or <c>AppContext.SetData</c> before the first call).
/// </summary>
internal static class Tunables
{
    /// <summary>How long an idle namespace thread spins for its next call before parking.</summary>
    public static readonly long WorkerSpinTicks = Stopwatch.Frequency / 20_000; // 50 µs

    /// <summary>How long a synchronous caller spins for its result before parking.</summary>
    public static readonly long CallerSpinTicks = Stopwatch.Frequency / 20_000; // 50 µs

    /// <summary>How long an async caller waits for a quick body before it returns a pending task instead.</summary>
    public static readonly long AsyncCallerSpinTicks = Stopwatch.Frequency / 50_000; // 20 µs

    /// <summary>
    /// How long a call that found no idle namespace thread looks again before starting one: a thread that has just
    /// finished a body goes idle within a few microseconds, while starting a thread costs 100–200 µs.
    /// </summary>
    public static readonly long ClaimSpinTicks = Stopwatch.Frequency / 50_000; // 20 µs

    /// <summary>
    /// How long a caller of Create/Unshare/DoRaw spins for its restorable thread: creating a namespace takes a few
    /// hundred microseconds, so spinning that long is cheaper than a wake-up on top; a longer job parks it.
    /// </summary>
    public static readonly long RestorableCallerSpinTicks = Stopwatch.Frequency / 1_000; // 1 ms

    /// <summary>
    /// The most namespace threads the process runs at once, whatever the number of sets (AppContext
    /// <c>Namespaces.Threading.MaxThreads</c>, 1–1024, default 64). Threads are created only when every existing one is
    /// busy, so this bounds blocking bodies running at the same time; calls beyond it wait for a thread.
    /// </summary>
    public static readonly int MaxThreads = Read("Namespaces.Threading.MaxThreads", 64, 1, 1024);

    /// <summary>
    /// How many idle namespace threads are kept when there is no work (AppContext
    /// <c>Namespaces.Threading.MinThreads</c>, default the number of cores): more idle than that retire after
    /// <see cref="IdleTimeout"/>.
    /// </summary>
    public static readonly int MinThreads = Math.Min(MaxThreads, Read("Namespaces.Threading.MinThreads", Environment.ProcessorCount, 0, 1024));

    /// <summary>How long a namespace thread above <see cref="MinThreads"/> waits idle before it retires.</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(20);

    /// <summary>How many thread-pool workers are started from home before the first body runs (the pool's minimum, bounded).</summary>
    public static int PoolWarmWorkers
    {
        get
        {
            System.Threading.ThreadPool.GetMinThreads(out int workers, out _);
            return Math.Clamp(workers, 1, 64);
        }
    }

    private static int Read(string name, int fallback, int min, int max)
    {
        object? value = AppContext.GetData(name);
        int parsed = value switch
        {
            int i => i,
            string s when int.TryParse(s, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int i) => i,
            _ => fallback,
        };
        return Math.Clamp(parsed, min, max);
    }
}

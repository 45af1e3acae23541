using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;

namespace Namespaces.Benchmarks;

/// <summary>
/// A check for machines that cannot be made quiet, outside BenchmarkDotNet: the floor and the dispatch paths run in
/// one process, interleaved in blocks of a few thousand calls (a millisecond or so each), so every kind meets the same
/// load. The low percentiles of the per-block times are the quiet moments, comparable across kinds; the per-round
/// ratio compares sync dispatch with the floor block measured right before it. BenchmarkDotNet's rows, by contrast,
/// run minutes apart and average 250 ms iterations, so on a busy machine they compare different loads.
/// <c>dotnet run -c Release --project benchmarks/Namespaces.Benchmarks -- --interleaved [seconds]</c>.
/// </summary>
internal static class InterleavedProbe
{
    private const int Block = 2000;

    public static int Run(int seconds)
    {
        using var floor = new HandOffFloor();
        using NamespaceSet set = NamespaceSet.Create(NS.Net);
        int sink = 0;
        var kinds = new (string Name, Action Call)[]
        {
            ("floor", floor.RoundTrip),
            ("sync dispatch", () => sink += Bodies.Increment(set, 41)),
            ("set.Do(static lambda)", () => sink += set.Do(static () => Bodies.Increment(41))),
            ("async dispatch", () =>
            {
                // A pending ValueTask backed by an IValueTaskSource must not be blocked on directly.
                ValueTask<int> call = Bodies.IncrementAsync(set, 41);
                sink += call.IsCompleted ? call.Result : call.AsTask().GetAwaiter().GetResult();
            }),
        };
        var perBlock = kinds.Select(_ => new List<double>()).ToArray();
        for (int warm = 0; warm < 1000; warm++)
        {
            foreach ((_, Action call) in kinds)
            {
                call();
            }
        }

        long end = Stopwatch.GetTimestamp() + Stopwatch.Frequency * seconds;
        while (Stopwatch.GetTimestamp() < end)
        {
            for (int k = 0; k < kinds.Length; k++)
            {
                Action call = kinds[k].Call;
                long start = Stopwatch.GetTimestamp();
                for (int i = 0; i < Block; i++)
                {
                    call();
                }

                perBlock[k].Add((Stopwatch.GetTimestamp() - start) * 1e9 / Stopwatch.Frequency / Block);
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{perBlock[0].Count} rounds of {Block} calls per kind, interleaved; /proc/loadavg now: {DocsWriter.LoadAverage()}"));
        Console.WriteLine("| kind | min | p5 | p25 | median | (ns per call, per block) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---|");
        for (int k = 0; k < kinds.Length; k++)
        {
            double[] sorted = [.. perBlock[k].Order()];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {kinds[k].Name} | {sorted[0]:0} | {Percentile(sorted, 0.05):0} | {Percentile(sorted, 0.25):0} | {Percentile(sorted, 0.5):0} | |"));
        }
        double[] ratios = [.. perBlock[1].Zip(perBlock[0], (sync, floorTime) => sync / floorTime).Order()];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"sync dispatch ÷ the floor block before it, per round: p25 {Percentile(ratios, 0.25):0.00}, median {Percentile(ratios, 0.5):0.00}"));
        GC.KeepAlive(sink);
        return 0;
    }

    private static double Percentile(double[] sorted, double q) => sorted[(int)(q * (sorted.Length - 1))];
}

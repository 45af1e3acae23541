using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;

namespace Namespaces.Benchmarks;

/// <summary>
/// Writes a run into docs/benchmarks.md, between two markers, so the hand-written reading around them survives a
/// rerun: BenchmarkDotNet's GitHub markdown report (machine, job, table), the load the machine carried, and the
/// DESIGN.md targets checked against this run's medians and allocations.
/// </summary>
internal static class DocsWriter
{
    public const string Begin = "<!-- results:begin (written by benchmarks/Namespaces.Benchmarks; edit outside the markers) -->";
    public const string End = "<!-- results:end -->";

    /// <summary>Above this 1- or 5-minute load average per core, the run is marked preliminary.</summary>
    private const double QuietLoadPerCore = 0.25;

    public static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Trim();
        }
        catch (IOException)
        {
            return "?";
        }
    }

    public static void Write(string path, Summary summary, Job job, string loadBefore, string loadAfter, IReadOnlyList<string> audit, IReadOnlyList<string> scale, string root)
    {
        string results = Results(summary, job, loadBefore, loadAfter, audit, scale, root);
        string existing = File.Exists(path) ? File.ReadAllText(path) : Skeleton();
        int begin = existing.IndexOf(Begin, StringComparison.Ordinal);
        int end = existing.IndexOf(End, StringComparison.Ordinal);
        if (begin < 0 || end < begin)
        {
            existing = existing.TrimEnd() + "\n\n" + Begin + "\n" + End + "\n";
        }

        begin = existing.IndexOf(Begin, StringComparison.Ordinal);
        end = existing.IndexOf(End, StringComparison.Ordinal);
        string updated = existing[..(begin + Begin.Length)] + "\n" + results + existing[end..];
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, updated);
    }

    private static string Skeleton() =>
        "# Benchmarks\n\n```sh\ndotnet run -c Release --project benchmarks/Namespaces.Benchmarks    # as root\n```\n";

    private static string Results(Summary summary, Job job, string loadBefore, string loadAfter, IReadOnlyList<string> audit, IReadOnlyList<string> scale, string root)
    {
        var text = new StringBuilder();
        int cores = Environment.ProcessorCount;
        bool busy = IsBusy(loadBefore, cores);
        string when = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

        text.Append("## Results\n\n");
        if (busy)
        {
            text.Append("> **Preliminary.** The machine was busy when this run started (load average `").Append(loadBefore)
                .Append("` on ").Append(cores).Append(" cores): other work competed for the CPUs, which hurts the cross-thread rows most. ")
                .Append("Rerun on a quiet machine before trusting absolute numbers.\n\n");
        }

        text.Append("- Run: ").Append(when);
        if (Git(root, "describe --always --dirty --abbrev=10") is { } commit)
        {
            text.Append(", commit `").Append(commit).Append('`');
        }

        text.Append('\n');
        text.Append("- Machine: ").Append(cores).Append(" logical cores, kernel `").Append(Kernel()).Append("` (BenchmarkDotNet's description follows)\n");
        text.Append("- `/proc/loadavg` before the run: `").Append(loadBefore).Append("`; after: `").Append(loadAfter).Append("`\n");
        text.Append("- Scheduling priority of the run: nice ").Append(Nice()).Append('\n');
        text.Append("- Job `").Append(job.Id).Append("`: ").Append(DescribeJob(job)).Append("\n\n");

        var log = new AccumulationLogger();
        MarkdownExporter.GitHub.ExportToLog(summary, log);
        // The exporter HTML-escapes the quotes around descriptions with spaces and pads lines with a trailing blank.
        string report = string.Join('\n', log.GetLog().Replace("&#39;", "", StringComparison.Ordinal).Split('\n').Select(l => l.TrimEnd()));
        text.Append(report.Trim()).Append("\n\n");

        text.Append("### Against the targets (DESIGN.md, medians of this run)\n\n");
        text.Append("| target | measured | verdict |\n|---|---|---|\n");
        foreach ((string target, string measured, bool? met) in Targets(summary))
        {
            text.Append("| ").Append(target).Append(" | ").Append(measured).Append(" | ")
                .Append(met switch { true => "met", false => "**not met**", null => "not measured" }).Append(" |\n");
        }

        text.Append('\n');

        text.Append("### Many sets (issue #12), recorded by the 10,000-set row's setup\n\n");
        foreach (string line in scale.DefaultIfEmpty("(the 10,000-set row recorded nothing)"))
        {
            text.Append("- ").Append(line).Append('\n');
        }

        text.Append('\n');

        text.Append("### ThreadAudit after each row\n\n");
        text.Append("`ThreadAudit.ForeignThreads()` in each row's process after its last iteration (threads in a foreign namespace that are not namespace threads):\n\n");
        if (audit.Count == 0)
        {
            text.Append("- (no row recorded an audit)\n");
        }

        foreach (string line in audit)
        {
            text.Append("- ").Append(line).Append('\n');
        }

        text.Append('\n');
        return text.ToString();
    }

    /// <summary>The run's nice value (field 19 of /proc/self/stat); the rows' processes inherit it.</summary>
    private static string Nice()
    {
        try
        {
            string stat = File.ReadAllText("/proc/self/stat");
            string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields[16];
        }
        catch (IOException)
        {
            return "?";
        }
    }

    private static IEnumerable<(string Target, string Measured, bool? Met)> Targets(Summary summary)
    {
        double? floor = Median(summary, nameof(NamespaceBenchmarks.Floor));
        double? sync = Median(summary, nameof(NamespaceBenchmarks.SyncDispatch));
        double? async = Median(summary, nameof(NamespaceBenchmarks.AsyncDispatch));
        double? bare = Median(summary, nameof(NamespaceBenchmarks.BareUnshare));
        double? create = Median(summary, nameof(NamespaceBenchmarks.CreateNet));
        double? createUser = Median(summary, nameof(NamespaceBenchmarks.CreateUserNet));
        double? pool = Median(summary, nameof(NamespaceBenchmarks.PoolGetPut));
        double? pair = Median(summary, nameof(NamespaceBenchmarks.BareSetNsPair));
        double? roundRobin = Median(summary, nameof(NamespaceBenchmarks.RoundRobin1000));
        double? firstCall = Median(summary, nameof(NamespaceBenchmarks.FirstCall));
        long? syncBytes = Bytes(summary, nameof(NamespaceBenchmarks.SyncDispatch));
        long? asyncBytes = Bytes(summary, nameof(NamespaceBenchmarks.AsyncDispatch));

        yield return ("sync dispatch ≤ 1 µs", Micro(sync), Holds(sync, v => v <= 1_000));
        yield return ("sync dispatch ≤ 1.5 × floor", Ratio(sync, floor, "floor"), Holds(sync / floor, v => v <= 1.5));
        yield return ("async dispatch ≤ 3 µs", Micro(async), Holds(async, v => v <= 3_000));
        yield return ("sync dispatch allocates 0 B per call", BytesText(syncBytes), Holds(syncBytes, b => b == 0));
        yield return ("async dispatch allocates 0 B per call", BytesText(asyncBytes), Holds(asyncBytes, b => b == 0));
        yield return ("Create(Net) ≤ 1.2 × bare unshare", Ratio(create, bare, "bare unshare"), Holds(create / bare, v => v <= 1.2));
        yield return ("Create(User+Net) with id maps ≤ 0.7 ms", Micro(createUser), Holds(createUser, v => v <= 700_000));
        yield return ("warm pool Get < 1 µs (Get + Put measured)", Micro(pool), Holds(pool, v => v < 1_000));
        yield return ("round robin over 1,000 Net sets ≤ 3 × bare setns pair (#12)", Ratio(roundRobin, pair, "setns pair"), Holds(roundRobin / pair, v => v <= 3));
        yield return ("first call on a new set ≤ 5 × bare setns pair (#12)", Ratio(firstCall, pair, "setns pair"), Holds(firstCall / pair, v => v <= 5));
    }

    private static bool? Holds<T>(T? value, Func<T, bool> test) where T : struct => value is { } v ? test(v) : null;

    private static BenchmarkReport? Report(Summary summary, string method)
        => summary.Reports.FirstOrDefault(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method);

    private static double? Median(Summary summary, string method) => Report(summary, method)?.ResultStatistics?.Median;

    private static long? Bytes(Summary summary, string method)
        => Report(summary, method) is { } report ? report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) : null;

    private static string Micro(double? nanoseconds)
        => nanoseconds is { } ns ? (ns / 1_000).ToString("0.000", CultureInfo.InvariantCulture) + " µs" : "–";

    private static string Ratio(double? value, double? baseline, string baselineName)
        => value is { } v && baseline is { } b
            ? $"{(v / b).ToString("0.00", CultureInfo.InvariantCulture)} × ({Micro(v)} vs {baselineName} {Micro(b)})"
            : "–";

    private static string BytesText(long? bytes) => bytes is { } b ? b.ToString(CultureInfo.InvariantCulture) + " B" : "–";

    private static string DescribeJob(Job job)
    {
        var run = job.Run;
        return string.Create(CultureInfo.InvariantCulture,
            $"{run.LaunchCount} launch, {run.WarmupCount} warm-up and {run.IterationCount} measured iterations of ~{run.IterationTime.ToMilliseconds():0} ms each, one process per row");
    }

    private static bool IsBusy(string loadAverage, int cores)
    {
        string[] parts = loadAverage.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2
            || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double one)
            || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double five))
        {
            return true;
        }

        return Math.Max(one, five) > QuietLoadPerCore * cores;
    }

    private static string Kernel()
    {
        try
        {
            return File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
        }
        catch (IOException)
        {
            return Environment.OSVersion.VersionString;
        }
    }

    private static string? Git(string root, string arguments)
    {
        try
        {
            var info = new ProcessStartInfo("git", arguments) { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
            using Process git = Process.Start(info)!;
            string output = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 && output.Length > 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}

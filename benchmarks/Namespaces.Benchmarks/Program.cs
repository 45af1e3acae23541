using System;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Order;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Perfolizer.Horology;

namespace Namespaces.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project benchmarks/Namespaces.Benchmarks</c> runs every benchmark with the documented
/// job and rewrites the results section of docs/benchmarks.md. Any arguments go to BenchmarkDotNet instead
/// (<c>-- --filter '*Sync*' --job short</c>) and leave the doc alone; <c>-- --interleaved [seconds]</c> runs
/// <see cref="InterleavedProbe"/> instead, a check for machines that cannot be made quiet.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (!OperatingSystem.IsLinux() || Native.GetEuid() != 0)
        {
            Console.Error.WriteLine("The benchmarks create real namespaces: run them as root on Linux (CAP_SYS_ADMIN).");
            return 2;
        }
        string root = RepositoryRoot();
        string artifacts = Path.Combine(root, "benchmarks", "Namespaces.Benchmarks", "BenchmarkDotNet.Artifacts");

        if (args.Length > 0 && args[0] == "--interleaved")
        {
            return InterleavedProbe.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 30);
        }

        if (args.Length > 0)
        {
            // A developer's run: BenchmarkDotNet's own command line; the docs job unless --job names another.
            bool ownJob = args.Any(a => a is "--job" or "-j" || a.StartsWith("--job=", StringComparison.Ordinal));
            bool filtered = args.Any(a => a is "--filter" or "-f" || a.StartsWith("--filter=", StringComparison.Ordinal));
            string[] switcherArgs = filtered ? args : [.. args, "--filter", "*"];
            var summaries = BenchmarkSwitcher.FromTypes([typeof(NamespaceBenchmarks), typeof(NetlinkWiringBenchmarks), typeof(NetlinkRequestBenchmarks), typeof(ProcessBenchmarks)])
                .Run(switcherArgs, Config(artifacts, ownJob ? null : DocsJob));
            return summaries.All(Succeeded) ? 0 : 1;
        }

        string auditFile = Path.Combine(artifacts, "thread-audit.txt");
        string scaleFile = Path.Combine(artifacts, "scale.txt");
        Directory.CreateDirectory(artifacts);
        File.Delete(auditFile);
        File.Delete(scaleFile);
        Environment.SetEnvironmentVariable(NamespaceBenchmarks.AuditFileVariable, auditFile); // inherited by each row's process
        Environment.SetEnvironmentVariable(NamespaceBenchmarks.ScaleFileVariable, scaleFile);
        string loadBefore = DocsWriter.LoadAverage();
        Summary summary = BenchmarkRunner.Run<NamespaceBenchmarks>(Config(artifacts, DocsJob));
        string loadAfter = DocsWriter.LoadAverage();
        string[] audit = File.Exists(auditFile) ? File.ReadAllLines(auditFile) : [];
        string[] scale = File.Exists(scaleFile) ? File.ReadAllLines(scaleFile) : [];
        if (!Succeeded(summary))
        {
            Console.Error.WriteLine("Some benchmarks failed; docs/benchmarks.md was not touched.");
            return 1;
        }
        string doc = Path.Combine(root, "docs", "benchmarks.md");
        DocsWriter.Write(doc, summary, DocsJob, loadBefore, loadAfter, audit, scale, root);
        Console.WriteLine($"Wrote the results into {doc}");
        return 0;
    }

    /// <summary>
    /// The job behind the documented numbers: one process per row, 8 warm-up and 30 measured iterations of about
    /// 250 ms each (BenchmarkDotNet's default job stops only when the error is small, up to 100 iterations, which a
    /// noisy 2-core machine never reaches). Every row then takes 15–20 s, the whole run about 5 minutes plus the
    /// build, and a median over 30 iterations of hundreds to millions of calls each is stable enough to compare rows.
    /// </summary>
    public static readonly Job DocsJob = Job.Default
        .WithId("docs")
        .WithLaunchCount(1)
        .WithWarmupCount(8)
        .WithIterationCount(30)
        .WithIterationTime(TimeInterval.FromMilliseconds(250));

    private static IConfig Config(string artifacts, Job? job)
    {
        ManualConfig config = ManualConfig.Create(DefaultConfig.Instance)
            .WithArtifactsPath(artifacts)
            .AddColumn(StatisticColumn.Median, StatisticColumn.Min, StatisticColumn.P95)
            .HideColumns(Column.AllocRatio) // every baseline allocates nothing, so the ratio is always NA
            .WithOrderer(new DefaultOrderer(SummaryOrderPolicy.Declared))
            .WithSummaryStyle(SummaryStyle.Default.WithTimeUnit(TimeUnit.Microsecond));
        return job is null ? config : config.AddJob(job);
    }

    private static bool Succeeded(Summary summary)
        => !summary.HasCriticalValidationErrors
           && summary.Reports.Length == summary.BenchmarksCases.Length
           && summary.Reports.All(r => r.Success && r.ResultStatistics is not null);

    private static string RepositoryRoot()
    {
        foreach (string start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (DirectoryInfo? dir = new(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Namespaces.sln")))
                {
                    return dir.FullName;
                }
            }
        }
        throw new InvalidOperationException("Cannot find the repository root (the folder holding Namespaces.sln).");
    }
}

using System;
using System.Diagnostics;
using System.IO;
using Xunit;

namespace Namespaces.Reliability.Tests.Support;

/// <summary>
/// Every reliability test counts process-wide resources (fds, threads, mounts, children), so they all run in this
/// one collection, one at a time: nothing else creates namespaces or threads while a count is taken.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ReliabilityCollection : ICollectionFixture<SuiteReport>
{
    public const string Name = "Reliability: serial, process-wide counts";
}

/// <summary>
/// Lives for the whole collection: when the last test has run, writes the figures every scenario recorded to
/// <c>reliability-figures.json</c> and <c>reliability.md</c> in the test output folder, and to the path in
/// <c>NAMESPACES_RELIABILITY_DOC</c> when it is set (update-doc.sh sets it to docs/reliability.md).
/// </summary>
public sealed class SuiteReport : IDisposable
{
    public const string DocVariable = "NAMESPACES_RELIABILITY_DOC";

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly DateTime _started = DateTime.UtcNow;

    public void Dispose()
    {
        var suite = new SuiteFigures(_started, Math.Round(_clock.Elapsed.TotalSeconds, 1), Figures.All);
        string folder = AppContext.BaseDirectory;
        File.WriteAllText(Path.Combine(folder, "reliability-figures.json"), suite.ToJson());
        string markdown = suite.ToMarkdown();
        File.WriteAllText(Path.Combine(folder, "reliability.md"), markdown);
        if (Environment.GetEnvironmentVariable(DocVariable) is { Length: > 0 } doc)
        {
            File.WriteAllText(doc, markdown);
        }
    }
}

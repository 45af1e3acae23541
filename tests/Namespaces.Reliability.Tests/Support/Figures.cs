using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;

namespace Namespaces.Reliability.Tests.Support;

/// <summary>One leak check: a resource counted before and after a scenario.</summary>
public sealed record CheckRow(string Resource, long Before, long After, bool Leaked, string? Detail);

/// <summary>One hostile input: what was passed, what the suite expects, what happened.</summary>
public sealed record InputRow(string Input, string Expected, string Outcome, bool AsExpected);

/// <summary>What one scenario did and measured; written to the figures file whatever its outcome.</summary>
public sealed class Scenario(string area, string name)
{
    public string Area { get; } = area;
    public string Name { get; } = name;
    public string Work { get; set; } = "";
    public long Calls { get; set; }
    public long Cycles { get; set; }
    public List<CheckRow> Checks { get; } = [];
    public List<InputRow> Inputs { get; } = [];
    public SortedDictionary<string, string> Notes { get; } = new(StringComparer.Ordinal);
    public string Result { get; set; } = "not finished";
    public string? Failure { get; set; }
    public double Seconds { get; set; }

    public int LeaksFound => Checks.Count(c => c.Leaked);

    public void Check(string resource, long before, long after, bool leaked, string? detail = null)
    {
        lock (Checks)
        {
            Checks.Add(new CheckRow(resource, before, after, leaked, string.IsNullOrEmpty(detail) ? null : detail));
        }
    }

    public void Input(string input, string expected, string outcome, bool asExpected)
    {
        lock (Inputs)
        {
            Inputs.Add(new InputRow(input, expected, outcome, asExpected));
        }
    }

    /// <summary>An informational figure (not a leak check), shown in the doc next to the scenario.</summary>
    public void Info(string key, string value)
    {
        lock (Notes)
        {
            Notes[key] = value;
        }
    }
}

/// <summary>Collects every scenario's figures; the collection fixture writes them out when the suite ends.</summary>
internal static class Figures
{
    private static readonly List<Scenario> s_scenarios = [];

    public static IReadOnlyList<Scenario> All
    {
        get
        {
            lock (s_scenarios)
            {
                return s_scenarios.ToArray();
            }
        }
    }

    public static void Run(string area, string name, Action<Scenario> body) =>
        RunAsync(area, name, s =>
        {
            body(s);
            return Task.CompletedTask;
        }).GetAwaiter().GetResult();

    public static async Task RunAsync(string area, string name, Func<Scenario, Task> body)
    {
        var scenario = new Scenario(area, name);
        var clock = Stopwatch.StartNew();
        try
        {
            await body(scenario);
            scenario.Result = "passed";
        }
        catch (Exception e)
        {
            scenario.Result = "FAILED";
            scenario.Failure = e.GetType().Name + ": " + e.Message;
            throw;
        }
        finally
        {
            scenario.Seconds = Math.Round(clock.Elapsed.TotalSeconds, 1);
            lock (s_scenarios)
            {
                s_scenarios.Add(scenario);
            }
        }
    }

    public static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}

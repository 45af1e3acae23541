using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace Namespaces.Reliability.Tests.Support;

/// <summary>
/// Passes hostile inputs to the library one at a time and records each outcome in the scenario: refused with the
/// expected exception and a message naming what was wrong, or (for the controls) accepted. Each attempt runs on a
/// thread of its own with a hang guard, so an input that blocks (a FIFO opened for reading) is reported, not hung on.
/// </summary>
internal sealed class Attempts(Scenario scenario)
{
    public static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    private readonly List<string> _failures = [];

    /// <summary>Expects <typeparamref name="TException"/> whose message contains every one of <paramref name="mentions"/>.</summary>
    /// <param name="unblock">Run if the attempt blocks, to let it finish (e.g. open the other end of a FIFO).</param>
    public void Refused<TException>(string input, Func<object?> attempt, string[] mentions, Action? unblock = null)
        where TException : Exception
    {
        string expected = typeof(TException).Name + (mentions.Length == 0 ? "" : " naming " + string.Join(", ", mentions.Select(m => $"'{Printable(m)}'")));
        (object? result, Exception? error, bool blocked) = Run(attempt, unblock);
        bool right = !blocked && error is TException
            && (error is not NamespaceException ns || ns.Errno != 0)
            && mentions.All(m => error.Message.Contains(m, StringComparison.Ordinal));
        Record(input, expected, Describe(result, error, blocked), right);
    }

    /// <summary>A control: expects the attempt to succeed (and <paramref name="check"/> to hold for its result).</summary>
    public void Accepted(string input, Func<object?> attempt, Func<object?, bool>? check = null, string expected = "accepted")
    {
        bool right = false;
        (object? result, Exception? error, bool blocked) = Run(() =>
        {
            object? value = attempt();
            right = check?.Invoke(value) ?? true;
            return value;
        }, null);
        Record(input, expected, Describe(result, error, blocked), right && error is null && !blocked);
    }

    /// <summary>Fails the test if any input was not handled as expected, listing each.</summary>
    public void AssertAllAsExpected() =>
        Assert.True(_failures.Count == 0, $"{_failures.Count} of {scenario.Inputs.Count} inputs not handled as expected: " + string.Join(" || ", _failures));

    private void Record(string input, string expected, string outcome, bool right)
    {
        scenario.Input(Printable(input), expected, outcome, right);
        if (!right)
        {
            _failures.Add($"{Printable(input)}: expected {expected}, got {outcome}");
        }
    }

    private static (object? Result, Exception? Error, bool Blocked) Run(Func<object?> attempt, Action? unblock)
    {
        Task<object?> task = Dedicated.Run(attempt);
        bool blocked = !((IAsyncResult)task).AsyncWaitHandle.WaitOne(HangGuard);
        if (blocked)
        {
            unblock?.Invoke();
            ((IAsyncResult)task).AsyncWaitHandle.WaitOne(HangGuard);
        }
        object? result = task.IsCompletedSuccessfully ? task.Result : null;
        Exception? error = task.IsFaulted ? task.Exception!.InnerException : null;
        switch (result)
        {
            case NamespaceSet set:
                set.Dispose();
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
        return (result, error, blocked);
    }

    private static string Describe(object? result, Exception? error, bool blocked)
    {
        string prefix = blocked ? $"BLOCKED for {HangGuard.TotalSeconds} s, then " : "";
        if (error is null)
        {
            return prefix + "ACCEPTED" + (result switch
            {
                null => "",
                NamespaceSet set => $": a set of {set.Flags}",
                _ => ": " + result,
            });
        }

        string errno = error is NamespaceException ns ? $" (errno {ns.Errno}, {ns.Namespace})" : "";
        return prefix + error.GetType().Name + errno + ": " + Printable(error.Message);
    }

    /// <summary>Shows control characters (a NUL in a path) as escapes.</summary>
    public static string Printable(string text) => string.Concat(text.Select(c => char.IsControl(c) ? $"\\x{(int)c:x2}"
        : char.IsSurrogate(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format ? $"\\u{(int)c:x4}" : c.ToString()));
}

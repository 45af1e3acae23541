using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Threading;
using Xunit;

namespace Namespaces.Samples.Tests;

/// <summary>A built sample run with <c>dotnet Sample.dll</c>, its output collected line by line.</summary>
internal sealed partial class SampleProcess : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly List<string> _stdout = [];
    private readonly List<string> _stderr = [];
    private readonly SemaphoreSlim _lineArrived = new(0);

    private SampleProcess(Process process) => _process = process;

    public int Pid => _process.Id;

    /// <summary>Starts sample <paramref name="name"/> (e.g. "NetnsDemo") with <paramref name="arguments"/>.</summary>
    public static SampleProcess Start(string name, params string[] arguments)
    {
        string dll = typeof(SampleProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == "Sample:" + name)?.Value
            ?? throw new InvalidOperationException($"No path recorded for sample {name}: see RecordSamplePaths in the test project.");
        Assert.True(File.Exists(dll), $"Sample {name} is not built at {dll}.");

        // The test host runs under the same dotnet that built everything; its path is the most reliable one.
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true, // no terminal: the sample must not wait for one
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.ArgumentList.Add(dll);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        var process = new Process { StartInfo = start };
        var sample = new SampleProcess(process);
        process.OutputDataReceived += (_, e) => sample.Add(sample._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => sample.Add(sample._stderr, e.Data);
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            process.Dispose();
            throw new InvalidOperationException($"Could not start '{dotnet}' to run sample {name}: {e.Message}. Is the .NET SDK on PATH (or DOTNET_HOST_PATH set)?", e);
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return sample;
    }

    /// <summary>Waits for the sample to exit by itself and returns its exit code.</summary>
    public int WaitForExit()
    {
        if (!_process.WaitForExit(Timeout))
        {
            Kill();
            Assert.Fail($"The sample did not exit within {Timeout.TotalSeconds} s.\n{Transcript()}");
        }
        _process.WaitForExit(); // drains the output
        return _process.ExitCode;
    }

    /// <summary>Waits until a line of standard output starts with <paramref name="prefix"/>; returns it.</summary>
    public string WaitForLine(string prefix)
    {
        DateTime deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            lock (_stdout)
            {
                string? line = _stdout.Find(l => l.StartsWith(prefix, StringComparison.Ordinal));
                if (line is not null)
                {
                    return line;
                }
            }
            if (_process.HasExited && _process.WaitForExit(1000))
            {
                Assert.Fail($"The sample exited (code {_process.ExitCode}) without printing a line starting with '{prefix}'.\n{Transcript()}");
            }

            TimeSpan left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                Assert.Fail($"No line starting with '{prefix}' within {Timeout.TotalSeconds} s.\n{Transcript()}");
            }

            _lineArrived.Wait(TimeSpan.FromMilliseconds(Math.Min(left.TotalMilliseconds, 200)));
        }
    }

    /// <summary>Sends a signal to the sample (SIGINT is what Ctrl+C sends).</summary>
    public void Signal(int signal)
    {
        if (kill(_process.Id, signal) != 0)
        {
            Assert.Fail($"kill({_process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    public const int SIGINT = 2, SIGTERM = 15;

    public string[] Lines
    {
        get { lock (_stdout)
            {
                return [.. _stdout];
            }
        }
    }

    public string Transcript()
    {
        lock (_stdout)
        lock (_stderr)
            {
                return "--- stdout\n" + string.Join("\n", _stdout) + "\n--- stderr\n" + string.Join("\n", _stderr);
            }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
        _lineArrived.Dispose();
    }

    private void Add(List<string> lines, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (lines)
        {
            lines.Add(line);
        }

        _lineArrived.Release();
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }
        }
        catch (InvalidOperationException)
        {
            // Never started, or already gone.
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int signal);
}

using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using Xunit;

namespace Namespaces.Package.Tests;

/// <summary>Runs the dotnet CLI the way a user's shell would, with no build server left running afterwards.</summary>
public static class Dotnet
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(4);

    /// <summary>The dotnet that runs the tests (DOTNET_HOST_PATH), else the one on PATH.</summary>
    public static string Path { get; } =
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    public sealed record Result(int ExitCode, string Output, string CommandLine)
    {
        public Result EnsureSuccess()
        {
            Assert.True(ExitCode == 0, $"'{CommandLine}' exited with {ExitCode}:\n{Output}");
            return this;
        }
    }

    public static Result Run(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(Path)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        // The test host's MSBuild variables would point the child at the test's own MSBuild instance.
        foreach (string key in Environment.GetEnvironmentVariables().Keys.Cast<string>().Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        foreach ((string key, string value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        string commandLine = Path + " " + string.Join(' ', arguments);
        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"Could not start '{Path}' ({e.Message}): the package test needs the .NET SDK on PATH or DOTNET_HOST_PATH.", e);
        }
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(s_timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.Fail($"'{commandLine}' did not finish within {s_timeout.TotalMinutes} minutes:\n{output}");
        }
        process.WaitForExit();
        lock (output)
        {
            return new Result(process.ExitCode, output.ToString(), commandLine);
        }
    }
}

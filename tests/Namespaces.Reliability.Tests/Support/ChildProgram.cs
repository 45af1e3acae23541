using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using Xunit;

namespace Namespaces.Reliability.Tests.Support;

/// <summary>Runs programs as child processes: the suite's helper (Helper/Program.cs), util-linux tools.</summary>
internal static class ChildProgram
{
    /// <summary>The dotnet muxer the test host runs under.</summary>
    public static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : Environment.ProcessPath ?? "dotnet";

    /// <summary>The command line that starts the helper with <paramref name="arguments"/>.</summary>
    public static string[] Helper(params string[] arguments)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "Namespaces.Reliability.Helper.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: the test project references Helper/Namespaces.Reliability.Helper.csproj, which should copy it here.");
        return [Dotnet, dll, .. arguments];
    }

    /// <summary>Runs a command to its end and returns its exit code and output (stdout then stderr).</summary>
    public static (int ExitCode, string Output) Run(params string[] command)
    {
        using Process process = Start(command);
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        string all = output + error.Result;
        int code = process.ExitCode;
        Close(process);
        return (code, all);
    }

    /// <summary>
    /// Closes the pipes of a started process and disposes it. Process.Dispose leaves a redirected stream open
    /// when it was read synchronously (the reader is then the caller's), so each is closed here first.
    /// </summary>
    public static void Close(Process process)
    {
        process.StandardOutput.Dispose();
        process.StandardError.Dispose();
        process.Dispose();
    }

    /// <summary>Starts a command with stdout and stderr redirected.</summary>
    public static Process Start(params string[] command)
    {
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in command[1..])
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("could not start " + command[0]);
    }
}

using System;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Namespaces.Diagnostics;
using Xunit;

namespace Namespaces.Analyzers.Tests;

/// <summary>
/// Builds a small user project with <c>dotnet build</c>, the analyzers referenced the way a package brings them
/// (an <c>Analyzer</c> item) and the runtime as a project reference, and reads each diagnostic from the build output.
/// </summary>
[Collection(HeavyTests.Name)]
public sealed class BuildOutputTests : IDisposable
{
    private static readonly Regex DiagnosticLine = new(
        @"^(?<file>[^\r\n]+?)\((?<line>\d+),(?<column>\d+)\): (?<severity>warning|error) (?<id>NS\d{4}): (?<message>.+) \((?<link>https://[^ )]+)\) \[",
        RegexOptions.Multiline | RegexOptions.CultureInvariant);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "namespaces-analyzers-build-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void EveryRuleShowsWithItsHelpLinkInDotnetBuild()
    {
        var runtimeProject = Repository.PathOf("src/Namespaces.Runtime/Namespaces.Runtime.csproj");
        var analyzerAssembly = typeof(ThreadHopAnalyzer).Assembly.Location;
        Assert.True(File.Exists(runtimeProject), $"Runtime project not found at {runtimeProject}");
        Assert.True(File.Exists(analyzerAssembly), $"Analyzer assembly not found at {analyzerAssembly}");

        Directory.CreateDirectory(_directory);
        // Stop MSBuild's upward search so nothing outside this folder shapes the build.
        File.WriteAllText(Path.Combine(_directory, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(_directory, "Directory.Build.targets"), "<Project />");
        File.WriteAllText(Path.Combine(_directory, "App.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>disable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="{runtimeProject}" />
                <Analyzer Include="{analyzerAssembly}" />
              </ItemGroup>
            </Project>
            """);
        // Severities come from .editorconfig like any analyzer's: NS1006 is info (IDE only) unless raised.
        File.WriteAllText(Path.Combine(_directory, ".editorconfig"), """
            root = true

            [*.cs]
            dotnet_diagnostic.NS1006.severity = warning
            dotnet_diagnostic.NS1004.severity = error
            """);
        File.WriteAllText(Path.Combine(_directory, "Code.cs"), """
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading.Tasks;
            using Namespaces;

            public static partial class Net
            {
                [RunInNamespace(NS.Net)]
                public static async Task Awaits() => await Task.CompletedTask;

                [RunInNamespace(NS.Net)]
                public static void Starts() => Task.Run(() => { });

                [RunInNamespace(NS.Net)]
                public static void Blocks() => Task.Delay(1).Wait();

                [RunInNamespace(NS.Net)]
                public static IEnumerable<int> Lazy(int[] values) => values.Select(v => v + 1);

                [RunInNamespace(NS.Net)]
                public static void Wakes(TaskCompletionSource done) => done.SetResult();

                public static void Caller() => Starts();

                public static void UsesDo(NamespaceSet set) => set.Do(() => { });
            }
            """);

        var (exitCode, output) = RunDotnetBuild(_directory);

        var found = DiagnosticLine.Matches(output).Select(m => (Id: m.Groups["id"].Value, Severity: m.Groups["severity"].Value, Link: m.Groups["link"].Value)).Distinct().ToList();
        foreach (var id in new[] { DiagnosticIds.AsyncInBody, DiagnosticIds.StartsThread, DiagnosticIds.ReturnsAwaitable, DiagnosticIds.DeferredExecution, DiagnosticIds.DirectCall, DiagnosticIds.DoLambda, DiagnosticIds.WakesThread })
        {
            Assert.True(found.Any(d => d.Id == id), $"{id} missing from the build output:\n{output}");
            Assert.All(found.Where(d => d.Id == id), d => Assert.Equal(HelpLinks.For(id), d.Link));
        }

        // NS1001 and NS1002 are errors by default, NS1004 raised by the .editorconfig; the rest warnings (NS1006 raised from info).
        Assert.All(found.Where(d => d.Id is "NS1001" or "NS1002" or "NS1004"), d => Assert.Equal("error", d.Severity));
        Assert.All(found.Where(d => d.Id is "NS1003" or "NS1005" or "NS1006" or "NS1007"), d => Assert.Equal("warning", d.Severity));

        // The build fails because of those errors, and for no other reason.
        Assert.NotEqual(0, exitCode);
        var otherErrors = Regex.Matches(output, @": error (?!NS1001|NS1002|NS1004)\w+", RegexOptions.CultureInvariant);
        Assert.True(otherErrors.Count == 0, $"The build failed for another reason:\n{output}");
    }

    private static (int ExitCode, string Output) RunDotnetBuild(string directory)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // No build servers: nothing stays running after the test; no terminal logger: plain lines to parse.
        // Artifacts under the temp folder: the runtime project is built there too, leaving the repository's bin/ and obj/ alone.
        var artifacts = Path.Combine(directory, "artifacts");
        foreach (var argument in new[] { "build", "App.csproj", "--disable-build-servers", "-nologo", "-tl:off", "-p:UseArtifactsOutput=true", "-p:ArtifactsPath=" + artifacts })
        {
            start.ArgumentList.Add(argument);
        }

        // The test host's MSBuild variables would point the child build at the test's own MSBuild instance.
        foreach (var key in Environment.GetEnvironmentVariables().Keys.Cast<string>().Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";

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
            Assert.Fail($"Could not start '{dotnet} build' to build the sample project: {e.Message}");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"'dotnet build' of the sample project did not finish within 5 minutes:\n{output}");
        }

        process.WaitForExit();
        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }
}

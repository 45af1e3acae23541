using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Namespaces.Testing;
using Xunit;

namespace Namespaces.Samples.Tests;

/// <summary>samples/NetnsDemo, the README's main job.</summary>
public sealed class NetnsDemoTests : IDisposable
{
    private readonly string _name = "samples-test-" + Guid.NewGuid().ToString("N")[..8];

    public NetnsDemoTests() => Kernel.RequireRoot();

    public void Dispose() => Kernel.RemoveNetnsName(_name);

    [Fact]
    public void RunsToTheEnd_ShowsBothSides_AndRemovesTheName()
    {
        using var demo = SampleProcess.Start("NetnsDemo", "--name", _name);
        int exitCode = demo.WaitForExit();
        string[] lines = demo.Lines;
        string transcript = demo.Transcript();

        Assert.True(exitCode == 0, $"exit code {exitCode}\n{transcript}");
        (string net, string uts) = ParseNamespaces(lines[0], transcript);
        Assert.NotEqual(Kernel.ProcessNs("net"), net);
        Assert.NotEqual(Kernel.ProcessNs("uts"), uts);

        string[] host = Fields(lines, "host ");
        Assert.Equal(Kernel.HostName(), host[1]);
        Assert.Contains("lo", host[2].Split(','));
        Assert.Equal(["namespace", "netns-demo", "lo"], Fields(lines, "namespace "));

        Match listening = Regex.Match(Line(lines, "echo server listening inside on "), @"127\.0\.0\.1:(\d+)$");
        Assert.True(listening.Success, transcript);
        string endPoint = "127.0.0.1:" + listening.Groups[1].Value;
        Assert.Equal($"inside -> {endPoint}: echoed \"hello from inside\"", Line(lines, "inside -> "));
        Assert.StartsWith($"host   -> {endPoint}: ConnectionRefused", Line(lines, "host   -> "));
        Assert.Equal("removed /run/netns/" + _name, lines[^1]);

        Assert.False(Path.Exists("/run/netns/" + _name), "/run/netns/" + _name + " is still there");
        Assert.Empty(Kernel.MountsAt("/run/netns/" + _name));
    }

    [Theory]
    [InlineData(SampleProcess.SIGINT)]
    [InlineData(SampleProcess.SIGTERM)]
    public void Wait_KeepsTheNamedNamespaceForIpNetns_UntilASignalRemovesIt(int signal)
    {
        using var demo = SampleProcess.Start("NetnsDemo", "--name", _name, "--wait");
        demo.WaitForLine("waiting: ");
        (string net, _) = ParseNamespaces(demo.Lines[0], demo.Transcript());
        string path = "/run/netns/" + _name;

        // What iproute2 and the kernel say while the demo waits: the name is an nsfs mount of the demo's namespace,
        // `ip netns exec` enters it and finds only lo, up.
        Assert.Contains(_name, Kernel.RunChecked("ip", "netns", "list").Split('\n').Select(l => l.Split(' ')[0]));
        string mount = Assert.Single(Kernel.MountsAt(path));
        Assert.Equal(net, mount.Split(' ')[3]);
        Assert.Equal(net, Kernel.RunChecked("ip", "netns", "exec", _name, "readlink", "/proc/self/ns/net").Trim());
        string[] links = Kernel.RunChecked("ip", "-o", "link", "show").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string[] inside = Kernel.RunChecked("ip", "netns", "exec", _name, "ip", "-o", "link", "show").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(links.Length > 1, "the host should have more than lo");
        string lo = Assert.Single(inside);
        Assert.Matches(@"^1: lo: <LOOPBACK,UP,", lo);

        demo.Signal(signal);
        int exitCode = demo.WaitForExit();

        Assert.True(exitCode == 0, $"exit code {exitCode}\n{demo.Transcript()}");
        Assert.Equal(["signal received", "removed " + path], demo.Lines[^2..]);
        Assert.False(Path.Exists(path), path + " is still there after the signal");
        Assert.Empty(Kernel.MountsAt(path));
        Assert.DoesNotContain(_name, Kernel.RunChecked("ip", "netns", "list"));
    }

    private (string Net, string Uts) ParseNamespaces(string first, string transcript)
    {
        Match match = Regex.Match(first, @"^namespaces (net:\[\d+\]) (uts:\[\d+\]), named /run/netns/(\S+)$");
        Assert.True(match.Success, "unexpected first line\n" + transcript);
        Assert.Equal(_name, match.Groups[3].Value);
        return (match.Groups[1].Value, match.Groups[2].Value);
    }

    private static string Line(string[] lines, string prefix) =>
        lines.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal))
        ?? throw new Xunit.Sdk.XunitException($"No line starting with '{prefix}' in:\n{string.Join("\n", lines)}");

    private static string[] Fields(string[] lines, string prefix) => Line(lines, prefix).Split(' ', StringSplitOptions.RemoveEmptyEntries);
}

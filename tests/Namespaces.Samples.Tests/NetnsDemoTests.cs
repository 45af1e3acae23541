using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using Namespaces.Testing;
using Xunit;

namespace Namespaces.Samples.Tests;

/// <summary>samples/NetnsDemo, the README's main job: three namespaces wired by veth pairs through a bridge.</summary>
public sealed class NetnsDemoTests : IDisposable
{
    private static readonly string[] Sides = ["hub", "red", "blue"];
    private readonly string _prefix = "samples-test-" + Guid.NewGuid().ToString("N")[..8];

    public NetnsDemoTests() => Kernel.RequireRoot();

    public void Dispose()
    {
        foreach (string side in Sides)
        {
            Kernel.RemoveNetnsName($"{_prefix}-{side}");
        }
    }

    [Fact]
    public void RunsToTheEnd_ShowsTheWiring_TheConversation_TheHostLeftOut_AndLeavesNothing()
    {
        string hostLinks = Kernel.RunChecked("ip", "-o", "link", "show");

        using var demo = SampleProcess.Start("NetnsDemo", "--name", _prefix);
        int exitCode = demo.WaitForExit();
        string[] lines = demo.Lines;
        string transcript = demo.Transcript();

        Assert.True(exitCode == 0, $"exit code {exitCode}\n{transcript}");
        string[] ids = ParseNamespaces(lines[0], transcript);
        Assert.Equal(3, ids.Distinct().Count());
        Assert.DoesNotContain(Kernel.ProcessNs("net"), ids);
        Assert.Equal("hub   br0 (bridge, up) 10.77.1.254/24 10.77.2.254/24 fd00:77:1::fe/64 fd00:77:2::fe/64; ports veth-red, veth-blue; forwarding", Line(lines, "hub "));
        Assert.Equal("red   eth0 (veth, up) 10.77.1.1/24 fd00:77:1::1/64; default via 10.77.1.254; default via fd00:77:1::fe", Line(lines, "red   eth0"));
        Assert.Equal("blue  eth0 (veth, up) 10.77.2.1/24 fd00:77:2::1/64; default via 10.77.2.254; default via fd00:77:2::fe", Line(lines, "blue "));
        string[] echoes = [.. lines.Where(l => l.StartsWith("red   -> ", StringComparison.Ordinal))];
        Assert.Equal(
            ["red   -> 10.77.2.1:7007 in blue, through hub: echoed \"hello from red\"", "red   -> [fd00:77:2::1]:7007 in blue, through hub: echoed \"hello from red\""],
            echoes);
        Assert.StartsWith("host  no address or route into 10.77.0.0/16 or fd00:77::/32", Line(lines, "host  no"));
        Assert.Matches(@"^host  -> 127\.0\.0\.1:\d+: ConnectionRefused ", Line(lines, "host  -> "));
        Assert.Equal("removed the namespaces and their links", lines[^1]);

        // Nothing stays: no name, no new link on the host, no process holds any of the three namespaces.
        Assert.All(Sides, side => Assert.False(Path.Exists($"/run/netns/{_prefix}-{side}")));
        Assert.Equal(hostLinks, Kernel.RunChecked("ip", "-o", "link", "show"));
        Assert.Empty(NetworkNamespacesInUse().Intersect(ids));
    }

    [Theory]
    [InlineData(SampleProcess.SIGINT)]
    [InlineData(SampleProcess.SIGTERM)]
    public void Wait_NamesTheNamespacesForIproute2_UntilASignalRemovesEverything(int signal)
    {
        using var demo = SampleProcess.Start("NetnsDemo", "--name", _prefix, "--wait");
        demo.WaitForLine("waiting: ");
        string[] ids = ParseNamespaces(demo.Lines[0], demo.Transcript());
        Assert.Equal($"named /run/netns/{_prefix}-{{hub,red,blue}}", demo.Lines[1]);

        // What iproute2 sees while the demo waits, namespace by namespace.
        for (int i = 0; i < Sides.Length; i++)
        {
            Assert.Equal(ids[i], Kernel.RunChecked("ip", "netns", "exec", $"{_prefix}-{Sides[i]}", "readlink", "/proc/self/ns/net").Trim());
        }
        string[] ports = [.. Json("-n", $"{_prefix}-hub", "link", "show", "master", "br0").Select(l => l.GetProperty("ifname").GetString()!).Order(StringComparer.Ordinal)];
        Assert.Equal(["veth-blue", "veth-red"], ports);
        string[] red = [.. Json("-n", $"{_prefix}-red", "addr", "show", "dev", "eth0").Single().GetProperty("addr_info").EnumerateArray()
            .Select(a => $"{a.GetProperty("local").GetString()}/{a.GetProperty("prefixlen").GetInt32()}")];
        Assert.Contains("10.77.1.1/24", red);
        Assert.Contains("fd00:77:1::1/64", red);
        Assert.Equal("10.77.1.254", Json("-n", $"{_prefix}-red", "route", "show", "default").Single().GetProperty("gateway").GetString());
        Assert.Equal("veth", Json("-n", $"{_prefix}-blue", "-d", "link", "show", "dev", "eth0").Single().GetProperty("linkinfo").GetProperty("info_kind").GetString());

        Assert.Equal(ids.Order(StringComparer.Ordinal), NetworkNamespacesInUse().Intersect(ids).Order(StringComparer.Ordinal)); // the check below can see them

        demo.Signal(signal);
        int exitCode = demo.WaitForExit();

        Assert.True(exitCode == 0, $"exit code {exitCode}\n{demo.Transcript()}");
        Assert.Equal(["signal received", $"removed /run/netns/{_prefix}-{{hub,red,blue}} and the namespaces"], demo.Lines[^2..]);
        Assert.All(Sides, side => Assert.False(Path.Exists($"/run/netns/{_prefix}-{side}"), $"{_prefix}-{side} is still there after the signal"));
        Assert.All(Sides, side => Assert.Empty(Kernel.MountsAt($"/run/netns/{_prefix}-{side}")));
        Assert.DoesNotContain(_prefix, Kernel.RunChecked("ip", "netns", "list"));
        Assert.Empty(NetworkNamespacesInUse().Intersect(ids));
    }

    /// <summary>Every network namespace some process still stands in or holds a descriptor of, and every nsfs mount's.</summary>
    private static string[] NetworkNamespacesInUse()
    {
        var found = new System.Collections.Generic.HashSet<string>(StringComparer.Ordinal);
        foreach (string process in Directory.GetDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)))
        {
            try
            {
                foreach (string link in Directory.GetDirectories(process + "/task").Select(t => t + "/ns/net").Concat(Directory.GetFiles(process + "/fd")))
                {
                    if (new FileInfo(link).LinkTarget is string target && target.StartsWith("net:[", StringComparison.Ordinal))
                    {
                        found.Add(target);
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process or thread exited while it was read.
            }
        }
        found.UnionWith(File.ReadAllLines("/proc/self/mountinfo").Select(l => l.Split(' ')[3]).Where(r => r.StartsWith("net:[", StringComparison.Ordinal)));
        return [.. found];
    }

    private static JsonElement[] Json(params string[] arguments)
    {
        using JsonDocument document = JsonDocument.Parse(Kernel.RunChecked("ip", ["-j", .. arguments]));
        return [.. document.RootElement.EnumerateArray().Select(e => e.Clone())];
    }

    private static string[] ParseNamespaces(string first, string transcript)
    {
        Match match = Regex.Match(first, @"^namespaces hub (net:\[\d+\]) red (net:\[\d+\]) blue (net:\[\d+\])$");
        Assert.True(match.Success, "unexpected first line\n" + transcript);
        return [match.Groups[1].Value, match.Groups[2].Value, match.Groups[3].Value];
    }

    private static string Line(string[] lines, string prefix) =>
        lines.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal))
        ?? throw new Xunit.Sdk.XunitException($"No line starting with '{prefix}' in:\n{string.Join("\n", lines)}");
}

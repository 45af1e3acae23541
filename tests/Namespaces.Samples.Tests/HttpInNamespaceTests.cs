using System.Linq;
using System.Text.RegularExpressions;
using Namespaces.Testing;
using Xunit;

namespace Namespaces.Samples.Tests;

/// <summary>samples/HttpInNamespace.</summary>
public sealed class HttpInNamespaceTests
{
    public HttpInNamespaceTests() => Kernel.RequireRoot();

    [Fact]
    public void BothHandlersReachTheServerInside_ThePlainClientIsRefused()
    {
        using var sample = SampleProcess.Start("HttpInNamespace");
        int exitCode = sample.WaitForExit();
        string[] lines = sample.Lines;
        string transcript = sample.Transcript();

        Assert.True(exitCode == 0, $"exit code {exitCode}\n{transcript}");
        Assert.Equal(4, lines.Length);
        Match server = Regex.Match(lines[0], @"^server listening inside (net:\[\d+\]) on http://127\.0\.0\.1:\d+/$");
        Assert.True(server.Success, transcript);
        string net = server.Groups[1].Value;
        Assert.NotEqual(Kernel.ProcessNs("net"), net);
        Assert.Equal($"set.CreateHttpHandler()   -> 200 OK from {net} for /helper", lines[1]);
        Assert.Equal($"own ConnectCallback       -> 200 OK from {net} for /callback", lines[2]);
        Assert.Equal("plain HttpClient (host)   -> ConnectionError: ConnectionRefused", lines[3]);
    }
}

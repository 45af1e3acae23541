using System.IO;
using System.Text.RegularExpressions;
using Namespaces.Testing;
using Xunit;

namespace Namespaces.Samples.Tests;

/// <summary>samples/ProcessSandbox.</summary>
public sealed class ProcessSandboxTests
{
    public ProcessSandboxTests() => Kernel.RequireRoot();

    [Fact]
    public void TheCommandRunsAsRootWithItsOwnHostnameAndProc_AndNothingIsLeft()
    {
        using var sample = SampleProcess.Start("ProcessSandbox");
        int exitCode = sample.WaitForExit();
        string[] lines = sample.Lines;
        string transcript = sample.Transcript();

        Assert.True(exitCode == 0, $"exit code {exitCode}\n{transcript}");
        Assert.Equal(6, lines.Length);
        Match ids = Regex.Match(lines[0], @"^namespaces (user:\[\d+\]) (pid:\[\d+\]) (mnt:\[\d+\]) (net:\[\d+\]) (uts:\[\d+\])$");
        Assert.True(ids.Success, transcript);
        string[] names = ["user", "pid", "mnt", "net", "uts"];
        for (int i = 0; i < names.Length; i++)
        {
            Assert.NotEqual(Kernel.ProcessNs(names[i]), ids.Groups[i + 1].Value);
        }

        Assert.Equal("inside     hostname sandbox, uid 0, gid 0, pid 2", lines[1]);
        Assert.StartsWith("inside     processes 1:nsexec-init 2:sh", lines[2]); // its own /proc: the init and itself
        Assert.Equal("inside     interfaces lo", lines[3]);
        Assert.Matches(@"^host       hostname \S+, the shell is pid \d+ with uid 100000$", lines[4]);
        Assert.Equal("exit code  0", lines[5]);
        Assert.NotEqual("sandbox", File.ReadAllText("/proc/sys/kernel/hostname").Trim());
    }
}

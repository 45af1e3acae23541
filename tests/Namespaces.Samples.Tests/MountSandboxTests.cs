using System.IO;
using System.Text.RegularExpressions;
using Namespaces.Testing;
using Xunit;

namespace Namespaces.Samples.Tests;

/// <summary>samples/MountSandbox.</summary>
public sealed class MountSandboxTests
{
    public MountSandboxTests() => Kernel.RequireRoot();

    [Fact]
    public void MountsAndFilesStayInside_AndNothingIsLeftAnywhere()
    {
        using var sample = SampleProcess.Start("MountSandbox");
        int exitCode = sample.WaitForExit();
        string[] lines = sample.Lines;
        string transcript = sample.Transcript();

        Assert.True(exitCode == 0, $"exit code {exitCode}\n{transcript}");
        Assert.Equal(6, lines.Length);
        Match work = Regex.Match(lines[0], @"^work dir  (/\S+/mount-sandbox-\w+)$");
        Assert.True(work.Success, transcript);
        string directory = work.Groups[1].Value;
        Match inside = Regex.Match(lines[1], @"^inside    (mnt:\[\d+\]): tmpfs rw on sandbox, \S+ ro on sandbox/data$");
        Assert.True(inside.Success, transcript);
        Assert.NotEqual(Kernel.ProcessNs("mnt"), inside.Groups[1].Value);
        Assert.Equal("inside    write sandbox/result.txt: ok; write sandbox/data/input.txt: refused, Read-only file system", lines[2]);
        Assert.Equal("inside    sandbox holds data, result.txt", lines[3]);
        Assert.Equal("host      sandbox holds nothing; data/input.txt says \"host data\"; mounts under the work dir: 0", lines[4]);
        Assert.Equal("removed   " + directory, lines[5]);

        // The namespace went with the sample: no process on the machine sees a mount there, and the directory is gone.
        Assert.False(Directory.Exists(directory), directory + " is still there");
        Assert.Empty(Kernel.MountsAtAnywhere(directory));
    }
}

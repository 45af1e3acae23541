using System;
using System.Diagnostics;
using System.IO;
using Namespaces.Testing;
using Xunit;

namespace Namespaces.Tests;

/// <summary>
/// The linux-arm64 native helper, as it is embedded in Namespaces.dll, run on this x86-64 machine under qemu-user
/// (system calls go to this kernel): it joins namespaces, unshares and execs as the x64 build does. Without this the
/// arm64 build would only ever be compiled.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class NativeHelperArm64Tests
{
    private const string Resource = "Namespaces.Native.nsexec.linux-arm64";

    public NativeHelperArm64Tests() => Kernel.RequireRoot();

    [Fact]
    public void Arm64Helper_JoinsASetsNetwork_AndExecs()
    {
        using var directory = new TempDirectory("ns-arm64-");
        string helper = ExtractHelper(directory.Path);
        using NamespaceSet set = NamespaceSet.Create(NS.Net | NS.Uts);
        string target = Path.Combine(directory.Path, "net");
        set.MountNS(NS.Net, target);
        try
        {
            (int code, string output, string error) = RunUnderQemu(helper, "-j", target, "--", "/bin/readlink", "/proc/self/ns/net");
            Assert.True(code == 0, $"exit {code}: {error}");
            Assert.Equal(set.Id(NS.Net), output.Trim());
        }
        finally
        {
            NamespaceSet.Unmount(target);
        }
    }

    [Fact]
    public void Arm64Helper_UnsharesUts_TheProgramSeesANewOne()
    {
        using var directory = new TempDirectory("ns-arm64-");
        string helper = ExtractHelper(directory.Path);
        // -u takes CLONE_NEW* flags in hex: CLONE_NEWUTS.
        (int code, string output, string error) = RunUnderQemu(helper, "-u", ((int)NS.Uts).ToString("x", System.Globalization.CultureInfo.InvariantCulture), "--", "/bin/readlink", "/proc/self/ns/uts");
        Assert.True(code == 0, $"exit {code}: {error}");
        Assert.StartsWith("uts:[", output.Trim(), StringComparison.Ordinal);
        Assert.NotEqual(Kernel.ProcessNs("uts"), output.Trim());
    }

    [Fact]
    public void Arm64Helper_BadUsageAndAMissingNamespace_Exit127WithoutRunningTheProgram()
    {
        using var directory = new TempDirectory("ns-arm64-");
        string helper = ExtractHelper(directory.Path);
        string marker = Path.Combine(directory.Path, "ran");
        (int usage, _, _) = RunUnderQemu(helper, "-Z");
        (int missing, _, _) = RunUnderQemu(helper, "-j", Path.Combine(directory.Path, "no-such-namespace"), "--", "/usr/bin/touch", marker);
        Assert.Equal(127, usage);
        Assert.Equal(127, missing);
        Assert.False(File.Exists(marker), "the program ran although its namespace could not be opened");
    }

    private static string ExtractHelper(string directory)
    {
        using Stream? image = typeof(NamespaceSet).Assembly.GetManifestResourceStream(Resource);
        if (image is null)
        {
            Assert.Fail($"Namespaces.dll does not embed {Resource}: the build had no arm64 compiler (Debian: gcc-aarch64-linux-gnu); .ci/run installs it.");
        }

        string path = Path.Combine(directory, "nsexec-linux-arm64");
        using (FileStream file = File.Create(path))
        {
            image!.CopyTo(file);
        }

        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        return path;
    }

    private static (int Code, string Output, string Error) RunUnderQemu(string helper, params string[] arguments)
    {
        string qemu = Kernel.RequireProgram("qemu-aarch64", "qemu-user");
        var info = new ProcessStartInfo(qemu) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(helper);
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(info)!;
        string output = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(60_000), "the emulated helper did not exit within 60 s");
        return (process.ExitCode, output, error);
    }
}

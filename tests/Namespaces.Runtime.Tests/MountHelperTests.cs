using System;
using System.IO;
using System.Linq;
using Namespaces.Testing;
using Xunit;

namespace Namespaces.Tests;

/// <summary>NamespaceMounts: file systems and binds made inside a set's mount namespace, invisible to the host.</summary>
public sealed class MountHelperTests
{
    public MountHelperTests() => Kernel.RequireRoot();

    [Fact]
    public void MountInside_TmpfsWithOptions_IsInsideOnly_AndUnmountRemovesIt()
    {
        using var directory = new TempDirectory();
        using NamespaceSet set = NamespaceSet.Create(NS.Mnt);

        set.MountInside("sandbox-tmpfs", directory.Path, "tmpfs", MountOptions.NoSuid | MountOptions.NoExec, "size=1m");

        string line = set.Do(() => File.ReadAllLines("/proc/thread-self/mountinfo")).Single(l => l.Split(' ')[4] == directory.Path);
        Assert.Contains("nosuid", line.Split(' ')[5]);
        Assert.Contains("noexec", line.Split(' ')[5]);
        Assert.Contains(" - tmpfs sandbox-tmpfs ", line);
        Assert.DoesNotContain(directory.Path, Kernel.MountPoints());

        set.UnmountInside(directory.Path);
        Assert.DoesNotContain(directory.Path, set.Do(Kernel.MountPoints));
    }

    [Fact]
    public void BindMountInside_ReadOnly_RefusesWritesInside_WhileTheHostCanStillWrite()
    {
        using var source = new TempDirectory();
        using var target = new TempDirectory();
        File.WriteAllText(source.Combine("file"), "host");
        using NamespaceSet set = NamespaceSet.Create(NS.Mnt);

        set.BindMountInside(source.Path, target.Path, MountOptions.ReadOnly);

        Assert.Equal("host", set.Do(() => File.ReadAllText(Path.Combine(target.Path, "file"))));
        var refused = Assert.ThrowsAny<IOException>(() => set.Do(() => File.WriteAllText(Path.Combine(target.Path, "file"), "inside")));
        Assert.Contains("Read-only", refused.Message);
        Assert.False(File.Exists(target.Combine("file"))); // the host sees the empty target directory
        File.WriteAllText(source.Combine("file"), "changed on the host");
        Assert.Equal("changed on the host", set.Do(() => File.ReadAllText(Path.Combine(target.Path, "file"))));
    }

    [Fact]
    public void MountHelpers_ReportTheKernelsErrno_AndRefuseRelativePaths()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.Mnt);

        var missing = Assert.Throws<NamespaceException>(() => set.MountInside("tmpfs", "/nonexistent/target", "tmpfs"));
        Assert.Equal("ENOENT", missing.ErrnoName);
        Assert.Equal(NS.Mnt, missing.Namespace);
        Assert.Contains("/nonexistent/target", missing.Message);
        Assert.Throws<ArgumentException>(() => set.BindMountInside("relative", "/tmp"));
        using var notAMountPoint = new TempDirectory();
        Assert.Equal("EINVAL", Assert.Throws<NamespaceException>(() => set.UnmountInside(notAMountPoint.Path)).ErrnoName);
    }

    [Fact]
    public void NamedNetns_AddTemporary_RemovesTheNameOnDispose()
    {
        Kernel.RequireProgram("ip");
        string name = "nsdotnet-" + Guid.NewGuid().ToString("N")[..8];
        using NamespaceSet set = NamespaceSet.Create(NS.Net);

        using (NamedNetns.AddTemporary(set, name))
        {
            Assert.True(NamedNetns.Exists(name));
            Assert.Contains(name, Kernel.Run("ip", "netns", "list").Output);
        }

        Assert.False(NamedNetns.Exists(name));
        Assert.DoesNotContain(name, Kernel.Run("ip", "netns", "list").Output);
    }
}

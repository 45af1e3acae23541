using System;
using System.IO;
using System.Linq;
using Namespaces.Testing;
using Namespaces.Tests.Support;
using Xunit;

namespace Namespaces.Tests;

/// <summary>Mount/MountNS persist namespaces as files; iproute2 sees named network namespaces made here and vice versa.</summary>
[Collection(SerialCollection.Name)]
public sealed class MountTests
{
    public MountTests() => Kernel.RequireRoot();

    [Fact]
    public void Mount_ThenFromDir_ReopensTheNamespacesAfterTheSetIsGone()
    {
        using var directory = new TempDirectory();
        NamespaceSet set = NamespaceSet.Create(NS.Net | NS.Uts | NS.Ipc);
        string net = set.Id(NS.Net), uts = set.Id(NS.Uts), ipc = set.Id(NS.Ipc);

        set.Mount(directory.Path);
        set.Dispose();
        try
        {
            Assert.Equal(["ipc", "net", "uts"], Directory.GetFiles(directory.Path).Select(f => Path.GetFileName(f)).Order().ToArray());
            using NamespaceSet reopened = NamespaceSet.FromDir(directory.Path, NS.None);

            Assert.Equal(NS.Net | NS.Uts | NS.Ipc, reopened.Flags);
            Assert.Equal(net, reopened.Id(NS.Net));
            Assert.Equal(uts, reopened.Id(NS.Uts));
            Assert.Equal(ipc, reopened.Id(NS.Ipc));
            Assert.Equal(net, reopened.Do(() => Kernel.ThreadNs("net")));
        }
        finally
        {
            foreach (string file in Directory.GetFiles(directory.Path))
            {
                NamespaceSet.Unmount(file);
            }
        }
        Assert.Empty(Directory.GetFiles(directory.Path));
        Assert.DoesNotContain(Kernel.MountPoints(), m => m.StartsWith(directory.Path, StringComparison.Ordinal));
    }

    [Fact]
    public void MountNS_InRunNetns_IsEnteredByIpNetnsExec()
    {
        Kernel.RequireProgram("ip");
        string name = "nsdotnet-" + Guid.NewGuid().ToString("N")[..8];
        using NamespaceSet set = NamespaceSet.Create(NS.Net);

        set.MountNS(NS.Net, "/run/netns/" + name);
        try
        {
            (int code, string seen) = Kernel.Run("ip", "netns", "exec", name, "readlink", "/proc/self/ns/net");
            (_, string links) = Kernel.Run("ip", "netns", "exec", name, "ip", "-o", "link");
            (_, string list) = Kernel.Run("ip", "netns", "list");

            Assert.True(code == 0, seen);
            Assert.Equal(set.Id(NS.Net), seen.Trim());
            Assert.Single(links.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains(": lo:", links);
            Assert.Contains(name, list);
            Assert.Contains(name, NamedNetns.List());
        }
        finally
        {
            NamedNetns.Delete(name);
        }
        Assert.False(NamedNetns.Exists(name));
        Assert.DoesNotContain(name, Kernel.Run("ip", "netns", "list").Output);
    }

    [Fact]
    public void NamedNetns_OpensANamespaceMadeByIpNetnsAdd()
    {
        Kernel.RequireProgram("ip");
        string name = "nsdotnet-" + Guid.NewGuid().ToString("N")[..8];
        (int code, string output) = Kernel.Run("ip", "netns", "add", name);
        Assert.True(code == 0, output);
        try
        {
            using NamespaceSet set = NamedNetns.Open(name);
            (_, string expected) = Kernel.Run("ip", "netns", "exec", name, "readlink", "/proc/self/ns/net");

            Assert.Equal(expected.Trim(), set.Id(NS.Net));
            Assert.Equal(expected.Trim(), set.Do(() => Kernel.ThreadNs("net")));
        }
        finally
        {
            Kernel.Run("ip", "netns", "del", name);
        }
    }

    [Fact]
    public void NamedNetns_Add_RefusesATakenName()
    {
        string name = "nsdotnet-" + Guid.NewGuid().ToString("N")[..8];
        using NamespaceSet first = NamespaceSet.Create(NS.Net);
        using NamespaceSet second = NamespaceSet.Create(NS.Net);
        NamedNetns.Add(first, name);
        try
        {
            var error = Assert.Throws<NamespaceException>(() => NamedNetns.Add(second, name));

            Assert.Equal(17, error.Errno); // EEXIST
            using NamespaceSet opened = NamedNetns.Open(name);
            Assert.Equal(first.Id(NS.Net), opened.Id(NS.Net));
        }
        finally
        {
            NamedNetns.Delete(name);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("..")]
    public void NamedNetns_RefusesNamesThatAreNotPlainFileNames(string name)
    {
        Assert.ThrowsAny<ArgumentException>(() => NamedNetns.PathOf(name));
    }
}

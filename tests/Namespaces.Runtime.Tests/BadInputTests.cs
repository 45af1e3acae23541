using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using Namespaces.Testing;
using Namespaces.Tests.Support;
using Xunit;

namespace Namespaces.Tests;

/// <summary>Bad input gets a typed error naming the namespace and errno.</summary>
public sealed partial class BadInputTests
{
    [Theory]
    [InlineData(0x1)]
    [InlineData(0x100)]
    [InlineData(unchecked((int)0x80000000))]
    public void UnknownFlagBits_AreRefusedEverywhere(int bits)
    {
        var flags = (NS)bits | NS.Net;
        using NamespaceSet set = NamespaceSet.Current(NS.Net);

        Assert.Contains("Unknown namespace flag bits", Assert.Throws<ArgumentException>(() => NamespaceSet.Create(flags)).Message);
        Assert.Throws<ArgumentException>(() => NamespaceSet.Current(flags));
        Assert.Throws<ArgumentException>(() => NamespaceSet.FromPid(Environment.ProcessId, flags));
        Assert.Throws<ArgumentException>(() => NamespaceSet.FromDir("/proc/self/ns", flags));
        Assert.Throws<ArgumentException>(() => set.Dup(flags));
        Assert.Throws<ArgumentException>(() => set.Contains(flags));
    }

    [Fact]
    public void None_WhereOneNamespaceIsNeeded_IsRefused()
    {
        using NamespaceSet set = NamespaceSet.Current(NS.Net | NS.Uts);

        Assert.Contains("NS.None", Assert.Throws<ArgumentException>(() => NamespaceSet.Create(NS.None)).Message);
        Assert.Throws<ArgumentException>(() => NamespaceSet.FromPath("/proc/self/ns/net", NS.None));
        Assert.Throws<ArgumentException>(() => set.Id(NS.None));
        Assert.Throws<ArgumentException>(() => set.Id(NS.Net | NS.Uts));
        Assert.Throws<ArgumentException>(() => set.MountNS(NS.None, "/tmp/unused"));
        Assert.Throws<ArgumentException>(() => set.Unshare(NS.None));
    }

    [Fact]
    public void MissingPath_NamesThePathTheNamespaceAndENOENT()
    {
        var error = Assert.Throws<NamespaceException>(() => NamespaceSet.FromPath("/nonexistent/netns/blue", NS.Net));

        Assert.Equal(2, error.Errno);
        Assert.Equal(NS.Net, error.Namespace);
        Assert.Contains("/nonexistent/netns/blue", error.Message);
        Assert.Contains("ENOENT", error.Message);
        Assert.Contains("net namespace", error.Message);
    }

    [Theory]
    [InlineData("/dev/null")]
    [InlineData("/etc/hostname")]
    [InlineData("/proc/self/status")]
    public void AFileThatIsNotANamespace_IsRefused(string path)
    {
        var error = Assert.Throws<NamespaceException>(() => NamespaceSet.FromPath(path, NS.Net));

        Assert.Equal(22, error.Errno);
        Assert.Contains("not a namespace file", error.Message);
    }

    [Fact]
    public void ANamespaceOfAnotherType_IsRefused()
    {
        var error = Assert.Throws<NamespaceException>(() => NamespaceSet.FromPath("/proc/self/ns/uts", NS.Net));

        Assert.Equal(NS.Net, error.Namespace);
        Assert.Contains("is a uts namespace, not a net namespace", error.Message);
    }

    [Fact]
    public void FromDir_WithAMisnamedFile_IsRefused()
    {
        using var directory = new TempDirectory();
        File.CreateSymbolicLink(directory.Combine("net"), "/proc/self/ns/ipc");

        var error = Assert.Throws<NamespaceException>(() => NamespaceSet.FromDir(directory.Path, NS.Net));

        Assert.Contains("is a ipc namespace, not a net namespace", error.Message);
    }

    [Fact]
    public void FromDir_OfSymlinksToRegularFiles_IsRefused()
    {
        using var directory = new TempDirectory();
        File.WriteAllText(directory.Combine("target"), "not a namespace");
        File.CreateSymbolicLink(directory.Combine("net"), directory.Combine("target"));

        var error = Assert.Throws<NamespaceException>(() => NamespaceSet.FromDir(directory.Path, NS.Net));

        Assert.Contains("not a namespace file", error.Message);
    }

    [Fact]
    public async Task FromPath_OnAFifo_FailsAtOnceInsteadOfBlocking()
    {
        using var directory = new TempDirectory();
        string fifo = directory.Combine("net");
        Assert.Equal(0, mkfifo(fifo, 0x180));

        Task<Exception?> attempt = Task.Run<Exception?>(() => Record.Exception(() => NamespaceSet.FromPath(fifo, NS.Net)));

        Assert.True(await Task.WhenAny(attempt, Task.Delay(TimeSpan.FromSeconds(10))) == attempt, "opening a FIFO blocked");
        Assert.Contains("not a namespace file", Assert.IsType<NamespaceException>(await attempt).Message);
    }

    [Fact]
    public void FromDir_MissingDirectory_NamesIt()
    {
        var error = Assert.Throws<NamespaceException>(() => NamespaceSet.FromDir("/nonexistent/ns", NS.Net));

        Assert.Equal(2, error.Errno);
        Assert.Contains("/nonexistent/ns", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void FromPid_NonPositive_IsRefused(int pid)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NamespaceSet.FromPid(pid, NS.Net));
    }

    [Fact]
    public void FromPid_NoSuchProcess_IsESRCH()
    {
        var error = Assert.Throws<NamespaceException>(() => NamespaceSet.FromPid(int.MaxValue, NS.Net));

        Assert.Equal(3, error.Errno);
        Assert.Contains(int.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message);
    }

    [Fact]
    public void ANamespaceMissingFromTheSet_IsNamed()
    {
        using NamespaceSet set = NamespaceSet.Current(NS.Net);

        // One exception type and one message shape, whoever asks: the set's own members and the calls that run inside.
        var id = Assert.Throws<MissingNamespaceException>(() => set.Id(NS.Uts));
        Assert.Equal(NS.Uts, id.Namespace);
        Assert.Equal(NS.Net, id.Held);
        Assert.Equal("ns", id.ParamName);
        Assert.Contains($"NamespaceSet.Id needs the uts namespace, which {set} does not hold (it holds net)", id.Message);
        Assert.Contains(set.Id(NS.Net), id.Message); // the set is named by its ids
        Assert.Contains("NamespaceSet.Dup needs the uts namespace", Assert.Throws<MissingNamespaceException>(() => set.Dup(NS.Uts)).Message);
        var fds = Assert.Throws<MissingNamespaceException>(() => set.Fds(NS.Net | NS.Uts | NS.Ipc));
        Assert.Equal(NS.Uts | NS.Ipc, fds.Namespace);
        Assert.Contains("needs the ipc+uts namespaces", fds.Message);
        Assert.Throws<MissingNamespaceException>(() => set.MountNS(NS.Uts, "/tmp/unused"));
        Assert.False(File.Exists("/tmp/unused"), "a refused MountNS creates no target file");
        Assert.Contains("NamespaceHostName.GetHostName needs the uts namespace", Assert.Throws<MissingNamespaceException>(() => set.GetHostName()).Message);
    }

    [Fact]
    public void ADisposedSet_ThrowsObjectDisposedException_AndDisposeIsIdempotent()
    {
        NamespaceSet set = NamespaceSet.Current(NS.Net);
        set.Dispose();
        set.Dispose();

        Assert.True(set.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => set.Id(NS.Net));
        Assert.Throws<ObjectDisposedException>(() => set.Dup());
        Assert.Throws<ObjectDisposedException>(() => set.Fds());
        Assert.Throws<ObjectDisposedException>(() => set.Do(() => { }));
        Assert.Throws<ObjectDisposedException>(() => set.DoRaw(() => true, restore: true));
        Assert.Throws<ObjectDisposedException>(() => set.Unshare(NS.Uts));
        Assert.Throws<ObjectDisposedException>(() => set.Mount("/tmp"));
    }

    [Fact]
    public void MissingMountTarget_IsENOENT()
    {
        using NamespaceSet set = NamespaceSet.Current(NS.Net);

        Assert.Equal(2, Assert.Throws<NamespaceException>(() => set.Mount("/nonexistent/dir")).Errno);
        Assert.Equal(2, Assert.Throws<NamespaceException>(() => set.MountNS(NS.Net, "/nonexistent/dir/net")).Errno);
    }

    [Fact]
    public void MountTargets_ThatAreSymlinksOrUnderProc_AreRefused_AndNothingIsMounted()
    {
        using var directory = new TempDirectory();
        File.WriteAllText(directory.Combine("elsewhere"), "");
        File.CreateSymbolicLink(directory.Combine("link"), directory.Combine("elsewhere"));
        using NamespaceSet set = NamespaceSet.Current(NS.Net);
        string[] before = Kernel.MountPoints();

        Assert.Equal(40, Assert.Throws<NamespaceException>(() => set.MountNS(NS.Net, directory.Combine("link"))).Errno);
        Assert.Contains("under /proc", Assert.Throws<NamespaceException>(() => set.MountNS(NS.Net, "/proc/self/net-target")).Message);
        Assert.Equal(before, Kernel.MountPoints());
    }

    [Theory]
    [InlineData(0u, 0u, 0u, "size 0")]
    [InlineData(0u, 4294967295u, 1u, "runs past the largest id")]
    [InlineData(4294967000u, 1000u, 1000u, "runs past the largest id")]
    public void IdMaps_Malformed_AreRefusedBeforeAnythingIsCreated(uint container, uint host, uint size, string expected)
    {
        var options = UnshareOptions.WithIdMaps([new IdMap(container, host, size)], []);

        var error = Assert.Throws<NamespaceException>(() => NamespaceSet.Create(NS.User, options));

        Assert.Equal(NS.User, error.Namespace);
        Assert.Equal(22, error.Errno);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void IdMaps_Overlapping_AreRefused()
    {
        var inside = UnshareOptions.WithIdMaps([new IdMap(0, 1000, 10), new IdMap(5, 5000, 10)], []);
        var onHost = UnshareOptions.WithIdMaps([], [new IdMap(0, 1000, 10), new IdMap(100, 1005, 1)]);

        Assert.Contains("overlap inside", Assert.Throws<NamespaceException>(() => NamespaceSet.Create(NS.User, inside)).Message);
        Assert.Contains("overlap on the host", Assert.Throws<NamespaceException>(() => NamespaceSet.Create(NS.User, onHost)).Message);
    }

    [Fact]
    public void IdMaps_WithTooManyLines_AreRefused()
    {
        IdMap[] lines = new IdMap[UnshareOptions.MaxIdMapLines + 1];
        for (int i = 0; i < lines.Length; i++)
        {
            lines[i] = new IdMap((uint)i, (uint)(100000 + i), 1);
        }

        var error = Assert.Throws<NamespaceException>(() => NamespaceSet.Create(NS.User, UnshareOptions.WithIdMaps(lines, [])));

        Assert.Contains("at most 340", error.Message);
    }

    [Fact]
    public void WithoutCapSysAdmin_CreateFailsWithEPERM_AndAHint()
    {
        Kernel.RequireRoot();
        Kernel.RequireProgram("setpriv");

        string output = TestHost.Create("Net", "setpriv", "--bounding-set=-sys_admin", "--inh-caps=-sys_admin", "--");

        Assert.StartsWith("NamespaceException errno=1 ns=Net", output);
        Assert.Contains("EPERM", output);
        Assert.Contains("CAP_SYS_ADMIN", output);
    }

    [Fact]
    public void Rootless_UnderUnshareUr_CreateWorks()
    {
        Kernel.RequireProgram("unshare");

        string output = TestHost.Create("Net|Uts", "unshare", "-Ur");

        Assert.Equal("ok Uts, Net interfaces=lo", output);
    }

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int mkfifo(string path, int mode);
}

using System;
using System.Linq;
using System.Net;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using Namespaces.Netlink;
using Namespaces.Testing;
using Namespaces.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Namespaces.Tests;

/// <summary>
/// What the client costs and leaves behind: descriptors, host links, bytes per request, threads; and what a hostile
/// sender, a full descriptor table, many threads at once or a long idle do to it. Alone: these count process-wide things.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed partial class NetlinkResourceTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Wiring_ThenDisposing_LeavesNoDescriptor_NoHostLink_NoForeignThread()
    {
        Kernel.RequireRoot();
        _ = Console.Out;
        _ = Console.Error;
        string hostLinks = Kernel.Run("ip", "-o", "link", "show").Output;
        await WireAndTalkAsync(); // loads what the first run loads (assemblies, the socket engine's descriptors)
        GC.Collect();
        GC.WaitForPendingFinalizers();
        string[] fdsBefore = Kernel.OpenFds();

        await WireAndTalkAsync();

        GC.Collect();
        GC.WaitForPendingFinalizers();
        Assert.True(SpinWait.SpinUntil(() => Kernel.OpenFdCount() == fdsBefore.Length, TimeSpan.FromSeconds(5)),
            $"fds {fdsBefore.Length} -> {Kernel.OpenFdCount()}: new {string.Join(", ", Kernel.OpenFds().Except(fdsBefore))}");
        Assert.Equal(hostLinks, Kernel.Run("ip", "-o", "link", "show").Output);
        Assert.Empty(ThreadAudit.ForeignThreads());
    }

    private static async Task WireAndTalkAsync()
    {
        using (NamespaceSet red = NamespaceSet.Create(NS.Net))
        using (NamespaceSet blue = NamespaceSet.Create(NS.Net))
        {
            using NetlinkClient redNet = red.OpenNetlink();
            using NetlinkClient blueNet = blue.OpenNetlink();
            redNet.AddVethPair("eth0", "eth0", blue);
            redNet.AddAddress("eth0", IPAddress.Parse("10.4.0.1"), 24);
            blueNet.AddAddress("eth0", IPAddress.Parse("10.4.0.2"), 24);
            redNet.SetUp("eth0");
            blueNet.SetUp("eth0");
            blueNet.AddDefaultRoute(IPAddress.Parse("10.4.0.1"));
            Assert.Equal("wired", await NetlinkTrafficTests.RoundTripAsync(red, blue, IPAddress.Parse("10.4.0.1"), "wired"));
        }
    }

    [Fact]
    public void EachClient_IsExactlyOneNetlinkSocket_ClosedOnDispose()
    {
        Kernel.RequireRoot();
        using NamespaceSet set = NamespaceSet.Create(NS.Net);
        set.Do(() => { });
        _ = Console.Out;
        int before = Kernel.OpenFdCount();

        NetlinkClient[] clients = [.. Enumerable.Range(0, 100).Select(_ => set.OpenNetlink())];
        string[] sockets = [.. Kernel.OpenFds().Where(f => f.Contains("socket:", StringComparison.Ordinal))];
        int open = Kernel.OpenFdCount();
        foreach (NetlinkClient client in clients)
        {
            client.Dispose();
        }

        Assert.Equal(before + 100, open);
        Assert.Equal(100, clients.Select(c => c.PortId).Distinct().Count());
        Assert.Equal(before, Kernel.OpenFdCount());
        Assert.True(sockets.Length >= 100);
    }

    [Fact]
    public void ASteadyStateRequest_AllocatesNothing()
    {
        Kernel.RequireRoot();
        using NamespaceSet set = NamespaceSet.Create(NS.Net);
        using NamespaceSet other = NamespaceSet.Create(NS.Net);
        using NetlinkClient net = set.OpenNetlink();
        net.AddBridge("br0");
        net.AddVethPair("v0", "v1");
        net.SetUp("v0");
        var address = IPAddress.Parse("10.5.0.1");
        var v6 = IPAddress.Parse("fd00:5::1");
        var destination = IPNetwork.Parse("10.6.0.0/16");
        var gateway = IPAddress.Parse("10.5.0.254");
        void Requests(int i)
        {
            net.SetUp("v1");
            net.SetMtu("v0", 1400 + (i & 1));
            net.SetMaster("v1", "br0");
            net.AddAddress("v0", address, 24);
            net.AddAddress("v0", v6, 64, noDad: true);
            net.AddRoute(destination, gateway);
            net.ReplaceRoute(destination, gateway, device: "v0", metric: 5);
            net.DeleteRoute(destination);
            net.DeleteAddress("v0", v6, 64);
            net.DeleteAddress("v0", address, 24);
            net.AddVethPair("x0", "y0", peerIn: other);
            net.DeleteLink("x0");
            net.SetMaster("v1", null);
        }
        Requests(0);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 50; i++)
        {
            Requests(i);
        }
        long bytes = GC.GetAllocatedBytesForCurrentThread() - before;

        output.WriteLine($"{bytes} bytes for 50 x 13 requests");
        Assert.Equal(0, bytes);
    }

    [Fact]
    public async Task OneClient_ManyThreadsAtOnce_EveryRequestLands()
    {
        Kernel.RequireRoot();
        using NamespaceSet set = NamespaceSet.Create(NS.Net);
        using NetlinkClient net = set.OpenNetlink();
        for (int t = 0; t < 8; t++)
        {
            net.AddVethPair($"t{t}", $"p{t}");
        }

        Task[] workers = [.. Enumerable.Range(0, 8).Select(t => Task.Factory.StartNew(() =>
        {
            for (int i = 0; i < 100; i++)
            {
                net.SetMtu($"t{t}", 1000 + i);
                Assert.Equal(1000 + i, net.GetLink($"t{t}").Mtu);
                Assert.Equal(17, net.GetLinks().Count);
            }
        }, TaskCreationOptions.LongRunning))];
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.All(Enumerable.Range(0, 8), t => Assert.Equal(1099, Iproute.Link(set, $"t{t}").GetProperty("mtu").GetInt32()));
    }

    [Fact]
    public unsafe void ForgedAnswers_FromAnotherSocket_AreIgnored()
    {
        Kernel.RequireRoot();
        using NamespaceSet set = NamespaceSet.Create(NS.Net);
        using NetlinkClient net = set.OpenNetlink();
        // Another process's (here: another socket's) datagrams to the client's port, shaped as EPERM errors for the next
        // sequence numbers. Only the kernel (port 0) answers requests; these must be dropped.
        int forger = set.Do(() => socket(16, 3 | 0x80000, 0));
        Assert.True(forger >= 0, "socket: errno " + Marshal.GetLastPInvokeError());
        try
        {
            byte* message = stackalloc byte[36];
            var address = new SockAddrNl { Family = 16, PortId = net.PortId };
            for (uint sequence = 1; sequence <= 20; sequence++)
            {
                new Span<byte>(message, 36).Clear();
                *(uint*)message = 36;
                *(ushort*)(message + 4) = 2; // NLMSG_ERROR
                *(uint*)(message + 8) = sequence;
                *(uint*)(message + 12) = net.PortId;
                *(int*)(message + 16) = -1; // -EPERM
                Assert.Equal(36, (int)sendto(forger, message, 36, 0, &address, sizeof(SockAddrNl)));
            }

            net.SetUp("lo");
            net.AddBridge("br0");
        }
        finally
        {
            close(forger);
        }

        Assert.True(net.GetLink("lo").IsUp);
        Assert.Equal("bridge", net.GetLink("br0").Kind);
    }

    [Fact]
    public void AFullDescriptorTable_IsATypedError_AndNothingLeaks()
    {
        Kernel.RequireRoot();
        using NamespaceSet set = NamespaceSet.Create(NS.Net);
        set.Do(() => { });
        _ = Console.Out;
        _ = Console.Error;
        GC.Collect();
        GC.WaitForPendingFinalizers();
        Assert.Equal(0, getrlimit(7, out RLimit saved)); // RLIMIT_NOFILE
        int openBefore = Kernel.OpenFdCount();
        NetlinkException? refused;
        var fillers = new System.Collections.Generic.List<int>();
        try
        {
            // The limit just above the highest descriptor in use, and every free number below it taken by /dev/null.
            int highest = System.IO.Directory.GetFiles("/proc/self/fd").Select(f => int.Parse(System.IO.Path.GetFileName(f))).Max();
            var limited = new RLimit { Current = (ulong)highest + 1, Maximum = saved.Maximum };
            Assert.Equal(0, setrlimit(7, in limited));
            int filler;
            while ((filler = open("/dev/null", 0x80000)) >= 0)
            {
                fillers.Add(filler);
            }

            refused = Record.Exception(() => set.OpenNetlink()?.Dispose()) as NetlinkException;
        }
        finally
        {
            fillers.ForEach(f => close(f));
            setrlimit(7, in saved);
        }

        Assert.NotNull(refused);
        Assert.Equal((int)Interop.Error.EMFILE, refused.Errno);
        Assert.Contains("ulimit -n", refused.Message);
        Assert.Equal(openBefore, Kernel.OpenFdCount());
        output.WriteLine(refused.Message);
        using NetlinkClient net = set.OpenNetlink();
        Assert.Single(net.GetLinks());
    }

    [Fact]
    public async Task AfterTwentySecondsIdle_TheClientWorksFromAPoolThread_AndNoThreadIsForeign()
    {
        Kernel.RequireRoot();
        using NamespaceSet set = NamespaceSet.Create(NS.Net);
        using NetlinkClient net = set.OpenNetlink();
        net.AddBridge("br0");

        await Task.Delay(TimeSpan.FromSeconds(21)); // thread-pool workers retire after 20 s idle
        string inPool = await Task.Run(() =>
        {
            net.SetUp("br0");
            return Kernel.ThreadNs("net");
        });

        Assert.True(net.GetLink("br0").IsUp);
        Assert.Equal(Kernel.ProcessNs("net"), inPool); // the socket, not the thread, carries the namespace
        Assert.Empty(ThreadAudit.ForeignThreads());
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct SockAddrNl
    {
        public ushort Family;
        public ushort Pad;
        public uint PortId;
        public uint Groups;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int socket(int domain, int type, int protocol);

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial nint sendto(int fd, byte* buffer, nint length, int flags, SockAddrNl* address, int addressLength);

    [LibraryImport("libc")]
    private static partial int close(int fd);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int getrlimit(int resource, out RLimit limit);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setrlimit(int resource, in RLimit limit);
}

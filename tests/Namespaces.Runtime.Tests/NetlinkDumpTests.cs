using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Namespaces.Netlink;
using Namespaces.Testing;
using Namespaces.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Namespaces.Tests;

/// <summary>Dumps spanning many datagrams, while links change under them, and their async variants.</summary>
public sealed class NetlinkDumpTests
{
    private readonly ITestOutputHelper _output;

    public NetlinkDumpTests(ITestOutputHelper output)
    {
        Kernel.RequireRoot();
        _output = output;
    }

    [Fact]
    public async Task HundredsOfLinks_AreListedOnce_EachAsIpListsThem()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.Net);
        using NetlinkClient net = set.OpenNetlink();
        for (int i = 0; i < 300; i++)
        {
            net.AddVethPair($"a{i}", $"b{i}");
        }

        NetworkLink[] links = [.. net.GetLinks()];
        NetworkLink[] asynchronously = [.. await net.GetLinksAsync()];

        Assert.Equal(601, links.Length);
        Assert.Equal(links.Length, links.Select(l => l.Index).Distinct().Count());
        Assert.Equal(Iproute.LinkNames(set), links.Select(l => l.Name).Order(StringComparer.Ordinal));
        Assert.Equal(links, asynchronously);
    }

    [Fact]
    public async Task ADumpWhileLinksChange_IsNeverTorn_AndRestartsAreBounded()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.Net);
        using NetlinkClient net = set.OpenNetlink();
        using NetlinkClient writer = set.OpenNetlink();
        for (int i = 0; i < 200; i++)
        {
            net.AddVethPair($"a{i}", $"b{i}");
        }

        using var stop = new CancellationTokenSource();
        Task churn = Task.Run(() =>
        {
            for (int i = 0; !stop.IsCancellationRequested; i++)
            {
                writer.AddBridge("churn" + (i % 4));
                writer.DeleteLink("churn" + (i % 4));
            }
        });
        long restartsBefore = NetlinkSocket.DumpRestarts;
        try
        {
            for (int round = 0; round < 30; round++)
            {
                NetworkLink[] links;
                try
                {
                    links = [.. net.GetLinks()];
                }
                catch (NetlinkException e) when (e.Errno == (int)Interop.Error.EINTR)
                {
                    Assert.Contains("interrupted", e.Message); // bounded: every one of the attempts was interrupted
                    continue;
                }

                Assert.Equal(links.Length, links.Select(l => l.Index).Distinct().Count());
                Assert.InRange(links.Count(l => l.Name.StartsWith('a')), 200, 200);
            }
        }
        finally
        {
            stop.Cancel();
            await churn;
        }
        _output.WriteLine($"dumps restarted on NLM_F_DUMP_INTR: {NetlinkSocket.DumpRestarts - restartsBefore} (process-wide)");
    }

    [Fact]
    public async Task AsyncDumps_FromManyTasksAtOnce_AllComplete()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.Net);
        using NetlinkClient net = set.OpenNetlink();
        net.AddVethPair("v0", "v1");
        net.SetUp("lo");

        Task<int>[] tasks = [.. Enumerable.Range(0, 32).Select(async i => (i % 3) switch
        {
            0 => (await net.GetLinksAsync()).Count,
            1 => (await net.GetAddressesAsync()).Count,
            _ => (await net.GetRoutesAsync(table: 0)).Count,
        })];
        int[] counts = await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.All(counts.Where((_, i) => i % 3 == 0), c => Assert.Equal(3, c));
        Assert.All(counts.Where((_, i) => i % 3 == 1), c => Assert.Equal(2, c)); // 127.0.0.1 and ::1
        Assert.All(counts.Where((_, i) => i % 3 == 2), c => Assert.True(c > 0));
    }

    [Fact]
    public async Task AsyncWait_IsCancelled_WhileAnotherRequestHoldsTheClient()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.Net);
        using NetlinkClient net = set.OpenNetlink();
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await net.GetLinksAsync(cancel.Token));

        Assert.Single(net.GetLinks()); // the gate was not left taken
    }
}

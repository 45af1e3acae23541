using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Namespaces.Testing;
using Xunit;

namespace Namespaces.Tests;

/// <summary>NamespacePool: sets made ahead, afterCreate run inside them, RunAsync keeping a minimum and cleaning up.</summary>
public sealed class PoolTests
{
    public PoolTests() => Kernel.RequireRoot();

    [Fact]
    public void Get_WithoutRun_CreatesANewSet_AndAfterCreateRunsInsideIt()
    {
        string? seenInside = null;
        using var pool = new NamespacePool(NS.Net | NS.Uts, () => seenInside = Kernel.ThreadNs("net") + " " + Kernel.ThreadNs("uts"));

        using NamespaceSet set = pool.Get();

        Assert.Equal(NS.Net | NS.Uts, set.Flags);
        Assert.Equal(set.Id(NS.Net) + " " + set.Id(NS.Uts), seenInside);
        Assert.NotEqual(Kernel.ProcessNs("net"), set.Id(NS.Net));
    }

    [Fact]
    public void AfterCreate_WithAUserNamespace_RunsInTheOtherNamespaces()
    {
        string? seenInside = null;
        using var pool = new NamespacePool(NS.User | NS.Net, () => seenInside = Kernel.ThreadNs("net"), UnshareOptions.Unmapped);

        using NamespaceSet set = pool.Get();

        Assert.Equal(set.Id(NS.Net), seenInside);
        Assert.Throws<ArgumentException>(() => new NamespacePool(NS.User, () => { }));
    }

    [Fact]
    public async Task RunAsync_KeepsTheMinimum_RefillsAfterGet_AndDisposesWhatIsLeftWhenStopped()
    {
        using var pool = new NamespacePool(NS.Net);
        using var stop = new CancellationTokenSource();
        Task running = pool.RunAsync(3, stop.Token);

        Assert.True(SpinWait.SpinUntil(() => pool.Count == 3, TimeSpan.FromSeconds(30)), $"pool reached {pool.Count} of 3");
        NamespaceSet taken = pool.Get();
        Assert.True(SpinWait.SpinUntil(() => pool.Count == 3, TimeSpan.FromSeconds(30)), "pool did not refill after Get");
        NamespaceSet[] pooled = [pool.Get(), pool.Get(), pool.Get()];
        string[] pooledIds = pooled.Select(s => s.Id(NS.Net)).ToArray();
        foreach (NamespaceSet set in pooled)
        {
            pool.Put(set);
        }

        stop.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);

        Assert.Equal(0, pool.Count);
        Assert.All(pooled, set => Assert.True(set.IsDisposed, "a pooled set was not disposed when RunAsync stopped"));
        Assert.Equal(3, pooledIds.Distinct().Count());
        Assert.False(taken.IsDisposed); // a set handed out belongs to the caller
        taken.Dispose();
    }

    [Fact]
    public async Task RunAsync_FaultsWithTheCreationError()
    {
        using var pool = new NamespacePool(NS.Net, () => throw new InvalidOperationException("setup failed inside"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => pool.RunAsync(2));

        Assert.Equal("setup failed inside", error.Message);
        Assert.Equal(0, pool.Count);
    }

    [Fact]
    public async Task GetAsync_CreatesWhenEmpty_AndPutRefusesForeignSets()
    {
        using var pool = new NamespacePool(NS.Uts);
        using NamespaceSet set = await pool.GetAsync();
        using NamespaceSet other = NamespaceSet.Create(NS.Net);

        Assert.Equal(NS.Uts, set.Flags);
        Assert.Throws<ArgumentException>(() => pool.Put(other));
        using (NamespaceSet copy = set.Dup())
        {
            Assert.Throws<ArgumentException>(() => pool.Put(copy)); // a Dup is not a set the pool made
        }
        pool.Put(set);
        Assert.Equal(1, pool.Count);
    }

    [Fact]
    public void Dispose_DisposesPooledSets_AndLaterCallsFail()
    {
        var pool = new NamespacePool(NS.Uts);
        NamespaceSet set = pool.Get();
        NamespaceSet late = pool.Get();
        pool.Put(set);

        pool.Dispose();

        Assert.True(set.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => pool.Get());
        pool.Put(late);
        Assert.True(late.IsDisposed);
    }
}

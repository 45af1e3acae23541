using System;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading;
using Namespaces.Testing;
using Xunit;

namespace Namespaces.Tests;

/// <summary>Do runs on a namespace thread of the set; DoRaw keeps gonso's restore-or-discard contract.</summary>
public sealed class DoTests
{
    public DoTests() => Kernel.RequireRoot();

    [Fact]
    public void Do_RunsOnAnotherThread_InTheSetsNamespaces_AndLeavesTheCallerAlone()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.Net | NS.Uts);
        int callerThread = Environment.CurrentManagedThreadId;
        string callerNet = Kernel.ThreadNs("net");

        (int thread, string net, string uts) = set.Do(() => (Environment.CurrentManagedThreadId, Kernel.ThreadNs("net"), Kernel.ThreadNs("uts")));

        Assert.NotEqual(callerThread, thread);
        Assert.Equal(set.Id(NS.Net), net);
        Assert.Equal(set.Id(NS.Uts), uts);
        Assert.Equal(callerNet, Kernel.ThreadNs("net"));
    }

    [Fact]
    public void Do_Action_Runs()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.Uts);
        string? seen = null;

        set.Do(() => { seen = Kernel.ThreadNs("uts"); });

        Assert.Equal(set.Id(NS.Uts), seen);
    }

    [Fact]
    public void Do_CallsOfTheSameSet_ShareOneNamespaceThread()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.Net);

        int first = set.Do(() => Environment.CurrentManagedThreadId);
        int second = set.Do(() => Environment.CurrentManagedThreadId);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Do_Nested_OnTheSameSet_RunsInline()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.Net);

        (int outer, int inner) = set.Do(() => (Environment.CurrentManagedThreadId, set.Do(() => Environment.CurrentManagedThreadId)));

        Assert.Equal(outer, inner);
    }

    [Fact]
    public void Do_Exception_ReachesTheCallerWithTheOriginalStackTrace_AndTheThreadServesTheNextCall()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.Net);

        var error = Assert.Throws<InvalidOperationException>(() => set.Do(ThrowFromABody));

        Assert.Equal("thrown inside", error.Message);
        Assert.Contains(nameof(ThrowFromABody), error.StackTrace);
        Assert.Equal(set.Id(NS.Net), set.Do(() => Kernel.ThreadNs("net")));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowFromABody() => throw new InvalidOperationException("thrown inside");

    [Fact]
    public void Do_FlowsTheCallersAsyncLocals()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.Uts);
        var local = new AsyncLocal<string> { Value = "from the caller" };

        Assert.Equal("from the caller", set.Do(() => local.Value));
    }

    [Fact]
    public void Do_OnCurrent_WorksThoughItHoldsTheHomeTimeNamespace()
    {
        using NamespaceSet set = NamespaceSet.Current();

        Assert.Equal(Kernel.ProcessNs("net"), set.Do(() => Kernel.ThreadNs("net")));
    }

    [Fact]
    public void Do_Mnt_StartsInTheNamespacesRoot()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.Mnt);

        Assert.Equal("/", set.Do(() => Directory.GetCurrentDirectory()));
    }

    [Fact]
    public void Do_WithoutMnt_SharesTheProcessWorkingDirectory()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.Net);

        Assert.Equal(Directory.GetCurrentDirectory(), set.Do(() => Directory.GetCurrentDirectory()));
    }

    [Fact]
    public void Do_OnAUserSet_Fails_ButItsDupWithoutUserWorks()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.User | NS.Net, UnshareOptions.Unmapped);
        Assert.Throws<NamespaceException>(() => set.Do(() => { }));

        using NamespaceSet joinable = set.Dup(set.Flags & ~NS.User);

        Assert.Equal(set.Id(NS.Net), joinable.Do(() => Kernel.ThreadNs("net")));
    }

    [Fact]
    public void Concurrency_RunsCallsOnSeveralThreads()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.Net);
        set.Concurrency = 2;
        using var bothInside = new Barrier(2);
        int[] threads = new int[2];

        System.Threading.Tasks.Parallel.For(0, 2, i => threads[i] = set.Do(() =>
        {
            // Both bodies must be inside at once, which one thread could never do.
            Assert.True(bothInside.SignalAndWait(TimeSpan.FromSeconds(10)), "the second call never ran alongside the first");
            return Environment.CurrentManagedThreadId;
        }));

        Assert.NotEqual(threads[0], threads[1]);
    }

    [Fact]
    public void DoRaw_RestoreTrue_ReturnsTheThreadToTheHomeNamespaces()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.Net | NS.Uts);
        int tid = 0;
        string? inside = null;

        set.DoRaw(() =>
        {
            tid = GetTid();
            inside = Kernel.ThreadNs("net");
            return true;
        }, restore: true);

        Assert.Equal(set.Id(NS.Net), inside);
        Assert.True(Directory.Exists($"/proc/self/task/{tid}"), "a restored thread is kept for reuse");
        Assert.Equal(Kernel.ProcessNs("net"), Kernel.Link($"/proc/self/task/{tid}/ns/net"));
        Assert.Equal(Kernel.ProcessNs("uts"), Kernel.Link($"/proc/self/task/{tid}/ns/uts"));
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void DoRaw_WithoutRestore_DiscardsTheThread(bool restore, bool bodySaysClean)
    {
        using NamespaceSet set = NamespaceSet.Create(NS.Net);
        int tid = 0;

        set.DoRaw(() =>
        {
            tid = GetTid();
            return bodySaysClean;
        }, restore);

        Assert.True(SpinWait.SpinUntil(() => !Directory.Exists($"/proc/self/task/{tid}"), TimeSpan.FromSeconds(10)), "the thread was not discarded");
    }

    [Fact]
    public void DoRaw_Mnt_DiscardsTheThreadEvenWhenAskedToRestore()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.Mnt);
        int tid = 0;

        set.DoRaw(() =>
        {
            tid = GetTid();
            return true;
        }, restore: true);

        Assert.True(SpinWait.SpinUntil(() => !Directory.Exists($"/proc/self/task/{tid}"), TimeSpan.FromSeconds(10)), "a thread that left the home mount namespace was kept");
    }

    [Fact]
    public void DoRaw_Exception_ReachesTheCaller()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.Net);

        Assert.Throws<InvalidOperationException>(() => set.DoRaw(() => throw new InvalidOperationException("raw"), restore: true));
    }

    private static int GetTid() => int.Parse(Path.GetFileName(Kernel.Link("/proc/thread-self")), System.Globalization.CultureInfo.InvariantCulture);
}

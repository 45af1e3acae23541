using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Namespaces.Testing;
using Namespaces.Threading;
using Microsoft.Win32.SafeHandles;
using Namespaces.Tests.Support;
using Xunit;

namespace Namespaces.Tests;

/// <summary>The handle table under every set: all or nothing, close-on-exec duplicates, joins in order, closed once.</summary>
[Collection(SerialCollection.Name)]
public sealed class NamespaceHandlesTests
{
    [Fact]
    public void Build_ClosesEveryHandleItGot_WhenALaterStepFails()
    {
        Kernel.RequireRoot();
        Console.Out.Flush(); // Console dups stdout and stderr on first use: do it before counting
        int before = Kernel.OpenFdCount();

        var error = Assert.Throws<NamespaceException>(() => NamespaceHandles.Build(handles =>
        {
            handles.AddLinks("/proc/thread-self/ns/", NS.Net | NS.Uts | NS.Ipc);
            Assert.Equal(before + 3, Kernel.OpenFdCount());
            handles.AddProcess(int.MaxValue, NS.Pid); // no such process
        }));

        Assert.Equal("ESRCH", error.ErrnoName);
        Assert.Contains(int.MaxValue.ToString(CultureInfo.InvariantCulture), error.Message);
        Assert.Equal(before, Kernel.OpenFdCount());
    }

    [Fact]
    public void Duplicate_GivesNewCloseOnExecDescriptorsOfTheSameNamespaces()
    {
        Kernel.RequireRoot();
        using NamespaceHandles original = NamespaceHandles.OpenProcess(Environment.ProcessId, NS.Net | NS.Mnt);
        using NamespaceHandles copy = original.Duplicate(NS.Net);

        Assert.Equal(NS.Net, copy.Namespaces);
        Assert.False(copy.TryGet(NS.Mnt, out _));
        Assert.True(original.TryGet(NS.Net, out SafeFileHandle? first));
        Assert.True(copy.TryGet(NS.Net, out SafeFileHandle? second));
        Assert.NotEqual(first.DangerousGetHandle(), second.DangerousGetHandle());
        Assert.Equal(Kernel.ProcessNs("net"), Kernel.Link(Fd(second)));
        // fdinfo's flags are octal; O_CLOEXEC is 02000000.
        string flags = File.ReadAllLines($"/proc/self/fdinfo/{second.DangerousGetHandle()}").Single(l => l.StartsWith("flags:", StringComparison.Ordinal));
        Assert.True((Convert.ToInt64(flags["flags:".Length..].Trim(), 8) & 0x80000) != 0, flags);
    }

    [Fact]
    public void Join_EntersMountLast_AndWorksOnAThreadThatSharedItsFsStruct()
    {
        Kernel.RequireRoot();
        using NamespaceSet set = NamespaceSet.Create(NS.Net | NS.Mnt | NS.Uts);
        string? seen = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                // A .NET thread shares its fs_struct with the process: without unshare(CLONE_FS) setns(mnt) is EINVAL.
                set.Handles.Join(NS.Net | NS.Mnt | NS.Uts);
                seen = string.Join(" ", new[] { "net", "mnt", "uts" }.Select(Kernel.ThreadNs));
                HomeNamespaces.Set.Handles.Join(NS.Net | NS.Mnt | NS.Uts); // leave nothing foreign for the audit to see
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();

        Assert.Null(failure);
        Assert.Equal($"{set.Id(NS.Net)} {set.Id(NS.Mnt)} {set.Id(NS.Uts)}", seen);
    }

    [Fact]
    public void Dispose_ClosesEachHandleOnce_EvenWhenCalledFromManyThreads()
    {
        Kernel.RequireRoot();
        NamespaceHandles handles = NamespaceHandles.OpenLinks("/proc/thread-self/ns/", NS.Net | NS.Uts);
        Assert.True(handles.TryGet(NS.Net, out SafeFileHandle? net));
        Parallel.For(0, 16, _ => handles.Dispose());

        Assert.True(net.IsClosed);
        Assert.Equal(NS.Net | NS.Uts, handles.Namespaces); // it still says what it held
    }

    private static string Fd(SafeFileHandle handle) => "/proc/self/fd/" + handle.DangerousGetHandle().ToInt32().ToString(CultureInfo.InvariantCulture);
}

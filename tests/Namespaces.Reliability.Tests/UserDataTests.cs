using System;
using System.IO;
using System.Linq;
using Namespaces.Reliability.Tests.Support;
using Namespaces.Testing;
using Xunit;

namespace Namespaces.Reliability.Tests;

/// <summary>
/// Mount, MountNS, Unmount and NamedNetns.Delete pointed at files that hold a user's data: nothing the user wrote is
/// deleted, hidden under a mount, or unmounted; only what the library made is removed.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class UserDataTests
{
    private const string Content = "the user's data\n";

    [Fact]
    public void Unmount_OfFilesThatHoldNoNamespaceMount_LeavesThemAsTheyWere() => Figures.Run("User data", "Unmount: regular files, empty files, a foreign bind mount", scenario =>
    {
        Kernel.RequireRoot();
        using var directory = new TempDirectory();
        string regular = directory.Combine("notes.txt");
        File.WriteAllText(regular, Content);
        string empty = directory.Combine("empty");
        File.WriteAllText(empty, "");
        // A bind mount that is not a namespace: the user's own, on a file of theirs.
        string source = directory.Combine("source.txt");
        File.WriteAllText(source, "bound\n");
        string bound = directory.Combine("bound.txt");
        File.WriteAllText(bound, Content);
        LoadTests.WarmUp().GetAwaiter().GetResult(); // the runtime's lazily started threads and descriptors exist before the baseline
        ResourceSnapshot before = ResourceSnapshot.Baseline();
        Assert.Equal(0, ProcFs.BindMount(source, bound));

        var attempts = new Attempts(scenario);
        try
        {
            attempts.Refused<NamespaceException>("Unmount(a regular file with data)", () => { NamespaceSet.Unmount(regular); return null; }, [regular, "no namespace is mounted"]);
            attempts.Refused<NamespaceException>("Unmount(an empty regular file)", () => { NamespaceSet.Unmount(empty); return null; }, [empty, "no namespace is mounted"]);
            attempts.Refused<NamespaceException>("Unmount(a bind mount of a regular file)", () => { NamespaceSet.Unmount(bound); return null; }, [bound, "no namespace is mounted"]);
            attempts.Refused<NamespaceException>("Unmount(a directory)", () => { NamespaceSet.Unmount(directory.Path); return null; }, [directory.Path]);

            Assert.Equal(Content, File.ReadAllText(regular));
            Assert.Equal("", File.ReadAllText(empty));
            Assert.Equal("bound\n", File.ReadAllText(bound)); // still mounted: the user's mount was left alone
            Assert.Contains(bound, ProcFs.MountInfo().Select(l => l.Split(' ')[4]));
        }
        finally
        {
            Kernel.Unmount(bound);
        }
        Assert.Equal(Content, File.ReadAllText(bound));
        scenario.Work = "Unmount on a file with data, an empty file, a user's bind mount of a regular file, a directory";
        Leaks.AssertNoneLeft(scenario, before, Leaks.HeapBound, andThen: attempts.AssertAllAsExpected);
    });

    [Fact]
    public void MountNS_OntoFilesThatHoldData_IsRefused_AndAnEmptyFileOfTheUsersIsKeptAfterUnmount() => Figures.Run("User data", "MountNS/Mount: targets that hold data", scenario =>
    {
        Kernel.RequireRoot();
        using var directory = new TempDirectory();
        string withData = directory.Combine("data");
        File.WriteAllText(withData, Content);
        string usersEmpty = directory.Combine("users-empty");
        File.WriteAllText(usersEmpty, "");
        string holder = directory.Combine("holder");
        Directory.CreateDirectory(holder);
        File.WriteAllText(Path.Combine(holder, "uts"), Content); // Mount(dir) would bind "net" then "uts" here

        using NamespaceSet set = NamespaceSet.Create(NS.Net | NS.Uts);
        LoadTests.WarmUp().GetAwaiter().GetResult(); // the runtime's lazily started threads and descriptors exist before the baseline
        ResourceSnapshot before = ResourceSnapshot.Baseline();
        var attempts = new Attempts(scenario);
        attempts.Refused<NamespaceException>("MountNS(Net, a file with data)", () => { set.MountNS(NS.Net, withData); return null; }, [withData, "holds data"]);
        attempts.Refused<NamespaceException>("Mount(a directory whose 'uts' holds data)", () => { set.Mount(holder); return null; }, [Path.Combine(holder, "uts"), "holds data"]);
        Assert.Equal(Content, File.ReadAllText(withData));
        Assert.Equal(Content, File.ReadAllText(Path.Combine(holder, "uts")));
        // Nothing half-made: the "net" the failed Mount bound first is gone again, and so is the file it created.
        Assert.Equal(["uts"], Directory.GetFiles(holder).Select(f => Path.GetFileName(f)).ToArray());
        Assert.DoesNotContain(ProcFs.MountInfo(), l => l.Split(' ')[4].StartsWith(directory.Path, StringComparison.Ordinal));

        // An empty file of the user's may be mounted on (ip netns add leaves such files); Unmount keeps it.
        attempts.Accepted("MountNS(Net, an empty file of the user's) then Unmount (control)", () =>
        {
            set.MountNS(NS.Net, usersEmpty);
            using (NamespaceSet reopened = NamespaceSet.FromPath(usersEmpty, NS.Net))
            {
                Assert.Equal(set.Id(NS.Net), reopened.Id(NS.Net));
            }
            NamespaceSet.Unmount(usersEmpty);
            return File.Exists(usersEmpty) && new FileInfo(usersEmpty).Length == 0;
        }, kept => kept is true, expected: "mounted, unmounted, the user's empty file kept");

        // A file the library created for the mount is removed with it.
        string created = directory.Combine("created-by-library");
        attempts.Accepted("MountNS(Net, a new file) then Unmount (control)", () =>
        {
            set.MountNS(NS.Net, created);
            NamespaceSet.Unmount(created);
            return File.Exists(created);
        }, exists => exists is false, expected: "mounted, unmounted, the file it created removed");
        scenario.Work = "MountNS onto a file with data; Mount into a directory holding a 'uts' with data; MountNS onto a user's empty file and onto a new file, each unmounted";
        Leaks.AssertNoneLeft(scenario, before, Leaks.HeapBound, andThen: attempts.AssertAllAsExpected);
    });

    [Fact]
    public void NamedNetnsDelete_RemovesOnlyNamespaceNames() => Figures.Run("User data", "NamedNetns.Delete: names that are not namespaces", scenario =>
    {
        Kernel.RequireRoot();
        Kernel.RequireProgram("ip");
        string stray = "nsdotnet-stray-" + Guid.NewGuid().ToString("N")[..8];
        string missing = "nsdotnet-missing-" + Guid.NewGuid().ToString("N")[..8];
        string byIp = "nsdotnet-ip-" + Guid.NewGuid().ToString("N")[..8];
        Directory.CreateDirectory(NamedNetns.Directory);
        string strayPath = Path.Combine(NamedNetns.Directory, stray);
        File.WriteAllText(strayPath, Content);
        var attempts = new Attempts(scenario);
        try
        {
            attempts.Refused<NamespaceException>("NamedNetns.Delete(a plain file with data in /run/netns)", () => { NamedNetns.Delete(stray); return null; }, [strayPath, "no namespace is mounted"]);
            Assert.Equal(Content, File.ReadAllText(strayPath));
            attempts.Refused<NamespaceException>("NamedNetns.Delete(a name that does not exist)", () => { NamedNetns.Delete(missing); return null; }, [missing, "ENOENT"]);
            try
            {
                NamedNetns.Delete(missing);
            }
            catch (NamespaceException e)
            {
                Assert.Equal(NS.Net, e.Namespace);
            }

            // iproute2's own name (made by another process): deleted as `ip netns del` would.
            (int code, string output) = Kernel.Run("ip", "netns", "add", byIp);
            Assert.True(code == 0, output);
            attempts.Accepted("NamedNetns.Delete(a name made by ip netns add) (control)", () =>
            {
                NamedNetns.Delete(byIp);
                return NamedNetns.Exists(byIp);
            }, exists => exists is false, expected: "removed");
            Assert.DoesNotContain(byIp, Kernel.Run("ip", "netns", "list").Output);
        }
        finally
        {
            File.Delete(strayPath);
            Kernel.Run("ip", "netns", "del", byIp);
        }
        scenario.Work = "NamedNetns.Delete of a plain file with data in /run/netns, of a missing name, of a name made by ip netns add";
        attempts.AssertAllAsExpected();
    });
}

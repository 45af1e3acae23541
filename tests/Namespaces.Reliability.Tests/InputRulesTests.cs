using System;
using System.Linq;
using Namespaces.Reliability.Tests.Support;
using Namespaces.Testing;
using Xunit;

namespace Namespaces.Reliability.Tests;

/// <summary>
/// Names, ids, options and misuse that the first version accepted or answered vaguely: each refused before anything
/// is made, with a message that names the set, the member, the namespace, the errno and what to do.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class InputRulesTests
{
    [Fact]
    public void NamedNetnsNames_FollowIproute2sRules_AndAreValidPrintableText() => Figures.Run("Hostile input", "NamedNetns: names iproute2 or a terminal would garble", scenario =>
    {
        var attempts = new Attempts(scenario);
        string[] refused =
        [
            "", "a/b", ".", "..", "a\0b", "new\nline", "tab\there", "bell\a", "del\u007f", "c1\u0085",
            "bidi\u202Eevil", "isolate\u2066x", "mark\u200Fx", "lone\uD800", "lone\uDC00x", new string('n', 255),
            new string('\u00e9', 128), // 256 bytes in UTF-8: over NAME_MAX
        ];
        foreach (string name in refused)
        {
            attempts.Refused<ArgumentException>($"NamedNetns.PathOf(\"{name}\")", () => NamedNetns.PathOf(name), []);
        }

        foreach (string name in new[] { "blue", "pod-1234_a.b", "x", new string('n', 254), "caf\u00e9", "\U0001F310net" })
        {
            attempts.Accepted($"NamedNetns.PathOf(\"{name}\") (control)", () => NamedNetns.PathOf(name), path => (string?)path == "/run/netns/" + name);
        }
        scenario.Work = "control, C0/C1 and bidi characters, lone surrogates, '/', '.', '..', names of 254/255 bytes and of 256 UTF-8 bytes";
        attempts.AssertAllAsExpected();
    });

    [Fact]
    public void IdMapsAndOptions_AreCheckedBeforeAnythingIsCreated() => Figures.Run("Hostile input", "Id maps and options: uint ids, maps without User, undefined enums", scenario =>
    {
        Kernel.RequireRoot();
        var attempts = new Attempts(scenario);
        UnshareOptions maps = UnshareOptions.WithIdMaps([new IdMap(0, 0, 1)], [new IdMap(0, 0, 1)]);
        NamespaceSet.Create(NS.User | NS.Net, maps).Dispose(); // the runtime's own lazily started threads exist before the baseline
        LoadTests.WarmUp().GetAwaiter().GetResult(); // the runtime's lazily started threads and descriptors exist before the baseline
        ResourceSnapshot before = ResourceSnapshot.Baseline();
        attempts.Refused<ArgumentException>("Create(Net) with id maps", () => NamespaceSet.Create(NS.Net, maps), ["User", "id maps"]);
        attempts.Refused<ArgumentException>("Create(Mnt) with MountPropagation 77", () => NamespaceSet.Create(NS.Mnt, new UnshareOptions { MountPropagation = (MountPropagation)77 }), ["MountPropagation", "77"]);
        attempts.Refused<ArgumentException>("Create(User) without id maps", () => NamespaceSet.Create(NS.User), ["65534", "WithIdMaps", "Unmapped"]);
        attempts.Accepted("Create(User, Unmapped) (control)", () => NamespaceSet.Create(NS.User, UnshareOptions.Unmapped), set => ((NamespaceSet)set!).Flags == NS.User);

        // Ids are 32-bit unsigned in the kernel: a host id of 3,000,000,000 is legal.
        var high = new IdMap(0, 3_000_000_000u, 1000);
        Assert.Equal("0 3000000000 1000", high.ToString());
        attempts.Accepted("Create(User|Net) mapping 0 to host id 3,000,000,000 (control)", () => NamespaceSet.Create(NS.User | NS.Net, UnshareOptions.WithIdMaps([high], [high])),
            set => ((NamespaceSet)set!).Id(NS.User) != Kernel.ProcessNs("user"));
        attempts.Refused<NamespaceException>("IdMap running past 2^32-1", () => NamespaceSet.Create(NS.User, UnshareOptions.WithIdMaps([new IdMap(0, uint.MaxValue, 2)], [new IdMap(0, 0, 1)])), ["runs past the largest id"]);
        attempts.Refused<NamespaceException>("IdMap of size 0", () => NamespaceSet.Create(NS.User, UnshareOptions.WithIdMaps([new IdMap(0, 0, 0)], [new IdMap(0, 0, 1)])), ["at least one id"]);
        scenario.Work = "maps without User, an undefined MountPropagation, User without maps (refused; Unmapped accepted), a host id above 2^31, a map past 2^32-1, a map of size 0";
        Leaks.AssertNoneLeft(scenario, before, Leaks.HeapBound, andThen: attempts.AssertAllAsExpected);
    });

    [Fact]
    public void Messages_NameTheSetTheMemberAndWhatToDo() => Figures.Run("Hostile input", "Messages: disposed set, missing namespace, hostname length, errno names", scenario =>
    {
        Kernel.RequireRoot();
        var attempts = new Attempts(scenario);
        NamespaceSet disposed = NamespaceSet.Create(NS.Net | NS.Uts);
        string netId = disposed.Id(NS.Net);
        disposed.Dispose();
        attempts.Refused<ObjectDisposedException>("Do on a disposed set", () => { disposed.Do(() => { }); return null; }, [netId, "Do", "disposed"]);
        attempts.Refused<ObjectDisposedException>("Id on a disposed set", () => disposed.Id(NS.Net), [netId, "Id", "disposed"]);
        attempts.Refused<ObjectDisposedException>("Dup on a disposed set", () => disposed.Dup(), [netId, "Dup", "disposed"]);

        using NamespaceSet uts = NamespaceSet.Create(NS.Uts);
        string utsId = uts.Id(NS.Uts);
        attempts.Refused<ArgumentException>("BringUpLoopback on a set without Net", () => { uts.BringUpLoopback(); return null; }, ["BringUpLoopback", "net", utsId]);
        attempts.Refused<ArgumentException>("SetHostName with 65 characters", () => { uts.SetHostName(new string('h', 65)); return null; }, ["64", "SetHostName"]);
        attempts.Accepted("SetHostName with 64 characters (control)", () => { uts.SetHostName(new string('h', 64)); return uts.GetHostName(); }, name => (string?)name == new string('h', 64));

        // Every errno the library can report has its name, not "errno 24".
        foreach ((int errno, string name) in new[] { (24, "EMFILE"), (23, "ENFILE"), (11, "EAGAIN"), (12, "ENOMEM"), (1, "EPERM"), (95, "EOPNOTSUPP"), (87, "EUSERS"), (28, "ENOSPC") })
        {
            Assert.Equal(name, new NamespaceException("probe", errno, NS.Net).ErrnoName);
        }
        scenario.Work = "Do/Id/Dup on a disposed set, BringUpLoopback without Net, a 65-character hostname, errno names";
        attempts.AssertAllAsExpected();
    });
}

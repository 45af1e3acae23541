using System;
using System.IO;
using System.Linq;
using System.Reflection;
using Namespaces.Testing;
using Xunit;

namespace Namespaces.Tests;

/// <summary>Renamed public members keep their old names for one release, marked obsolete, and still do the same thing.</summary>
public sealed class RenameTests
{
    [Fact]
    public void EveryObsoleteMember_NamesAReplacementThatExists()
    {
        Assembly runtime = typeof(NamespaceSet).Assembly;
        var obsolete = runtime.GetExportedTypes()
            .SelectMany(t => t.GetMembers(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly).Append(t))
            .Select(m => (Member: m, Attribute: m.GetCustomAttribute<ObsoleteAttribute>()))
            .Where(p => p.Attribute is not null)
            .ToArray();
        string[] names = runtime.GetExportedTypes().SelectMany(t => t.GetMembers().Select(m => m.Name).Append(t.Name)).ToArray();

        Assert.Equal(5, obsolete.Length); // NamespaceUts, NamespacePool.Namespaces, MountFileSystem, BindMount, UnmountFileSystem
        foreach ((MemberInfo member, ObsoleteAttribute? attribute) in obsolete)
        {
            string replacement = attribute!.Message!.Split(' ')[1].TrimEnd(':', ',', '.', ' ').Split('(')[0];
            Assert.True(attribute.Message.StartsWith("Use ", StringComparison.Ordinal), $"{member.Name}: {attribute.Message}");
            Assert.True(names.Contains(replacement), $"{member.Name} points to {replacement}, which does not exist");
        }
    }

#pragma warning disable CS0618 // the old names are what these tests call
    [Fact]
    public void OldMountNames_StillMountInsideTheSet()
    {
        Kernel.RequireRoot();
        using var directory = new TempDirectory();
        using var source = new TempDirectory();
        File.WriteAllText(source.Combine("file"), "host");
        using NamespaceSet set = NamespaceSet.Create(NS.Mnt);

        NamespaceMounts.MountFileSystem(set, "old-name", directory.Path, "tmpfs");
        Assert.Contains(directory.Path, set.Do(Kernel.MountPoints));
        NamespaceMounts.UnmountFileSystem(set, directory.Path);
        Assert.DoesNotContain(directory.Path, set.Do(Kernel.MountPoints));
        NamespaceMounts.BindMount(set, source.Path, directory.Path);
        Assert.Equal("host", set.Do(() => File.ReadAllText(Path.Combine(directory.Path, "file"))));
        Assert.DoesNotContain(directory.Path, Kernel.MountPoints());
    }

    [Fact]
    public void OldHostNameClass_AndPoolProperty_StillWork()
    {
        Kernel.RequireRoot();
        using NamespaceSet set = NamespaceSet.Create(NS.Uts);
        NamespaceUts.SetHostName(set, "old-name");
        Assert.Equal("old-name", NamespaceUts.GetHostName(set));
        Assert.Equal("old-name", set.Do(Kernel.HostName));

        using var pool = new NamespacePool(NS.Net | NS.Uts);
        Assert.Equal(pool.Flags, pool.Namespaces);
    }
#pragma warning restore CS0618
}

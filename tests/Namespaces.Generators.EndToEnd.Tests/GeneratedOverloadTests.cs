using System;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace Namespaces.Generators.EndToEnd.Tests;

/// <summary>
/// Generated overloads against real namespaces (needs root). Each test checks what the kernel reports from
/// inside the body and that the caller's own thread was left where it was.
/// </summary>
public sealed class GeneratedOverloadTests
{
    [Fact]
    public void The_sync_overload_lists_only_loopback_in_a_new_network_namespace()
    {
        using var set = NamespaceSet.Create(NS.Net);

        string[] names = Net.Interfaces(set);

        Assert.Equal(new[] { "lo" }, names);
        Assert.Contains(Net.Interfaces(), name => name != "lo"); // the caller still sees the host's interfaces
    }

    [Fact]
    public async Task The_async_overload_lists_only_loopback_and_resumes_outside_the_namespace()
    {
        var home = ThreadNamespaces.Net();
        using var set = NamespaceSet.Create(NS.Net);

        string[] names = await Net.InterfacesAsync(set);

        Assert.Equal(new[] { "lo" }, names);
        Assert.Equal(home, ThreadNamespaces.Net());
    }

    [Fact]
    public void A_hostname_set_inside_a_uts_namespace_is_seen_there_and_not_outside()
    {
        var hostHostname = Hostnames.Get();
        using var set = NamespaceSet.Create(NS.Uts);

        var inside = Uts.SetAndGetHostname(set, "namespaces-e2e");

        Assert.Equal("namespaces-e2e", inside);
        Assert.Equal(hostHostname, Hostnames.Get());
    }

    [Fact]
    public void An_instance_method_runs_on_the_instance_inside_the_namespace()
    {
        var home = ThreadNamespaces.Net();
        using var set = NamespaceSet.Create(NS.Net);
        var probe = new Probe("probe");

        var description = probe.Describe(set, "-1");

        Assert.StartsWith("probe-1 net:[", description);
        Assert.DoesNotContain(home, description);
        Assert.Equal(1, probe.Calls); // the class instance itself was called, not a copy
    }

    [Fact]
    public void A_generic_method_carries_its_type_argument_and_value()
    {
        var home = ThreadNamespaces.Net();
        using var set = NamespaceSet.Create(NS.Net);
        var value = new Version(1, 2, 3);

        (Version back, string ns) = Net.Tag(set, value);

        Assert.Same(value, back);
        Assert.NotEqual(home, ns);
        Assert.Equal(ns, Net.Tag(set, 42).Namespace); // same set, same namespace, another instantiation
    }

    [Fact]
    public void A_ref_parameter_is_written_back()
    {
        using var set = NamespaceSet.Create(NS.Net);
        var count = 10;

        Net.AddInterfaceCount(set, ref count);

        Assert.Equal(11, count); // only lo
    }

    [Fact]
    public async Task The_async_overload_serves_many_concurrent_callers()
    {
        var home = ThreadNamespaces.Net();
        using var set = NamespaceSet.Create(NS.Net);
        var probe = new Probe("p");

        var calls = Enumerable.Range(0, 200).Select(async i =>
        {
            await Task.Yield();
            var names = await Net.InterfacesAsync(set);
            var described = await probe.DescribeAsync(set, i.ToString());
            return (names, described, after: ThreadNamespaces.Net());
        }).ToList();
        var results = await Task.WhenAll(calls);

        Assert.All(results, r => Assert.Equal(new[] { "lo" }, r.names));
        Assert.All(results, r => Assert.Equal(home, r.after));
        Assert.Single(results.Select(r => r.described[(r.described.IndexOf(' ') + 1)..]).Distinct()); // one namespace for all
        Assert.Equal(200, probe.Calls);
    }

    [Fact]
    public void The_set_is_checked_before_dispatch()
    {
        Assert.Throws<ArgumentNullException>(() => Net.Interfaces(null!));

        using (var uts = NamespaceSet.Create(NS.Uts))
        {
            var missing = Assert.ThrowsAny<ArgumentException>(() => Net.Interfaces(uts));
            Assert.Contains("Net.Interfaces", missing.Message);
        }

        var disposed = NamespaceSet.Create(NS.Net);
        disposed.Dispose();
        Assert.Throws<ObjectDisposedException>(() => Net.Interfaces(disposed));
    }
}

using System.Collections.Generic;
using System.Linq;
using Namespaces.Reliability.Tests.Support;
using Namespaces.Testing;
using Xunit;

namespace Namespaces.Reliability.Tests;

/// <summary>NamespacePool.Put given what it must not take back: nothing it later hands out is disposed, shared or foreign.</summary>
[Collection(ReliabilityCollection.Name)]
public sealed class PoolMisuseTests
{
    [Fact]
    public void Put_RefusesDisposedDuplicateAndForeignSets_AndGetNeverHandsOutADisposedOne() => Figures.Run("Hostile input", "NamespacePool.Put: disposed, twice, foreign", scenario =>
    {
        Kernel.RequireRoot();
        LoadTests.WarmUp().GetAwaiter().GetResult(); // the runtime's lazily started threads and descriptors exist before the baseline
        ResourceSnapshot before = ResourceSnapshot.Baseline();
        var attempts = new Attempts(scenario);
        using (var pool = new NamespacePool(NS.Net | NS.Uts))
        {
            NamespaceSet first = pool.Get();
            pool.Put(first);
            attempts.Refused<System.ArgumentException>("Put(a set already in the pool)", () => { pool.Put(first); return null; }, ["already in the pool"]);
            Assert.Equal(1, pool.Count);

            NamespaceSet second = pool.Get();
            Assert.Same(first, second);
            second.Dispose();
            attempts.Refused<System.ObjectDisposedException>("Put(a disposed set)", () => { pool.Put(second); return null; }, ["disposed"]);

            NamespaceSet host = NamespaceSet.Current(NS.Net | NS.Uts);
            attempts.Refused<System.ArgumentException>("Put(the host's namespaces)", () => { pool.Put(host); return null; }, ["not made by this pool"]);
            host.Dispose();
            NamespaceSet stranger = NamespaceSet.Create(NS.Net | NS.Uts);
            attempts.Refused<System.ArgumentException>("Put(a set made elsewhere with the same flags)", () => { pool.Put(stranger); return null; }, ["not made by this pool"]);
            stranger.Dispose();
            using (var other = new NamespacePool(NS.Net))
            {
                NamespaceSet others = other.Get();
                attempts.Refused<System.ArgumentException>("Put(a set of another pool)", () => { pool.Put(others); return null; }, ["not made by this pool"]);
                other.Put(others);
            }

            NamespaceSet kept = pool.Get();
            NamespaceSet narrowed = kept.Dup(NS.Net);
            attempts.Refused<System.ArgumentException>("Put(a Dup of a pool set)", () => { pool.Put(narrowed); return null; }, ["not made by this pool"]);
            narrowed.Dispose();
            pool.Put(kept);

            // A set disposed by a caller that kept a reference after Put: Get skips it.
            kept.Dispose();
            attempts.Accepted("Get after a pooled set was disposed behind the pool's back (control)", () =>
            {
                NamespaceSet fresh = pool.Get();
                bool usable = !fresh.IsDisposed && !ReferenceEquals(fresh, kept) && fresh.Id(NS.Net) != Kernel.ProcessNs("net");
                pool.Put(fresh);
                return usable;
            }, usable => usable is true, expected: "a fresh, usable set");

            var handedOut = new List<NamespaceSet>();
            for (int i = 0; i < 4; i++)
            {
                handedOut.Add(pool.Get());
            }
            Assert.Equal(4, handedOut.Distinct().Count());
            Assert.All(handedOut, s => Assert.False(s.IsDisposed));
            foreach (NamespaceSet set in handedOut)
            {
                pool.Put(set);
            }
        }
        scenario.Work = "Put twice, Put of a disposed set, of the host's namespaces, of a set made elsewhere, of another pool's set, of a Dup; Get after a pooled set was disposed";
        Leaks.AssertNoneLeft(scenario, before, Leaks.HeapBound, andThen: attempts.AssertAllAsExpected);
    });
}

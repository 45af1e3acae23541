using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Threading;
using System.Threading.Tasks;
using Namespaces.Testing;
using Namespaces.Tests.Support;
using Xunit;

namespace Namespaces.Tests;

/// <summary>The "Namespaces" meter publishes what dotnet-counters shows.</summary>
[Collection(SerialCollection.Name)]
public sealed class MetricsTests
{
    [Fact]
    public void TheMeter_CountsCallsSetsAndLiveThreads()
    {
        Kernel.RequireRoot();
        var totals = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "Namespaces")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => totals.AddOrUpdate(instrument.Name, value, (_, total) => total + value));
        listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => totals[instrument.Name] = value);
        listener.Start();

        using (NamespaceSet set = NamespaceSet.Create(NS.Net))
        {
            for (int i = 0; i < 10; i++)
            {
                Bodies.Echo(set, i);
            }

            listener.RecordObservableInstruments();
            Assert.True(totals.GetValueOrDefault("namespaces.threads.live") >= 1);
            Assert.Equal(0, totals.GetValueOrDefault("namespaces.dispatch.queue_length"));
        }
        listener.RecordObservableInstruments();

        Assert.Equal(10, totals.GetValueOrDefault("namespaces.dispatch.calls"));
        Assert.Equal(1, totals.GetValueOrDefault("namespaces.sets.created"));
        // Namespace threads are shared by every set and outlive this one, at home: the gauge shows what the kernel lists.
        Assert.Equal(WorkerThreads.Count(), totals.GetValueOrDefault("namespaces.threads.live"));
        Assert.Equal(0, totals.GetValueOrDefault("namespaces.threads.foreign"));
        Assert.True(totals.ContainsKey("namespaces.threads.foreign"));
    }

    [Fact]
    public async Task AThreadADisposeGaveUpOn_IsCountedAsAbandoned()
    {
        Kernel.RequireRoot();
        long abandoned = 0;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "Namespaces" && instrument.Name == "namespaces.threads.abandoned")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref abandoned, value));
        listener.Start();
        using var started = new ManualResetEventSlim();
        using var gate = new ManualResetEventSlim();
        NamespaceSet set = NamespaceSet.Create(NS.Net);
        set.DisposeTimeout = TimeSpan.FromMilliseconds(100);
        ValueTask blocked = Bodies.BlockAsync(set, started, gate);
        Assert.True(started.Wait(TimeSpan.FromSeconds(10)));

        set.Dispose();
        gate.Set();

        Assert.Equal(1, Interlocked.Read(ref abandoned));
        await blocked; // the abandoned body's caller still completes
    }
}

using System;
using System.Runtime.CompilerServices;
using System.Threading;
using Namespaces.Testing;

namespace Namespaces.Tests.Support;

/// <summary>[RunInNamespace] methods the dispatch tests call through their generated overloads.</summary>
internal static partial class Bodies
{
    /// <summary>The network namespace the body ran in.</summary>
    [RunInNamespace(NS.Net)]
    public static string NetNamespace() => Kernel.ThreadNs("net");

    /// <summary>Echoes <paramref name="value"/>, proving arguments and results cross intact.</summary>
    [RunInNamespace(NS.Net)]
    public static long Echo(long value) => value;

    /// <summary>The allocation counter of the namespace thread that runs the body.</summary>
    [RunInNamespace(NS.Net)]
    public static long ThreadAllocatedBytes() => GC.GetAllocatedBytesForCurrentThread();

    /// <summary>The managed thread id of the thread that runs the body.</summary>
    [RunInNamespace(NS.Net)]
    public static int ThreadId() => Environment.CurrentManagedThreadId;

    /// <summary>A nested call on the same set, from inside a body.</summary>
    [RunInNamespace(NS.Net | NS.Uts)]
    public static (int Outer, int Inner) Nested(NamespaceSet set) => (Environment.CurrentManagedThreadId, ThreadId(set));

    /// <summary>Throws from a body.</summary>
    [RunInNamespace(NS.Net)]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Throw(string message) => throw new InvalidOperationException(message);

    /// <summary>Blocks until <paramref name="gate"/> is set, after saying it started.</summary>
    [RunInNamespace(NS.Net)]
    public static void Block(ManualResetEventSlim started, ManualResetEventSlim gate)
    {
#pragma warning disable NS1007 // the test thread waits synchronously in Wait: Set wakes it directly, no work is queued to the pool
        started.Set();
#pragma warning restore NS1007
        gate.Wait();
    }

    /// <summary>Appends <paramref name="value"/> to <paramref name="log"/>, recording the order bodies ran in.</summary>
    [RunInNamespace(NS.Net)]
    public static void Append(System.Collections.Concurrent.ConcurrentQueue<int> log, int value) => log.Enqueue(value);

    /// <summary>Counts that it ran.</summary>
    [RunInNamespace(NS.Net)]
    public static void Count(StrongBox<int> counter) => Interlocked.Increment(ref counter.Value);
}

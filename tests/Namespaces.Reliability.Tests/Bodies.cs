using System;
using System.Runtime.CompilerServices;
using System.Threading;
using Namespaces.Reliability.Tests.Support;
using Namespaces.Testing;

namespace Namespaces.Reliability.Tests;

/// <summary>What a body saw: a value computed from its argument, and the namespaces of the thread it ran on.</summary>
/// <param name="Value">A function of the argument, so a result handed to the wrong caller shows.</param>
/// <param name="Net">Inode of the body's network namespace.</param>
/// <param name="Uts">Inode of the body's UTS namespace.</param>
/// <param name="Tid">The kernel thread the body ran on.</param>
public readonly record struct Stamp(long Value, ulong Net, ulong Uts, int Tid);

/// <summary>Plain methods a user would write; the generator adds the overloads that take a <see cref="NamespaceSet"/>.</summary>
internal static partial class Bodies
{
    public static long NetValue(long token) => token * 3 + 1;

    public static long NetUtsValue(long token) => token * 5 + 2;

    /// <summary>Joins only the network namespace: the UTS namespace stays the home one.</summary>
    [RunInNamespace(NS.Net)]
    public static Stamp InNet(long token) => new(NetValue(token), ProcFs.ThreadNsInode("net"), ProcFs.ThreadNsInode("uts"), Environment.CurrentManagedThreadId);

    [RunInNamespace(NS.Net | NS.Uts)]
    public static Stamp InNetUts(long token) => new(NetUtsValue(token), ProcFs.ThreadNsInode("net"), ProcFs.ThreadNsInode("uts"), Environment.CurrentManagedThreadId);

    /// <summary>Joins four namespaces; returns the inodes of all four, in <see cref="Inodes"/> order.</summary>
    [RunInNamespace(NS.Net | NS.Uts | NS.Ipc | NS.Mnt)]
    public static ulong[] InFour() => Inodes("net", "uts", "ipc", "mnt");

    public static ulong[] Inodes(params string[] names) => Array.ConvertAll(names, ProcFs.ThreadNsInode);

    /// <summary>Throws from inside the namespace.</summary>
    [RunInNamespace(NS.Net)]
    public static Stamp Throw(long token) => throw new BodyFailedException(token);

    /// <summary>Says it is inside, waits until released, counts itself finished; returns its network namespace.</summary>
    [RunInNamespace(NS.Net)]
    public static ulong Block(ManualResetEventSlim entered, ManualResetEventSlim release, StrongBox<int> finished)
    {
        entered.Set();
        release.Wait();
        ulong net = ProcFs.ThreadNsInode("net");
        Interlocked.Increment(ref finished.Value);
        return net;
    }

    /// <summary>Disposes the set it runs in, from inside, and returns its network namespace.</summary>
    [RunInNamespace(NS.Net)]
    public static ulong DisposeFromInside(NamespaceSet target)
    {
        target.Dispose();
        return ProcFs.ThreadNsInode("net");
    }

    /// <summary>The calling thread's hostname.</summary>
    [RunInNamespace(NS.Uts)]
    public static string HostName() => Kernel.HostName();
}

/// <summary>What <see cref="Bodies.Throw"/> throws: carries the token so the caller can tell its own failure.</summary>
public sealed class BodyFailedException(long token) : Exception($"body failed for token {token}")
{
    public long Token { get; } = token;
}

using System.IO;

namespace Namespaces.Benchmarks;

/// <summary>
/// The user code the dispatch benchmarks run: plain methods marked <see cref="RunInNamespaceAttribute"/>, whose
/// <c>(NamespaceSet set, …)</c> and <c>…Async</c> overloads the generator adds (referenced as an analyzer, as a user
/// project gets it). The body is trivial on purpose: what is measured is the dispatch around it.
/// </summary>
public static partial class Bodies
{
    /// <summary>The measured body: one argument in, one result back.</summary>
    /// <param name="value">Any number.</param>
    /// <returns><paramref name="value"/> + 1.</returns>
    [RunInNamespace(NS.Net)]
    public static int Increment(int value) => value + 1;

    /// <summary>The measured body for sets entered with a mount and a UTS namespace besides the network one.</summary>
    /// <param name="value">Any number.</param>
    /// <returns><paramref name="value"/> + 1.</returns>
    [RunInNamespace(NS.Net | NS.Mnt | NS.Uts)]
    public static int IncrementAll(int value) => value + 1;

    /// <summary>The network namespace the calling thread stands in; used once in setup to prove the body ran inside the set.</summary>
    /// <returns>e.g. <c>net:[4026532281]</c>.</returns>
    [RunInNamespace(NS.Net)]
    public static string NetNamespace() => CurrentNetNamespace();

    /// <summary>The calling thread's network namespace, as the kernel names it.</summary>
    /// <returns>The target of /proc/thread-self/ns/net.</returns>
    public static string CurrentNetNamespace() => new FileInfo("/proc/thread-self/ns/net").LinkTarget ?? "?";
}

using System.IO;

namespace Namespaces.Generators.EndToEnd.Tests;

/// <summary>What the kernel says about the calling thread (not the process: namespaces belong to threads).</summary>
internal static class ThreadNamespaces
{
    /// <summary>The calling thread's network namespace, e.g. <c>net:[4026531840]</c>.</summary>
    public static string Net() => new FileInfo("/proc/thread-self/ns/net").LinkTarget!;
}

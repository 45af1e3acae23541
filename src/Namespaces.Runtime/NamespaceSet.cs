using System;
using System.Threading.Tasks;

namespace Namespaces;

/// <summary>Placeholder: the real set lands with the runtime issue.</summary>
public sealed partial class NamespaceSet : IDisposable
{
    /// <summary>The namespaces this set holds.</summary>
    public NS Flags { get; }

    /// <summary>Whether the set holds every namespace in <paramref name="namespaces"/>.</summary>
    /// <param name="namespaces">One or more namespaces.</param>
    /// <returns><see langword="true"/> when all are held.</returns>
    public bool Contains(NS namespaces) => (Flags & namespaces) == namespaces;

    /// <summary>Runs <paramref name="action"/> in the set's namespaces.</summary>
    /// <param name="action">The work.</param>
    public void Do(Action action) => throw new NotImplementedException();

    /// <summary>Runs <paramref name="func"/> in the set's namespaces.</summary>
    /// <typeparam name="T">Result type.</typeparam>
    /// <param name="func">The work.</param>
    /// <returns>The result.</returns>
    public T Do<T>(Func<T> func) => throw new NotImplementedException();

    /// <summary>Runs <paramref name="func"/> on a fresh thread joined to the set's namespaces.</summary>
    /// <param name="func">The work; returns whether the thread may be restored.</param>
    /// <param name="restore">Whether to try restoring the thread.</param>
    public void DoRaw(Func<bool> func, bool restore) => throw new NotImplementedException();

    /// <summary>Creates a set holding new namespaces.</summary>
    /// <param name="namespaces">The namespaces to create.</param>
    /// <returns>The new set.</returns>
    public static NamespaceSet Create(NS namespaces) => throw new NotImplementedException();

    /// <summary>Closes the set.</summary>
    public void Dispose() { }
}

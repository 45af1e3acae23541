using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using System.Numerics;
using Microsoft.Win32.SafeHandles;

namespace Namespaces;

/// <summary>
/// Duplicates of a set's namespace file descriptors (gonso's <c>FdSet</c>), each close-on-exec and owned by a
/// <see cref="SafeFileHandle"/>. The caller owns them: dispose the <see cref="FdSet"/> (or each handle) to close them.
/// </summary>
public sealed class FdSet : IReadOnlyDictionary<NS, SafeFileHandle>, IDisposable
{
    private readonly NamespaceHandles _handles;

    internal FdSet(NamespaceHandles handles) => _handles = handles;

    /// <inheritdoc />
    public SafeFileHandle this[NS key] => TryGetValue(key, out SafeFileHandle? handle)
        ? handle
        : throw new KeyNotFoundException($"The descriptors are of {NamespaceKinds.Describe(_handles.Namespaces)}; none is of {key}.");

    /// <inheritdoc />
    public IEnumerable<NS> Keys => NamespaceKinds.Each(_handles.Namespaces);

    /// <inheritdoc />
    public IEnumerable<SafeFileHandle> Values => Keys.Select(ns => this[ns]);

    /// <inheritdoc />
    public int Count => BitOperations.PopCount((uint)_handles.Namespaces);

    /// <inheritdoc />
    public bool ContainsKey(NS key) => TryGetValue(key, out _);

    /// <inheritdoc />
    public bool TryGetValue(NS key, [MaybeNullWhen(false)] out SafeFileHandle value)
    {
        value = null;
        return NamespaceKinds.IsSingle(key) && (key & ~NamespaceKinds.All) == 0 && _handles.TryGet(key, out value);
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<NS, SafeFileHandle>> GetEnumerator() => Keys.Select(ns => KeyValuePair.Create(ns, this[ns])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Closes every descriptor.</summary>
    public void Dispose() => _handles.Dispose();
}

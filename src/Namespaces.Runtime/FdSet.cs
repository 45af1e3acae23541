using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Win32.SafeHandles;

namespace Namespaces;

/// <summary>
/// Duplicates of a set's namespace file descriptors (gonso's <c>FdSet</c>), each close-on-exec and owned by a
/// <see cref="SafeFileHandle"/>. The caller owns them: dispose the <see cref="FdSet"/> (or each handle) to close them.
/// </summary>
public sealed class FdSet : IReadOnlyDictionary<NS, SafeFileHandle>, IDisposable
{
    private readonly Dictionary<NS, SafeFileHandle> _handles;

    internal FdSet(Dictionary<NS, SafeFileHandle> handles) => _handles = handles;

    /// <inheritdoc />
    public SafeFileHandle this[NS key] => _handles[key];

    /// <inheritdoc />
    public IEnumerable<NS> Keys => _handles.Keys;

    /// <inheritdoc />
    public IEnumerable<SafeFileHandle> Values => _handles.Values;

    /// <inheritdoc />
    public int Count => _handles.Count;

    /// <inheritdoc />
    public bool ContainsKey(NS key) => _handles.ContainsKey(key);

    /// <inheritdoc />
    public bool TryGetValue(NS key, [MaybeNullWhen(false)] out SafeFileHandle value) => _handles.TryGetValue(key, out value);

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<NS, SafeFileHandle>> GetEnumerator() => _handles.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Closes every descriptor.</summary>
    public void Dispose()
    {
        foreach (SafeFileHandle handle in _handles.Values)
        {
            handle.Dispose();
        }
    }
}

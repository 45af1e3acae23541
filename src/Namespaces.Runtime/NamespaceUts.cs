using System;
using System.ComponentModel;

namespace Namespaces;

/// <summary>The old name of <see cref="NamespaceHostName"/>. Its methods are no longer extension methods, so
/// <c>set.SetHostName(...)</c> binds to <see cref="NamespaceHostName"/>; only <c>NamespaceUts.SetHostName(set, ...)</c> lands here.</summary>
[Obsolete("Use NamespaceHostName (set.SetHostName, set.GetHostName): the hostname is what people look for. NamespaceUts will be removed in the next release.")]
[EditorBrowsable(EditorBrowsableState.Never)]
public static class NamespaceUts
{
    /// <summary>Forwards to <see cref="NamespaceHostName.SetHostName"/>.</summary>
    /// <param name="set">A set holding a UTS namespace.</param>
    /// <param name="hostName">At most 64 ASCII characters.</param>
    public static void SetHostName(NamespaceSet set, string hostName) => NamespaceHostName.SetHostName(set, hostName);

    /// <summary>Forwards to <see cref="NamespaceHostName.GetHostName"/>.</summary>
    /// <param name="set">A set holding a UTS namespace.</param>
    /// <returns>The hostname.</returns>
    public static string GetHostName(NamespaceSet set) => NamespaceHostName.GetHostName(set);
}

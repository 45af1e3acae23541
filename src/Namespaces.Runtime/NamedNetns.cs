using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Namespaces;

/// <summary>
/// Named network namespaces as iproute2 keeps them: a bind mount at <c>/run/netns/NAME</c>. What
/// <see cref="Add"/> makes, <c>ip netns exec NAME …</c> enters and <c>ip netns list</c> shows; what
/// <c>ip netns add NAME</c> made, <see cref="Open"/> opens. CNI plugins receive such paths as <c>CNI_NETNS</c>.
/// </summary>
public static class NamedNetns
{
    /// <summary>iproute2's directory of named network namespaces.</summary>
    public const string Directory = "/run/netns";

    /// <summary>The longest name iproute2 accepts, in UTF-8 bytes: one less than NAME_MAX.</summary>
    public const int MaxNameBytes = 254;

    /// <summary>The file of namespace <paramref name="name"/>.</summary>
    /// <param name="name">A name as <c>ip netns add</c> takes it: a plain file name (no '/', not "." or ".."), at most
    /// <see cref="MaxNameBytes"/> bytes of UTF-8, and printable text: no control, format (bidi) or separator
    /// characters and no lone surrogates, so that every tool and terminal shows the name that was given.</param>
    /// <returns><c>/run/netns/NAME</c>.</returns>
    /// <exception cref="ArgumentException">The name breaks one of these rules; the message says which.</exception>
    public static string PathOf(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (NameProblem(name) is { } problem)
        {
            throw new ArgumentException($"'{Printable(name)}' is not a valid network namespace name: {problem}.", nameof(name));
        }

        return Path.Combine(Directory, name);
    }

    private static string? NameProblem(string name)
    {
        if (name is "." or "..")
        {
            return "'.' and '..' are directories";
        }

        int bytes = 0;
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (char.IsSurrogate(c))
            {
                if (!char.IsHighSurrogate(c) || i + 1 == name.Length || !char.IsLowSurrogate(name[i + 1]))
                {
                    return $"it holds a lone surrogate (U+{(int)c:X4} at {i}), which no file name can store";
                }

                bytes += 4;
                i++;
                continue;
            }

            if (c == '/')
            {
                return "'/' separates directories: use a plain file name";
            }

            switch (char.GetUnicodeCategory(c))
            {
                case System.Globalization.UnicodeCategory.Control:
                case System.Globalization.UnicodeCategory.Format:
                case System.Globalization.UnicodeCategory.LineSeparator:
                case System.Globalization.UnicodeCategory.ParagraphSeparator:
                    return $"it holds U+{(int)c:X4} at {i}, a control, bidi or separator character that tools would show differently or not at all";
            }

            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
        }
        return bytes > MaxNameBytes ? $"it is {bytes} bytes long in UTF-8; iproute2 takes at most {MaxNameBytes}" : null;
    }

    private static string Printable(string name) => string.Concat(name.Select(c =>
        char.IsControl(c) || char.IsSurrogate(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format ? $"\\u{(int)c:X4}" : c.ToString()));

    /// <summary>Gives the network namespace of <paramref name="set"/> the name <paramref name="name"/> (<c>ip netns add</c> for an existing namespace).</summary>
    /// <param name="set">A set holding a network namespace.</param>
    /// <param name="name">The name.</param>
    /// <exception cref="NamespaceException">The name is taken (EEXIST), or the mount failed.</exception>
    public static void Add(NamespaceSet set, string name)
    {
        ArgumentNullException.ThrowIfNull(set);
        string path = PathOf(name);
        if (Path.Exists(path) && !IsHalfMade(path))
        {
            throw new NamespaceException($"A network namespace named '{name}' already exists ({path}).", Interop.Error.EEXIST, NS.Net);
        }

        set.MountNS(NS.Net, path); // mounts onto a half-made entry as onto a new one
    }

    /// <summary>
    /// An empty file with nothing mounted on it: what an Add (or `ip netns add`) killed between creating the file and
    /// mounting the namespace leaves. It names no namespace, so it does not take the name.
    /// </summary>
    private static bool IsHalfMade(string path)
    {
        var file = new FileInfo(path);
        return file.Exists && file.LinkTarget is null && file.Length == 0
            && !NamespaceFile.IsOnFileSystem(path, Interop.OpenFlags.O_NOFOLLOW, Interop.NSFS_MAGIC, out _);
    }

    /// <summary>
    /// Names the set's network namespace for as long as the returned object lives: disposing it removes the name
    /// (<c>using var name = NamedNetns.AddTemporary(set, "blue");</c>). For tools that name a namespace for one run.
    /// </summary>
    /// <param name="set">A set holding a network namespace.</param>
    /// <param name="name">The name.</param>
    /// <returns>Removes the name when disposed (once; thread-safe).</returns>
    /// <exception cref="NamespaceException">The name is taken (EEXIST), or the mount failed.</exception>
    public static IDisposable AddTemporary(NamespaceSet set, string name)
    {
        Add(set, name);
        return new TemporaryName(name);
    }

    private sealed class TemporaryName(string name) : IDisposable
    {
        private int _removed;

        public void Dispose()
        {
            if (System.Threading.Interlocked.Exchange(ref _removed, 1) == 0)
            {
                Delete(name);
            }
        }
    }

    /// <summary>Opens the named network namespace.</summary>
    /// <param name="name">The name.</param>
    /// <returns>A set holding it.</returns>
    /// <exception cref="NamespaceException">No such name, or it is not a network namespace.</exception>
    public static NamespaceSet Open(string name) => NamespaceSet.FromPath(PathOf(name), NS.Net);

    /// <summary>
    /// Removes the name (<c>ip netns del</c>); the namespace goes once nothing else holds it. Only a network namespace
    /// mounted there is removed: a plain file someone left in /run/netns is refused and kept.
    /// </summary>
    /// <param name="name">The name.</param>
    /// <exception cref="NamespaceException">No such name (ENOENT), or no namespace is mounted on it (EINVAL).</exception>
    public static void Delete(string name)
    {
        string path = PathOf(name);
        if (!Path.Exists(path))
        {
            throw new NamespaceException($"There is no network namespace named '{name}' (ENOENT: {path} does not exist); `ip netns list` shows the names there are.", (int)Interop.Error.ENOENT, NS.Net);
        }

        NamespaceSet.Unmount(path);
    }

    /// <summary>Whether <paramref name="name"/> exists.</summary>
    /// <param name="name">The name.</param>
    /// <returns><see langword="true"/> if /run/netns/NAME exists.</returns>
    public static bool Exists(string name) => Path.Exists(PathOf(name));

    /// <summary>The names in /run/netns, sorted.</summary>
    /// <returns>The names; empty when the directory does not exist.</returns>
    public static IReadOnlyList<string> List() => System.IO.Directory.Exists(Directory)
        ? System.IO.Directory.EnumerateFiles(Directory).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToArray()
        : [];

    /// <summary>
    /// Makes /run/netns a shared mount point as iproute2 does, so that removing a name in one mount namespace
    /// removes it in all and the network namespace can be freed: MS_SHARED|MS_REC, and if it is not yet a mount
    /// point, bind it onto itself first.
    /// </summary>
    internal static void PrepareDirectory()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("Named network namespaces exist on Linux only.");
        }

        System.IO.Directory.CreateDirectory(Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        bool boundOntoItself = false;
        while (true)
        {
            Interop.Error error = Interop.Mount("", Directory, "none", Interop.MountFlags.MS_SHARED | Interop.MountFlags.MS_REC);
            if (error == Interop.Error.SUCCESS)
            {
                return;
            }

            if (error != Interop.Error.EINVAL || boundOntoItself)
            {
                throw NamespaceException.FromErrno("Making a shared mount point of", error, NS.Net, Directory, NamespaceException.MountPermissionHint);
            }

            error = Interop.Mount(Directory, Directory, "none", Interop.MountFlags.MS_BIND | Interop.MountFlags.MS_REC);
            if (error != Interop.Error.SUCCESS)
            {
                throw NamespaceException.FromErrno("Bind-mounting onto itself", error, NS.Net, Directory, NamespaceException.MountPermissionHint);
            }

            boundOntoItself = true;
        }
    }
}

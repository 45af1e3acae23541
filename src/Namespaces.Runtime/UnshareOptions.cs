using System;
using System.Collections.Generic;
using System.Linq;

namespace Namespaces;

/// <summary>
/// Options for <see cref="NamespaceSet.Create"/> and <see cref="NamespaceSet.Unshare"/>: id maps of a new user
/// namespace, the propagation of a new mount namespace.
/// </summary>
public sealed record UnshareOptions
{
    /// <summary>The kernel's limit on lines in uid_map/gid_map (since Linux 4.15).</summary>
    public const int MaxIdMapLines = 340;

    /// <summary>Lines written to the new user namespace's uid_map. Empty: none written (every uid is the overflow uid, 65534).</summary>
    public IReadOnlyList<IdMap> UidMaps { get; init; } = [];

    /// <summary>Lines written to the new user namespace's gid_map.</summary>
    public IReadOnlyList<IdMap> GidMaps { get; init; } = [];

    /// <summary>
    /// Whether processes in the new user namespace may call setgroups(2). <see langword="false"/> (the default, and
    /// what an unprivileged creator must choose) writes "deny" to its setgroups file before the gid map.
    /// </summary>
    public bool AllowSetgroups { get; init; }

    /// <summary>Propagation of the mounts a new mount namespace copied; <see cref="MountPropagation.Private"/> by default.</summary>
    public MountPropagation MountPropagation { get; init; } = MountPropagation.Private;

    /// <summary>gonso's <c>WithIDMaps</c>: options that write these uid and gid maps into a new user namespace.</summary>
    /// <param name="uidMaps">uid_map lines.</param>
    /// <param name="gidMaps">gid_map lines.</param>
    /// <returns>New options.</returns>
    public static UnshareOptions WithIdMaps(IEnumerable<IdMap> uidMaps, IEnumerable<IdMap> gidMaps)
    {
        ArgumentNullException.ThrowIfNull(uidMaps);
        ArgumentNullException.ThrowIfNull(gidMaps);
        return new UnshareOptions { UidMaps = uidMaps.ToArray(), GidMaps = gidMaps.ToArray() };
    }

    internal static readonly UnshareOptions Default = new();

    /// <summary>Checks the maps the way the kernel will, so a bad map fails before any namespace exists, with a clear message.</summary>
    internal void Validate()
    {
        ValidateMaps(UidMaps, "uid");
        ValidateMaps(GidMaps, "gid");
    }

    private static void ValidateMaps(IReadOnlyList<IdMap> maps, string kind)
    {
        ArgumentNullException.ThrowIfNull(maps, kind + "Maps");
        if (maps.Count > MaxIdMapLines)
        {
            throw new NamespaceException($"The {kind} map has {maps.Count} lines; the kernel accepts at most {MaxIdMapLines}.", Interop.Error.EINVAL, NS.User);
        }

        for (int i = 0; i < maps.Count; i++)
        {
            IdMap map = maps[i];
            if (map.Size <= 0)
            {
                throw new NamespaceException($"{kind} map line {i} ({map}) has size {map.Size}; it must map at least one id.", Interop.Error.EINVAL, NS.User);
            }

            if (map.ContainerId < 0 || map.HostId < 0)
            {
                throw new NamespaceException($"{kind} map line {i} ({map}) has a negative id.", Interop.Error.EINVAL, NS.User);
            }

            if ((long)map.ContainerId + map.Size > uint.MaxValue || (long)map.HostId + map.Size > uint.MaxValue)
            {
                throw new NamespaceException($"{kind} map line {i} ({map}) runs past the largest id.", Interop.Error.EINVAL, NS.User);
            }

            for (int j = 0; j < i; j++)
            {
                IdMap other = maps[j];
                if (Overlaps(map.ContainerId, other.ContainerId, map.Size, other.Size))
                {
                    throw new NamespaceException($"{kind} map lines {j} ({other}) and {i} ({map}) overlap inside the namespace.", Interop.Error.EINVAL, NS.User);
                }

                if (Overlaps(map.HostId, other.HostId, map.Size, other.Size))
                {
                    throw new NamespaceException($"{kind} map lines {j} ({other}) and {i} ({map}) overlap on the host.", Interop.Error.EINVAL, NS.User);
                }
            }
        }
        // The kernel takes the whole map in one write of less than a page (EINVAL otherwise), whatever the line count.
        int bytes = Format(maps).Length;
        if (bytes >= Environment.SystemPageSize)
        {
            throw new NamespaceException($"The {kind} map is {bytes} bytes long as written ({maps.Count} lines); the kernel accepts less than {Environment.SystemPageSize} bytes (one page). Merge adjacent lines into larger ranges.", Interop.Error.EINVAL, NS.User);
        }
    }

    private static bool Overlaps(long a, long b, long sizeA, long sizeB) => a < b + sizeB && b < a + sizeA;

    internal static string Format(IReadOnlyList<IdMap> maps) => string.Concat(maps.Select(m => m + "\n"));
}

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

    /// <summary>Lines written to the new user namespace's uid_map. A new user namespace needs them, or <see cref="LeaveUnmapped"/>.</summary>
    public IReadOnlyList<IdMap> UidMaps { get; init; } = [];

    /// <summary>Lines written to the new user namespace's gid_map.</summary>
    public IReadOnlyList<IdMap> GidMaps { get; init; } = [];

    /// <summary>
    /// Whether processes in the new user namespace may call setgroups(2). <see langword="false"/> (the default, and
    /// what an unprivileged creator must choose) writes "deny" to its setgroups file before the gid map.
    /// </summary>
    public bool AllowSetgroups { get; init; }

    /// <summary>
    /// Create the user namespace with no id maps at all (as <c>unshare --user</c> without <c>-r</c>): every id inside is
    /// the overflow id 65534 (nobody) until someone writes the maps (for example newuidmap, through /proc/PID/uid_map of
    /// a process inside). Without it, a new user namespace must be given maps.
    /// </summary>
    public bool LeaveUnmapped { get; init; }

    /// <summary>Options for a user namespace left without id maps (<see cref="LeaveUnmapped"/>).</summary>
    public static UnshareOptions Unmapped { get; } = new() { LeaveUnmapped = true };

    /// <summary>Propagation of the mounts a new mount namespace copied; <see cref="MountPropagation.Private"/> by default.</summary>
    public MountPropagation MountPropagation { get; init; } = MountPropagation.Private;

    /// <summary>
    /// How far CLOCK_MONOTONIC (and the clocks built on it) of a new time namespace is moved: a process started inside
    /// (<see cref="NamespaceSet.StartProcess"/>) reads its clock this much ahead (or behind, when negative; the clock
    /// may not go below zero). Only with <see cref="NS.Time"/> among the namespaces created.
    /// </summary>
    public TimeSpan MonotonicOffset { get; init; }

    /// <summary>How far CLOCK_BOOTTIME of a new time namespace is moved (the uptime a process inside sees). Only with <see cref="NS.Time"/>.</summary>
    public TimeSpan BoottimeOffset { get; init; }

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

    /// <summary>
    /// Checks the options against what is being created, and the maps the way the kernel will, so that a mistake fails
    /// before any namespace exists, with a clear message.
    /// </summary>
    /// <param name="creating">The namespaces about to be created.</param>
    /// <param name="member">The public member that was called, for messages.</param>
    internal void Validate(NS creating, string member)
    {
        if (!Enum.IsDefined(MountPropagation))
        {
            throw new ArgumentOutOfRangeException(nameof(MountPropagation), MountPropagation, $"{member}: MountPropagation {(int)MountPropagation} is not one of Private, Slave, Unchanged.");
        }

        bool hasMaps = UidMaps.Count != 0 || GidMaps.Count != 0;
        if ((creating & NS.User) == 0)
        {
            if (hasMaps || LeaveUnmapped)
            {
                throw new ArgumentException($"{member}({creating}) was given id maps, but id maps belong to a new user namespace and none is created: add NS.User, or drop the maps.", "options");
            }

            return;
        }

        if (hasMaps && LeaveUnmapped)
        {
            throw new ArgumentException($"{member}: the options give id maps and LeaveUnmapped at once; choose one.", "options");
        }

        if (!hasMaps && !LeaveUnmapped)
        {
            throw new ArgumentException(
                $"{member}({creating}) without id maps would leave every id inside the overflow id 65534 (nobody), with no power over any file or process mapped there. "
                + "Pass UnshareOptions.WithIdMaps(...) (for root inside mapped to your own ids: WithIdMaps([new IdMap(0, uid, 1)], [new IdMap(0, gid, 1)])), "
                + "or UnshareOptions.Unmapped to leave the maps for another process to write.", "options");
        }

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
            if (map.Size == 0)
            {
                throw new NamespaceException($"{kind} map line {i} ({map}) has size {map.Size}; it must map at least one id.", Interop.Error.EINVAL, NS.User);
            }

            // The kernel refuses a range whose end overflows 32 bits; 4294967295 itself is (uid_t)-1, "no id".
            if ((ulong)map.ContainerId + map.Size > uint.MaxValue || (ulong)map.HostId + map.Size > uint.MaxValue)
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

    internal bool HasClockOffsets => MonotonicOffset != TimeSpan.Zero || BoottimeOffset != TimeSpan.Zero;

    /// <summary>timens_offsets lines: "CLOCK SECONDS NANOSECONDS", nanoseconds in [0, 1e9) as the kernel requires.</summary>
    internal string FormatClockOffsets()
    {
        const int ClockMonotonic = 1, ClockBoottime = 7;
        return Line(ClockMonotonic, MonotonicOffset) + Line(ClockBoottime, BoottimeOffset);

        static string Line(int clock, TimeSpan offset)
        {
            long seconds = Math.DivRem(offset.Ticks, TimeSpan.TicksPerSecond, out long ticks);
            if (ticks < 0)
            {
                seconds--;
                ticks += TimeSpan.TicksPerSecond;
            }

            long nanoseconds = ticks * 100;
            return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{clock} {seconds} {nanoseconds}\n");
        }
    }

    private static bool Overlaps(ulong a, ulong b, ulong sizeA, ulong sizeB) => a < b + sizeB && b < a + sizeA;

    internal static string Format(IReadOnlyList<IdMap> maps) => string.Concat(maps.Select(m => m + "\n"));
}

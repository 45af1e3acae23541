namespace Namespaces;

/// <summary>
/// One line of a user namespace's uid_map or gid_map: ids <c>[ContainerId, ContainerId + Size)</c> inside the
/// namespace are ids <c>[HostId, HostId + Size)</c> in the parent user namespace.
/// </summary>
/// <param name="ContainerId">First id inside the new user namespace (ids are 32-bit unsigned in the kernel).</param>
/// <param name="HostId">First id in the parent user namespace (the caller's).</param>
/// <param name="Size">How many consecutive ids are mapped; at least 1.</param>
public readonly record struct IdMap(uint ContainerId, uint HostId, uint Size)
{
    /// <summary>The line the kernel expects: "ContainerId HostId Size".</summary>
    public override string ToString() => $"{ContainerId} {HostId} {Size}";
}

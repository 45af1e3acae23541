namespace Namespaces;

/// <summary>
/// What a new mount namespace does with the propagation of the mounts it copied. Hosts that run systemd make
/// <c>/</c> shared, so without a change a mount made inside a new namespace appears on the host too.
/// </summary>
public enum MountPropagation
{
    /// <summary>Make every mount private (<c>MS_REC | MS_PRIVATE</c>), as <c>unshare(1)</c> does: nothing propagates either way.</summary>
    Private = 0,

    /// <summary>Make every mount a slave (<c>MS_REC | MS_SLAVE</c>): host mounts appear inside, inside mounts stay inside.</summary>
    Slave,

    /// <summary>Keep what was copied (gonso's behaviour): shared mounts keep propagating both ways.</summary>
    Unchanged,
}

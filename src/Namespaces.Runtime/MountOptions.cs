using System;

namespace Namespaces;

/// <summary>Flags for <see cref="NamespaceMounts"/>: the common mount(2) flags, with the kernel's values.</summary>
[Flags]
public enum MountOptions : ulong
{
    /// <summary>No flag.</summary>
    None = 0,

    /// <summary>MS_RDONLY: read-only.</summary>
    ReadOnly = 0x1,

    /// <summary>MS_NOSUID: set-user-id and set-group-id bits and file capabilities are ignored.</summary>
    NoSuid = 0x2,

    /// <summary>MS_NODEV: device files cannot be opened.</summary>
    NoDev = 0x4,

    /// <summary>MS_NOEXEC: programs cannot be executed.</summary>
    NoExec = 0x8,
}

using System.Runtime.InteropServices;

namespace Namespaces.Processes;

/// <summary>The record the native helper writes on its status pipe (struct report in nsexec.c).</summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly struct NativeReport
{
    /// <summary>'O': everything opened, the parent may let go of its descriptors; 'R': ready; 'E': a step failed.</summary>
    public readonly int Kind;
    public readonly NativeStage Stage;
    public readonly int Error;
    /// <summary>'R': the pid of the process holding the namespaces; 'E': the index of the argument that failed.</summary>
    public readonly int Value;

    public const int Opened = 'O';
    public const int Ready = 'R';
    public const int Failed = 'E';
}

/// <summary>The helper's steps, as enum stage in nsexec.c numbers them.</summary>
internal enum NativeStage
{
    None = 0,
    Usage = 1,
    Lifeline,
    ParentGone,
    Status,
    OpenNamespace,
    SetNs,
    Unshare,
    Propagation,
    OpenOffsets,
    WriteOffsets,
    Fork,
    NetnsMounts,
    Sysfs,
    MountProc,
    Chroot,
    Chdir,
    SetGid,
    SetUid,
    ParentDeathSignal,
    Exec,
    Creator,
    IdMap,
}

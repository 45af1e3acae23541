namespace Namespaces;

/// <summary>
/// What <see cref="NamespaceSet.StartProcess"/> does beyond joining the set's namespaces: what users of
/// <c>nsenter</c>, <c>unshare</c> and <c>ip netns exec</c> expect. The working directory is the start info's
/// <see cref="System.Diagnostics.ProcessStartInfo.WorkingDirectory"/>, taken inside the set's mount namespace (and
/// <see cref="RootDirectory"/>).
/// </summary>
public sealed record ProcessOptions
{
    /// <summary>
    /// The root directory of the process (<c>nsenter --root</c>, chroot(2)), a path inside the set's mount namespace;
    /// the working directory then defaults to that root. <see langword="null"/>: the mount namespace's root.
    /// </summary>
    public string? RootDirectory { get; init; }

    /// <summary>
    /// The user id inside the set's user namespace (<c>nsenter --setuid</c>). <see langword="null"/>: 0 when the set
    /// holds a user namespace (as nsenter does: root there, with the capabilities the kernel gives it), else the
    /// caller's own.
    /// </summary>
    public int? UserId { get; init; }

    /// <summary>The group id inside (<c>nsenter --setgid</c>); supplementary groups are dropped. Defaults as <see cref="UserId"/>.</summary>
    public int? GroupId { get; init; }

    /// <summary>
    /// <c>ip netns exec NAME</c> parity for the set's network namespace: the process gets a private copy of the mount
    /// namespace in which /sys shows that network namespace (/sys/class/net lists its interfaces) and each file in
    /// /etc/netns/NAME is bound over the one of that name in /etc (resolv.conf, hosts…). The set must hold a network
    /// namespace; the name need not be in /run/netns.
    /// </summary>
    public string? NetnsName { get; init; }

    /// <summary>
    /// A fresh /proc for the set's pid namespace, in a private copy of the mount namespace (<c>unshare --mount-proc</c>):
    /// <c>ps</c> inside shows only the namespace's processes. The set must hold a pid namespace.
    /// </summary>
    public bool MountProc { get; init; }

    /// <summary>Kill the process (SIGKILL) when the set it was started in is disposed. Default <see langword="true"/>.</summary>
    public bool KillOnDispose { get; init; } = true;

    /// <summary>
    /// Kill the process (PR_SET_PDEATHSIG, SIGKILL) when this process dies, however it dies (SIGKILL included).
    /// Default <see langword="true"/>. A process started in a pid namespace dies with this process whatever this says:
    /// its parent, the helper that forwards signals and its exit status, dies with it.
    /// </summary>
    public bool KillWhenParentDies { get; init; } = true;

    internal static readonly ProcessOptions Default = new();
}

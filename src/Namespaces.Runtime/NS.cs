using System;

namespace Namespaces;

/// <summary>
/// Linux namespace types. Values are the kernel's <c>CLONE_NEW*</c> flags, so they combine
/// with <c>|</c> and can be passed to <c>unshare(2)</c>, <c>clone(2)</c> and <c>setns(2)</c> as they are.
/// </summary>
[Flags]
public enum NS
{
    /// <summary>No namespace. Where a set of namespaces is asked for, it means "all that apply".</summary>
    None = 0,

    /// <summary>Time namespace (<c>CLONE_NEWTIME</c>): boot-time and monotonic clock offsets. Cannot be joined by a multithreaded process.</summary>
    Time = 0x00000080,

    /// <summary>Mount namespace (<c>CLONE_NEWNS</c>): the mount table.</summary>
    Mnt = 0x00020000,

    /// <summary>Cgroup namespace (<c>CLONE_NEWCGROUP</c>): the cgroup root seen in /proc/self/cgroup.</summary>
    Cgroup = 0x02000000,

    /// <summary>UTS namespace (<c>CLONE_NEWUTS</c>): hostname and NIS domain name.</summary>
    Uts = 0x04000000,

    /// <summary>IPC namespace (<c>CLONE_NEWIPC</c>): System V IPC and POSIX message queues.</summary>
    Ipc = 0x08000000,

    /// <summary>User namespace (<c>CLONE_NEWUSER</c>): uids, gids and capabilities. Cannot be joined by a multithreaded process.</summary>
    User = 0x10000000,

    /// <summary>PID namespace (<c>CLONE_NEWPID</c>): process ids. Joining it changes where the thread's child processes go.</summary>
    Pid = 0x20000000,

    /// <summary>Network namespace (<c>CLONE_NEWNET</c>): interfaces, routes, sockets, firewall.</summary>
    Net = 0x40000000,
}

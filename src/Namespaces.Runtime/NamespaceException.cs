using System;
using System.Diagnostics;
using System.IO;

namespace Namespaces;

/// <summary>
/// A namespace operation failed in the kernel. <see cref="Errno"/> is the error number the kernel returned
/// and <see cref="Namespace"/> the namespace involved (<see cref="NS.None"/> when none in particular).
/// </summary>
public class NamespaceException : IOException
{
    /// <summary>Creates an exception for a failed namespace operation.</summary>
    /// <param name="message">What failed and what to do about it.</param>
    /// <param name="errno">The kernel's error number (0 when the failure is not a system call's).</param>
    /// <param name="ns">The namespace involved.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public NamespaceException(string message, int errno, NS ns, Exception? innerException = null)
        : base(message, innerException)
    {
        Errno = errno;
        Namespace = ns;
        HResult = errno;
    }

    /// <summary>Creates an exception for a failed namespace operation from the typed errno the interop layer returns.</summary>
    internal NamespaceException(string message, Interop.Error error, NS ns, Exception? innerException = null)
        : this(message, (int)error, ns, innerException)
    {
    }

    /// <summary>The kernel's error number, e.g. 1 for EPERM.</summary>
    public int Errno { get; }

    /// <summary>The namespace the operation concerned.</summary>
    public NS Namespace { get; }

    /// <summary>The symbolic name of <see cref="Errno"/>, e.g. "EPERM", for logs and for matching without magic numbers.</summary>
    public string ErrnoName => ((Interop.Error)Errno).Name();

    /// <summary>What EPERM means for operations that mount: the capability is checked against the mount namespace holding the target.</summary>
    internal const string MountPermissionHint =
        " Mounting needs CAP_SYS_ADMIN over the mount namespace that holds the target: for /run/netns that is the host's, which a process in a user namespace of its own (`unshare -Ur`) does not have.";

    /// <summary>Builds the message for a failed system call, adding what usually causes that errno.</summary>
    /// <param name="operation">What was attempted, as the start of a sentence.</param>
    /// <param name="errno">The kernel's error.</param>
    /// <param name="ns">The namespace concerned.</param>
    /// <param name="path">The file involved, if any.</param>
    /// <param name="permissionHint">What EPERM means here, when not the usual CAP_SYS_ADMIN advice.</param>
    internal static NamespaceException FromErrno(string operation, Interop.Error errno, NS ns, string? path = null, string? permissionHint = null)
    {
        Debug.Assert(errno != Interop.Error.SUCCESS, "a call that succeeded is no failure");
        string subject = ns == NS.None ? "" : $" ({NamespaceKinds.Describe(ns)} namespace)";
        string where = path is null ? "" : $" '{path}'";
        string hint = errno switch
        {
            Interop.Error.EPERM when permissionHint is not null => permissionHint,
            Interop.Error.EPERM => " Creating, joining or mounting namespaces needs CAP_SYS_ADMIN in the user namespace that owns them: run as root, grant the capability, or run rootless under `unshare -Ur`.",
            Interop.Error.EACCES => " Permission denied: the caller lacks the rights on the path or the namespace (root or CAP_SYS_ADMIN is usually required).",
            Interop.Error.ENOSPC => " A per-user namespace limit was reached (see /proc/sys/user/max_*_namespaces).",
            Interop.Error.EUSERS => " The kernel refuses this in a multithreaded process (every .NET process is one).",
            _ => "",
        };
        return new NamespaceException($"{operation}{where}{subject} failed: {errno.Describe()}.{hint}", errno, ns);
    }
}

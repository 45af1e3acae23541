using System.Runtime.InteropServices;

internal static partial class Interop
{
    /// <summary>errno values the runtime reacts to (asm-generic numbering, shared by x86-64 and arm64).</summary>
    internal static class Errno
    {
        internal const int EPERM = 1;
        internal const int ENOENT = 2;
        internal const int ESRCH = 3;
        internal const int EINTR = 4;
        internal const int EBADF = 9;
        internal const int ECHILD = 10;
        internal const int EAGAIN = 11;
        internal const int ENOMEM = 12;
        internal const int EACCES = 13;
        internal const int EBUSY = 16;
        internal const int EEXIST = 17;
        internal const int ENOTDIR = 20;
        internal const int EISDIR = 21;
        internal const int EINVAL = 22;
        internal const int ENOSPC = 28;
        internal const int ELOOP = 40;
        internal const int ENOTTY = 25;
        internal const int EUSERS = 87;
        internal const int ENOTSUP = 95;

        /// <summary>The symbolic name of an errno, for messages ("EPERM"); the number when unknown.</summary>
        internal static string Name(int errno) => errno switch
        {
            EPERM => "EPERM",
            ENOENT => "ENOENT",
            ESRCH => "ESRCH",
            EINTR => "EINTR",
            EBADF => "EBADF",
            ECHILD => "ECHILD",
            EAGAIN => "EAGAIN",
            ENOMEM => "ENOMEM",
            EACCES => "EACCES",
            EBUSY => "EBUSY",
            EEXIST => "EEXIST",
            ENOTDIR => "ENOTDIR",
            EISDIR => "EISDIR",
            EINVAL => "EINVAL",
            ENOSPC => "ENOSPC",
            ELOOP => "ELOOP",
            ENOTTY => "ENOTTY",
            EUSERS => "EUSERS",
            ENOTSUP => "ENOTSUP",
            _ => "errno " + errno,
        };

        /// <summary>"EPERM (Operation not permitted)".</summary>
        internal static string Describe(int errno) => $"{Name(errno)} ({Marshal.GetPInvokeErrorMessage(errno)})";
    }
}

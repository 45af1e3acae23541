using System.Runtime.InteropServices;

internal static partial class Interop
{
    /// <summary>The CLONE_* flags that are not namespaces (those are <see cref="Namespaces.NS"/>'s values), linux/sched.h.</summary>
    internal static class CloneFlags
    {
        internal const int CLONE_VM = 0x00000100;
        internal const int CLONE_FS = 0x00000200;
        internal const int CLONE_FILES = 0x00000400;
    }

    // glibc's clone(fn, stack, flags, arg, parent_tid, tls, child_tid). The child calls fn(arg) on `stack`,
    // sharing our memory when CLONE_VM is set; fn is a native function, never managed code.
    [LibraryImport(Libraries.Libc, EntryPoint = "clone", SetLastError = true)]
    private static unsafe partial int CloneRaw(nint function, void* stackTop, int flags, nint argument, nint parentTid, nint tls, nint childTid);

    /// <summary>
    /// Starts a child that blocks in one system call until it is killed, and runs no managed code and no
    /// libc code that touches thread-local state: its entry point is libc's <c>syscall</c>, its argument the
    /// number of a call that waits forever. clone(2) is never interrupted (the kernel restarts it itself).
    /// </summary>
    /// <param name="flags">CLONE_* flags; the low byte (exit signal) must be 0 so no SIGCHLD is ever sent.</param>
    /// <param name="stackTop">The top of a native stack that outlives the child.</param>
    /// <param name="pid">The child's pid; 0 on failure.</param>
    internal static unsafe Error CloneBlockedChild(int flags, void* stackTop, out int pid)
    {
        System.Diagnostics.Debug.Assert((flags & 0xff) == 0, "an exit signal would send SIGCHLD for a child nobody else may reap");
        (nint entry, nint waitForever) = BlockedChildEntry.Value;
        // parent_tid, tls and child_tid are unused by the kernel (no CLONE_*SETTID/SETTLS flags) but arm64's
        // libc passes them on as ppoll's nfds, timeout and sigmask: zero means "no fds, no timeout, no mask".
        int rc = CloneRaw(entry, stackTop, flags, waitForever, 0, 0, 0);
        pid = rc < 0 ? 0 : rc;
        return Check(rc);
    }

    private static readonly System.Lazy<(nint Entry, nint WaitForever)> BlockedChildEntry = new(() =>
    {
        nint libc = NativeLibrary.Load(Libraries.Libc, typeof(Interop).Assembly, null);
        nint syscall = NativeLibrary.GetExport(libc, "syscall");
        nint waitForever = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => 34,   // pause(): no arguments.
            Architecture.Arm64 => 73, // ppoll(): arm64 has no pause; with nfds 0 and no timeout it blocks the same way.
            var other => throw new System.PlatformNotSupportedException(
                $"Creating user and pid namespaces needs a clone child whose blocking system call is known for {other}; x86-64 and arm64 are supported."),
        };
        return (syscall, waitForever);
    });
}

using System.Runtime.InteropServices;

internal static partial class Interop
{
    // glibc's clone(fn, stack, flags, arg, parent_tid, tls, child_tid). The child calls fn(arg) on `stack`,
    // sharing our memory when CLONE_VM is set; fn is a native function, never managed code.
    [LibraryImport(Libraries.Libc, EntryPoint = "clone", SetLastError = true)]
    private static unsafe partial int CloneRaw(nint function, void* stackTop, int flags, nint argument, nint parentTid, nint tls, nint childTid);

    /// <summary>
    /// Starts a child that blocks in one system call until it is killed, and runs no managed code and no
    /// libc code that touches thread-local state: its entry point is libc's <c>syscall</c>, its argument the
    /// number of a call that waits forever. Returns the pid, or -errno.
    /// </summary>
    /// <param name="flags">CLONE_* flags; the low byte (exit signal) must be 0 so no SIGCHLD is ever sent.</param>
    /// <param name="stackTop">The top of a native stack that outlives the child.</param>
    internal static unsafe int CloneBlockedChild(int flags, void* stackTop)
    {
        (nint entry, nint waitForever) = BlockedChildEntry.Value;
        // parent_tid, tls and child_tid are unused by the kernel (no CLONE_*SETTID/SETTLS flags) but arm64's
        // libc passes them on as ppoll's nfds, timeout and sigmask: zero means "no fds, no timeout, no mask".
        int pid = CloneRaw(entry, stackTop, flags, waitForever, 0, 0, 0);
        return pid < 0 ? -Marshal.GetLastPInvokeError() : pid;
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

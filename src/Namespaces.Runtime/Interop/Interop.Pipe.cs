using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

internal static partial class Interop
{
    internal const short POLLIN = 0x1;
    internal const short POLLHUP = 0x10;

    [StructLayout(LayoutKind.Sequential)]
    internal struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport(Libraries.Libc, EntryPoint = "pipe2", SetLastError = true)]
    private static unsafe partial int Pipe2Raw(int* fds, int flags);

    [LibraryImport(Libraries.Libc, EntryPoint = "read", SetLastError = true)]
    private static unsafe partial nint ReadRaw(SafeFileHandle fd, byte* buffer, nint count);

    [LibraryImport(Libraries.Libc, EntryPoint = "poll", SetLastError = true)]
    private static unsafe partial int PollRaw(PollFd* fds, nuint count, int timeoutMilliseconds);

    /// <summary>pipe2(O_CLOEXEC).</summary>
    internal static unsafe Error Pipe(out SafeFileHandle read, out SafeFileHandle write)
    {
        int* fds = stackalloc int[2];
        Error error = Check(Pipe2Raw(fds, OpenFlags.O_CLOEXEC));
        read = new SafeFileHandle(error == Error.SUCCESS ? fds[0] : -1, ownsHandle: true);
        write = new SafeFileHandle(error == Error.SUCCESS ? fds[1] : -1, ownsHandle: true);
        return error;
    }

    /// <summary>read(2), EINTR retried; <paramref name="count"/> is 0 at end of file.</summary>
    internal static unsafe Error Read(SafeFileHandle fd, System.Span<byte> buffer, out int count)
    {
        nint rc;
        fixed (byte* p = buffer)
        {
            do
            {
                rc = ReadRaw(fd, p, buffer.Length);
            }
            while (Interrupted(rc));
        }
        count = rc < 0 ? 0 : (int)rc;
        return Check(rc);
    }

    /// <summary>poll(2) on two descriptors, EINTR retried (with the full timeout again: callers wait for ever or not at all).</summary>
    internal static unsafe Error Poll(System.Span<PollFd> fds, int timeoutMilliseconds, out int ready)
    {
        int rc;
        fixed (PollFd* p = fds)
        {
            do
            {
                rc = PollRaw(p, (nuint)fds.Length, timeoutMilliseconds);
            }
            while (Interrupted(rc));
        }
        ready = rc < 0 ? 0 : rc;
        return Check(rc);
    }
}

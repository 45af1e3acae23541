using System;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Namespaces.Processes;

/// <summary>
/// The pipe on which the native helper reports (<see cref="NativeReport"/>). The helper opens the write end through
/// /proc/PID/fd (close-on-exec), so at a successful exec the last writer goes and the read end sees EOF; until the
/// helper has said 'O' we hold a write end too, so each wait also watches the helper's pidfd: a helper that dies
/// before reporting cannot leave the caller blocked.
/// </summary>
internal sealed class StatusPipe : IDisposable
{
    private readonly SafeFileHandle _read;
    private SafeFileHandle? _write;

    private StatusPipe(SafeFileHandle read, SafeFileHandle write)
    {
        _read = read;
        _write = write;
        WriteEndPath = ProcPath.Of(write);
    }

    /// <summary>/proc/PID/fd/N of the write end, for the helper's -s.</summary>
    public string WriteEndPath { get; }

    public static StatusPipe Create()
    {
        Interop.Error error = Interop.Pipe(out SafeFileHandle read, out SafeFileHandle write);
        if (error != Interop.Error.SUCCESS)
        {
            read.Dispose();
            write.Dispose();
            throw NamespaceException.FromErrno("Creating the status pipe of the native helper", error, NS.None);
        }

        return new StatusPipe(read, write);
    }

    /// <summary>Drops our write end once the helper holds its own: EOF then means every writer exec'd or exited.</summary>
    public void CloseWriteEnd()
    {
        _write?.Dispose();
        _write = null;
    }

    /// <summary>
    /// The next report; false at EOF, or when the helper exited without writing one: watched through
    /// <paramref name="pidfd"/> (a child only we reap) or, for a child .NET reaps, by asking <paramref name="exited"/>
    /// every 20 ms while the pipe is silent (a pidfd cannot be opened once .NET has reaped it).
    /// </summary>
    public unsafe bool TryRead(SafeFileHandle? pidfd, Func<bool>? exited, out NativeReport report)
    {
        Debug.Assert(pidfd is not null || exited is not null);
        report = default;
        Span<Interop.PollFd> fds = stackalloc Interop.PollFd[2];
        bool added = false;
        try
        {
            pidfd?.DangerousAddRef(ref added);
            fds[0] = new Interop.PollFd { Fd = (int)_read.DangerousGetHandle(), Events = Interop.POLLIN };
            fds[1] = new Interop.PollFd { Fd = pidfd is null ? -1 : (int)pidfd.DangerousGetHandle(), Events = Interop.POLLIN };
            bool last = false;
            while (true)
            {
                Interop.Error error = Interop.Poll(fds, last ? 0 : pidfd is null ? 20 : -1, out int ready);
                if (error != Interop.Error.SUCCESS)
                {
                    throw NamespaceException.FromErrno("Waiting for the native helper", error, NS.None);
                }

                if (ready > 0 || last)
                {
                    break;
                }

                last = exited!(); // one more look at the pipe: it may have reported just before it exited
            }
        }
        finally
        {
            if (added)
            {
                pidfd!.DangerousRelease();
            }
        }

        // The pipe first: a helper that reported and then exited has a record waiting. Reports are written whole
        // (16 bytes, far below PIPE_BUF), so a read gets all of one or nothing.
        if ((fds[0].Revents & (Interop.POLLIN | Interop.POLLHUP)) == 0)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[sizeof(NativeReport)];
        Interop.Error readError = Interop.Read(_read, bytes, out int count);
        if (readError != Interop.Error.SUCCESS)
        {
            throw NamespaceException.FromErrno("Reading the native helper's status", readError, NS.None);
        }

        if (count != bytes.Length)
        {
            return false;
        }

        report = MemoryMarshal.Read<NativeReport>(bytes);
        return true;
    }

    public void Dispose()
    {
        _read.Dispose();
        _write?.Dispose();
    }
}

using System.Runtime.InteropServices;

internal static partial class Interop
{
    private const int SIG_SETMASK = 2;

    // pthread_sigmask returns its error number instead of setting errno, so no SetLastError: the result is the Error.
    [LibraryImport(Libraries.Libc, EntryPoint = "pthread_sigmask")]
    private static unsafe partial int PthreadSigMaskRaw(int how, SignalSet* set, SignalSet* oldSet);

    /// <summary>sigset_t as glibc lays it out: 1024 bits.</summary>
    [System.Runtime.CompilerServices.InlineArray(128)]
    internal struct SignalSet
    {
        private byte _first;
    }

    /// <summary>Blocks every signal on the calling thread (the kernel quietly keeps SIGKILL and SIGSTOP deliverable).</summary>
    /// <param name="previous">The mask to give <see cref="RestoreSignals"/>.</param>
    internal static unsafe Error BlockAllSignals(out SignalSet previous)
    {
        SignalSet all = default;
        ((System.Span<byte>)all).Fill(0xff);
        previous = default;
        fixed (SignalSet* old = &previous)
        {
            return (Error)PthreadSigMaskRaw(SIG_SETMASK, &all, old);
        }
    }

    /// <summary>Restores a mask saved by <see cref="BlockAllSignals"/>.</summary>
    internal static unsafe Error RestoreSignals(in SignalSet previous)
    {
        fixed (SignalSet* mask = &previous)
        {
            return (Error)PthreadSigMaskRaw(SIG_SETMASK, mask, null);
        }
    }
}

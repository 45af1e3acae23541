using System.Runtime.InteropServices;

internal static partial class Interop
{
    private const int SIG_SETMASK = 2;

    [LibraryImport(Libraries.Libc, EntryPoint = "pthread_sigmask")]
    private static unsafe partial int PthreadSigMask(int how, byte* set, byte* oldSet);

    /// <summary>sigset_t as glibc lays it out: 1024 bits.</summary>
    [System.Runtime.CompilerServices.InlineArray(128)]
    internal struct SignalSet
    {
        private byte _first;
    }

    /// <summary>Blocks every signal on the calling thread and returns the previous mask.</summary>
    internal static unsafe SignalSet BlockAllSignals()
    {
        SignalSet all = default;
        SignalSet previous = default;
        ((System.Span<byte>)all).Fill(0xff);
        PthreadSigMask(SIG_SETMASK, (byte*)&all, (byte*)&previous);
        return previous;
    }

    /// <summary>Restores a mask returned by <see cref="BlockAllSignals"/>.</summary>
    internal static unsafe void RestoreSignals(SignalSet previous) => PthreadSigMask(SIG_SETMASK, (byte*)&previous, null);
}

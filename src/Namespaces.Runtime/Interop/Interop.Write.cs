using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

internal static partial class Interop
{
    [LibraryImport(Libraries.Libc, EntryPoint = "write", SetLastError = true)]
    private static unsafe partial nint WriteRaw(SafeFileHandle fd, byte* buffer, nint count);

    /// <summary>One write(2) of the whole buffer, EINTR retried: /proc files such as uid_map accept a single write only, so a short write is EINVAL.</summary>
    internal static unsafe Error WriteAll(SafeFileHandle fd, System.ReadOnlySpan<byte> bytes)
    {
        fixed (byte* p = bytes)
        {
            nint written;
            do
            {
                written = WriteRaw(fd, p, bytes.Length);
            }
            while (Interrupted(written));
            if (written < 0)
            {
                return GetLastError();
            }

            return written == bytes.Length ? Error.SUCCESS : Error.EINVAL;
        }
    }
}

using System.Runtime.InteropServices;
using System.Text;

internal static partial class Interop
{
    [LibraryImport(Libraries.Libc, EntryPoint = "readlink", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static unsafe partial nint ReadLinkRaw(string path, byte* buffer, nint size);

    /// <summary>readlink(2): the target of a symlink such as /proc/self/fd/5 ("net:[4026531840]"), or null with the errno.</summary>
    internal static unsafe string? ReadLink(string path, out int errno)
    {
        byte* buffer = stackalloc byte[256];
        nint length = ReadLinkRaw(path, buffer, 256);
        if (length < 0)
        {
            errno = Marshal.GetLastPInvokeError();
            return null;
        }
        errno = 0;
        return Encoding.UTF8.GetString(buffer, (int)length);
    }
}

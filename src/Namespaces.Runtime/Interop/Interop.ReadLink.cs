using System.Runtime.InteropServices;
using System.Text;

internal static partial class Interop
{
    private const int PATH_MAX = 4096;

    [LibraryImport(Libraries.Libc, EntryPoint = "readlink", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static unsafe partial nint ReadLinkRaw(string path, byte* buffer, nint size);

    /// <summary>
    /// readlink(2), EINTR retried: <paramref name="target"/> is the text of a symlink such as /proc/self/fd/5
    /// ("net:[4026531840]"), null on failure; ENAMETOOLONG when it fills PATH_MAX (readlink would cut it without a word).
    /// </summary>
    internal static unsafe Error ReadLink(string path, out string? target)
    {
        target = null;
        byte* buffer = stackalloc byte[PATH_MAX];
        nint length;
        do
        {
            length = ReadLinkRaw(path, buffer, PATH_MAX);
        }
        while (Interrupted(length));
        if (length < 0)
        {
            return GetLastError();
        }

        if (length == PATH_MAX)
        {
            return Error.ENAMETOOLONG;
        }

        target = Encoding.UTF8.GetString(buffer, (int)length);
        return Error.SUCCESS;
    }
}

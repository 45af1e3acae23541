using System.Runtime.InteropServices;

internal static partial class Interop
{
    [LibraryImport(Libraries.Libc, EntryPoint = "unlink", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int UnlinkRaw(string path);

    /// <summary>unlink(2), EINTR retried; EBUSY while something is mounted on the file.</summary>
    internal static Error Unlink(string path)
    {
        int rc;
        do
        {
            rc = UnlinkRaw(path);
        }
        while (Interrupted(rc));
        return Check(rc);
    }
}

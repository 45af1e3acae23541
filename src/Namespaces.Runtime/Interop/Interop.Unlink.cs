using System.Runtime.InteropServices;

internal static partial class Interop
{
    [LibraryImport(Libraries.Libc, EntryPoint = "unlink", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int UnlinkRaw(string path);

    /// <summary>unlink(2); returns 0 or the errno (EBUSY while something is mounted on the file).</summary>
    internal static int Unlink(string path) => UnlinkRaw(path) < 0 ? Marshal.GetLastPInvokeError() : 0;
}

using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

internal static partial class Interop
{
    [LibraryImport(Libraries.Libc, EntryPoint = "fsetxattr", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static unsafe partial int FSetXattrRaw(SafeFileHandle fd, string name, byte* value, nint size, int flags);

    [LibraryImport(Libraries.Libc, EntryPoint = "lgetxattr", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static unsafe partial nint LGetXattrRaw(string path, string name, byte* value, nint size);

    /// <summary>fsetxattr(2) with an empty value: marks an open file. ENOTSUP/EOPNOTSUPP where the file system has no such attributes.</summary>
    internal static unsafe Error SetEmptyAttribute(SafeFileHandle fd, string name)
    {
        byte none = 0;
        int rc;
        do
        {
            rc = FSetXattrRaw(fd, name, &none, 0, 0);
        }
        while (Interrupted(rc));
        return Check(rc);
    }

    /// <summary>Whether the file at <paramref name="path"/> (not followed if a symlink) carries attribute <paramref name="name"/>.</summary>
    internal static unsafe bool HasAttribute(string path, string name)
    {
        nint rc;
        do
        {
            rc = LGetXattrRaw(path, name, null, 0);
        }
        while (Interrupted(rc));
        return rc >= 0;
    }
}

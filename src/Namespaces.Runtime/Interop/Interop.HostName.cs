using System.Runtime.InteropServices;
using System.Text;

internal static partial class Interop
{
    [LibraryImport(Libraries.Libc, EntryPoint = "sethostname", SetLastError = true)]
    private static unsafe partial int SetHostNameRaw(byte* name, nint length);

    /// <summary>sethostname(2) in the calling thread's UTS namespace (never interrupted: it does not sleep).</summary>
    internal static unsafe Error SetHostName(string name)
    {
        byte[] bytes = Encoding.ASCII.GetBytes(name);
        fixed (byte* p = bytes)
        {
            return Check(SetHostNameRaw(p, bytes.Length));
        }
    }
}

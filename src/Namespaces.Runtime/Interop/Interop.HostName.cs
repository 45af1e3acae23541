using System.Runtime.InteropServices;
using System.Text;

internal static partial class Interop
{
    [LibraryImport(Libraries.Libc, EntryPoint = "sethostname", SetLastError = true)]
    private static unsafe partial int SetHostNameRaw(byte* name, nint length);

    /// <summary>sethostname(2) in the calling thread's UTS namespace; returns 0 or the errno.</summary>
    internal static unsafe int SetHostName(string name)
    {
        byte[] bytes = Encoding.ASCII.GetBytes(name);
        fixed (byte* p = bytes)
        {
            return SetHostNameRaw(p, bytes.Length) < 0 ? Marshal.GetLastPInvokeError() : 0;
        }
    }
}

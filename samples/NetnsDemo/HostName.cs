using System.Runtime.InteropServices;
using System.Text;

/// <summary>sethostname(2): the hostname of the calling thread's UTS namespace.</summary>
internal static partial class HostName
{
    public static void Set(string name)
    {
        byte[] bytes = Encoding.ASCII.GetBytes(name);
        if (sethostname(bytes, bytes.Length) != 0)
            throw new System.ComponentModel.Win32Exception(Marshal.GetLastPInvokeError(), "sethostname failed");
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int sethostname(byte[] name, nint length);
}

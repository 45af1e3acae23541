using System;
using System.Runtime.InteropServices;
using System.Text;

namespace Namespaces.Generators.EndToEnd.Tests;

/// <summary>The UTS hostname of the calling thread, read and written through libc.</summary>
internal static partial class Hostnames
{
    public static string Get()
    {
        var buffer = new byte[256];
        if (gethostname(buffer, (nuint)buffer.Length) != 0)
        {
            throw new InvalidOperationException("gethostname failed: errno " + Marshal.GetLastPInvokeError());
        }

        return Encoding.ASCII.GetString(buffer, 0, Array.IndexOf(buffer, (byte)0));
    }

    public static void Set(string name)
    {
        var bytes = Encoding.ASCII.GetBytes(name);
        if (sethostname(bytes, (nuint)bytes.Length) != 0)
        {
            throw new InvalidOperationException("sethostname failed: errno " + Marshal.GetLastPInvokeError());
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int gethostname(byte[] name, nuint length);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int sethostname(byte[] name, nuint length);
}

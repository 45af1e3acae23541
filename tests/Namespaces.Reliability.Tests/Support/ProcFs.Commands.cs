using System.Runtime.InteropServices;

namespace Namespaces.Reliability.Tests.Support;

internal static partial class ProcFs
{
    /// <summary>mount(source, target, NULL, MS_BIND): a bind mount the test makes itself; 0 or the errno.</summary>
    public static int BindMount(string source, string target) => mount(source, target, null, 4096, 0) == 0 ? 0 : Marshal.GetLastPInvokeError();

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int mount(string source, string target, string? type, ulong flags, nint data);
}

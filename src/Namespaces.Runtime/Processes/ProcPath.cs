using System.Globalization;
using Microsoft.Win32.SafeHandles;

namespace Namespaces.Processes;

internal static class ProcPath
{
    /// <summary>
    /// "/proc/PID/fd/N": a descriptor of this process as another process opens it (its own /proc/self is not us).
    /// Opening it gives a new open file of the same object: a namespace, or either end of a pipe.
    /// </summary>
    internal static string Of(SafeFileHandle handle) => string.Create(CultureInfo.InvariantCulture,
        $"/proc/{System.Environment.ProcessId}/fd/{handle.DangerousGetHandle().ToInt32()}");
}

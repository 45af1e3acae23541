using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Namespaces.Reliability.Tests.Support;

internal static partial class ProcFs
{
    /// <summary>Runs a program (a cross-check such as ip) to its end: its exit code and its stdout and stderr together.</summary>
    public static (int ExitCode, string Output) Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }

    /// <summary>mount(source, target, NULL, MS_BIND): a bind mount the test makes itself; 0 or the errno.</summary>
    public static int BindMount(string source, string target) => mount(source, target, null, 4096, 0) == 0 ? 0 : Marshal.GetLastPInvokeError();

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int mount(string source, string target, string? type, ulong flags, nint data);
}

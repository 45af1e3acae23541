using System.Runtime.InteropServices;

internal static partial class Interop
{
    /// <summary>The kernel thread id of the calling thread.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "gettid")]
    internal static partial int GetTid();

    /// <summary>The process id.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "getpid")]
    internal static partial int GetPid();
}

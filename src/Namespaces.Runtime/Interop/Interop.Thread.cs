using System.Runtime.InteropServices;

internal static partial class Interop
{
    /// <summary>The kernel thread id of the calling thread: gettid(2) cannot fail, so this is the one call that returns its result.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "gettid")]
    internal static partial int GetTid();
}

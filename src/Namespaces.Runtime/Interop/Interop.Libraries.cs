internal static partial class Interop
{
    internal static class Libraries
    {
        // The C library's soname: glibc and musl both answer to it through the loader's "libc.so.6"/"libc" probing.
        internal const string Libc = "libc";
    }
}

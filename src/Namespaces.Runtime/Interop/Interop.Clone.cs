internal static partial class Interop
{
    /// <summary>The CLONE_* flags that are not namespaces (those are <see cref="Namespaces.NS"/>'s values), linux/sched.h.</summary>
    internal static class CloneFlags
    {
        internal const int CLONE_FS = 0x00000200;
    }
}

namespace System.Runtime.CompilerServices;

// netstandard2.0 lacks this type; the compiler needs it for the init accessors of records.
internal static class IsExternalInit
{
}

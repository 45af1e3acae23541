using System;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

internal static partial class Interop
{
    [LibraryImport(Libraries.Libc, EntryPoint = "posix_spawn")]
    private static unsafe partial int PosixSpawnRaw(int* pid, byte* path, void* fileActions, void* attributes, byte** argv, byte** envp);

    [LibraryImport(Libraries.Libc, EntryPoint = "syscall", SetLastError = true)]
    private static partial int PidfdOpenRaw(long number, int pid, uint flags);

    /// <summary>
    /// posix_spawn(3) of <paramref name="argv"/>[0]'s program at <paramref name="path"/> with an empty environment.
    /// The C library makes the child with CLONE_VM | CLONE_VFORK (no copy of our page tables) and resets the signal
    /// handlers it inherits; its parent is the calling thread.
    /// </summary>
    internal static unsafe Error Spawn(string path, string[] argv, out int pid)
    {
        int total = Encoding.UTF8.GetByteCount(path) + 1;
        foreach (string arg in argv)
        {
            total += Encoding.UTF8.GetByteCount(arg) + 1;
        }

        byte* text = (byte*)NativeMemory.Alloc((nuint)total);
        byte** vector = (byte**)NativeMemory.Alloc((nuint)((argv.Length + 1) * sizeof(byte*)));
        try
        {
            byte* at = text;
            byte* nativePath = Put(path, ref at);
            for (int i = 0; i < argv.Length; i++)
            {
                vector[i] = Put(argv[i], ref at);
            }

            vector[argv.Length] = null;
            byte* emptyEnvironment = null;
            int child;
            int rc = PosixSpawnRaw(&child, nativePath, null, null, vector, &emptyEnvironment);
            pid = rc == 0 ? child : -1;
            return (Error)rc; // posix_spawn returns the error number itself
        }
        finally
        {
            NativeMemory.Free(vector);
            NativeMemory.Free(text);
        }

        static byte* Put(string s, ref byte* at)
        {
            byte* start = at;
            int n = Encoding.UTF8.GetBytes(s, new Span<byte>(at, Encoding.UTF8.GetByteCount(s)));
            at[n] = 0;
            at += n + 1;
            return start;
        }
    }

    /// <summary>pidfd_open(2) (Linux 5.3): a descriptor that polls readable once the process has exited.</summary>
    internal static Error PidfdOpen(int pid, out SafeFileHandle handle)
    {
        const long SYS_pidfd_open = 434; // the same number on x86-64 and arm64
        int fd = PidfdOpenRaw(SYS_pidfd_open, pid, 0);
        Error error = Check(fd);
        handle = new SafeFileHandle(error == Error.SUCCESS ? fd : -1, ownsHandle: true);
        return error;
    }
}

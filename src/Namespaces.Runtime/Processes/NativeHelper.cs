using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using Microsoft.Win32.SafeHandles;

namespace Namespaces.Processes;

/// <summary>
/// The native helper (src/Namespaces.Native/nsexec.c), embedded in this assembly for linux-x64 and linux-arm64 and
/// run from a sealed memfd: nothing is written to disk, no exec bit has to survive a NuGet package, and the same
/// bytes serve framework-dependent, self-contained, single-file and NativeAOT apps. Loaded once, on first need.
/// </summary>
internal static class NativeHelper
{
    private static readonly object s_lock = new();
    private static SafeFileHandle? s_file;
    private static string? s_path;

    /// <summary>The path to exec it by: /proc/self/fd/N (each child resolves it in its own, inherited, fd table).</summary>
    /// <exception cref="NamespaceException">It is missing for this architecture or could not be loaded (tried again
    /// at the next call: a full descriptor table passes); the message says what to do.</exception>
    public static string Path
    {
        get
        {
            if (Volatile.Read(ref s_path) is { } path)
            {
                return path;
            }

            lock (s_lock)
            {
                s_file ??= Load();
                s_path = NamespaceFile.FdPath(s_file);
                return s_path;
            }
        }
    }

    /// <summary>The resource name for this process's architecture.</summary>
    internal static string ResourceName => "Namespaces.Native.nsexec." + RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => "linux-x64",
        Architecture.Arm64 => "linux-arm64",
        var other => "linux-" + other.ToString().ToLowerInvariant(),
    };

    private static SafeFileHandle Load()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("Namespaces starts processes on Linux only.");
        }

        using Stream? image = typeof(NativeHelper).Assembly.GetManifestResourceStream(ResourceName);
        if (image is null)
        {
            throw new NamespaceException(
                $"The native helper for {RuntimeInformation.ProcessArchitecture} ({ResourceName}) is not in {typeof(NativeHelper).Assembly.GetName().Name}.dll: it was built without the compiler for that architecture (x64: 'apt-get install gcc'; arm64: 'apt-get install gcc-aarch64-linux-gnu'). Starting processes and creating user, pid and time namespaces need it; everything else works.",
                Interop.Error.ENOEXEC, NS.None);
        }

        Interop.Error error = Interop.MemfdCreate("namespaces-nsexec", Interop.MFD_ALLOW_SEALING | Interop.MFD_EXEC, out SafeFileHandle file);
        if (error == Interop.Error.EINVAL)
        {
            file.Dispose();
            error = Interop.MemfdCreate("namespaces-nsexec", Interop.MFD_ALLOW_SEALING, out file); // before Linux 6.3
        }

        if (error != Interop.Error.SUCCESS)
        {
            file.Dispose();
            throw NamespaceException.FromErrno("Creating the memfd for the native helper (memfd_create; vm.memfd_noexec=2 forbids executable memfds)", error, NS.None);
        }

        try
        {
            byte[] bytes = new byte[image.Length];
            image.ReadExactly(bytes);
            error = Interop.WriteAll(file, bytes);
            if (error == Interop.Error.SUCCESS)
            {
                error = Interop.AddSeals(file, Interop.F_SEAL_SEAL | Interop.F_SEAL_SHRINK | Interop.F_SEAL_GROW | Interop.F_SEAL_WRITE);
            }

            if (error != Interop.Error.SUCCESS)
            {
                throw NamespaceException.FromErrno("Writing and sealing the native helper's memfd", error, NS.None);
            }

            return file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }
}

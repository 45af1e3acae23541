using System;
using System.Globalization;
using Microsoft.Win32.SafeHandles;
using static Interop.OpenFlags;

namespace Namespaces;

/// <summary>Opens namespace files (/proc/PID/ns/*, bind mounts of them) and proves they are what the caller asked for.</summary>
internal static class NamespaceFile
{
    /// <summary>Opens <paramref name="path"/> and checks it is a namespace of type <paramref name="expected"/>.</summary>
    internal static SafeFileHandle Open(string path, NS expected) => OpenCore(null, path, expected, path, procLink: false);

    /// <summary>Opens <paramref name="name"/> relative to an open directory (one /proc/PID, so a recycled pid cannot mix processes).</summary>
    internal static SafeFileHandle OpenAt(SafeFileHandle directory, string name, NS expected, string displayPath)
        => OpenCore(directory, name, expected, displayPath, procLink: false);

    /// <summary>
    /// Opens a /proc namespace link this library named itself (/proc/thread-self/ns/net, /proc/PID/ns/user of its own
    /// clone child): it cannot be a FIFO or a device, so it is opened directly; NS_GET_NSTYPE still confirms the type.
    /// </summary>
    internal static SafeFileHandle OpenProcLink(string path, NS expected) => OpenCore(null, path, expected, path, procLink: true);

    /// <summary>As <see cref="OpenProcLink"/>, relative to an open /proc/PID directory.</summary>
    internal static SafeFileHandle OpenProcLinkAt(SafeFileHandle directory, string name, NS expected, string displayPath)
        => OpenCore(directory, name, expected, displayPath, procLink: true);

    private static SafeFileHandle OpenCore(SafeFileHandle? directory, string path, NS expected, string displayPath, bool procLink)
    {
        int flags = procLink ? O_RDONLY : O_PATH;
        Interop.Error error = directory is null ? Interop.Open(path, flags, out SafeFileHandle handle) : Interop.OpenAt(directory, path, flags, out handle);
        if (error != Interop.Error.SUCCESS)
        {
            throw NamespaceException.FromErrno("Opening namespace file", error, expected, displayPath);
        }

        return procLink ? CheckType(handle, displayPath, expected) : Reopen(handle, displayPath, expected);
    }

    /// <summary>
    /// Turns an O_PATH handle (which cannot block on a FIFO or wake a device) into a readable one, but only after
    /// fstatfs says the file lives on nsfs; then NS_GET_NSTYPE must name the expected type.
    /// </summary>
    private static SafeFileHandle Reopen(SafeFileHandle located, string path, NS expected)
    {
        using (located)
        {
            Interop.Error error = Interop.GetFileSystemType(located, out long fsType);
            if (error != Interop.Error.SUCCESS)
            {
                throw NamespaceException.FromErrno("Inspecting namespace file", error, expected, path);
            }

            if (fsType != Interop.NSFS_MAGIC)
            {
                throw new NamespaceException(
                    $"'{path}' is not a namespace file (its file system is 0x{fsType:x}, not nsfs); expected a {NamespaceKinds.ProcName(expected)} namespace such as /proc/PID/ns/{NamespaceKinds.ProcName(expected)} or a bind mount of one.",
                    Interop.Error.EINVAL, expected);
            }

            string self = FdPath(located);
            error = Interop.Open(self, O_RDONLY | O_NONBLOCK | O_NOCTTY, out SafeFileHandle handle);
            if (error != Interop.Error.SUCCESS)
            {
                throw NamespaceException.FromErrno("Opening namespace file", error, expected, path);
            }

            return CheckType(handle, path, expected);
        }
    }

    /// <summary>"/proc/self/fd/N": the path through which the kernel reaches an open fd (for a reopen, a bind mount's source, readlink).</summary>
    internal static string FdPath(SafeFileHandle handle) => "/proc/self/fd/" + handle.DangerousGetHandle().ToInt32().ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Whether <paramref name="path"/>, opened O_PATH with <paramref name="flags"/>, is on the file system whose magic
    /// is <paramref name="magic"/>; <paramref name="where"/> is then where it really is (readlink of the fd).
    /// </summary>
    internal static bool IsOnFileSystem(string path, int flags, long magic, out string? where)
    {
        where = null;
        if (Interop.Open(path, O_PATH | flags, out SafeFileHandle handle) != Interop.Error.SUCCESS)
        {
            handle.Dispose();
            return false;
        }

        using (handle)
        {
            if (Interop.GetFileSystemType(handle, out long type) != Interop.Error.SUCCESS || type != magic)
            {
                return false;
            }

            where = Interop.ReadLink(FdPath(handle), out string? real) == Interop.Error.SUCCESS ? real : path;
            return true;
        }
    }

    /// <summary>NS_GET_NSTYPE must name <paramref name="expected"/>; otherwise the handle is closed and the error names what it is.</summary>
    private static SafeFileHandle CheckType(SafeFileHandle handle, string path, NS expected)
    {
        Interop.Error error = Interop.GetNamespaceType(handle, out int type);
        if (error == Interop.Error.SUCCESS && type == (int)expected)
        {
            return handle;
        }

        handle.Dispose();
        string actual = error != Interop.Error.SUCCESS ? "not a namespace" : "a " + NamespaceKinds.ProcName((NS)type) + " namespace";
        throw new NamespaceException($"'{path}' is {actual}, not a {NamespaceKinds.ProcName(expected)} namespace.", Interop.Error.EINVAL, expected);
    }

    /// <summary>
    /// The kernel's name for the namespace behind a handle, e.g. "net:[4026532281]": the namespace's type and inode,
    /// as /proc/PID/ns links show it (reading the link of our fd would give a bind mount's path instead).
    /// </summary>
    internal static string Id(SafeFileHandle handle, NS ns)
    {
        Interop.Error error = Interop.GetInode(handle, out ulong inode);
        if (error != Interop.Error.SUCCESS)
        {
            throw NamespaceException.FromErrno("Reading the inode of", error, ns);
        }

        return string.Create(CultureInfo.InvariantCulture, $"{NamespaceKinds.ProcName(ns)}:[{inode}]");
    }
}

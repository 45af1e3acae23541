using System;
using System.Globalization;
using Microsoft.Win32.SafeHandles;
using Namespaces.Processes;
using Namespaces.Threading;

namespace Namespaces.Creation;

/// <summary>
/// Creates namespaces in the native helper, which a multithreaded process cannot do itself: a user namespace
/// (unshare), a pid namespace with its init, a time namespace with clock offsets (timens_offsets exists for a main
/// thread only), and anything made from a set that holds a user namespace (the helper joins it first, so what it
/// creates is owned by it, as gonso's child does). The helper is exec'd from the launcher thread (posix_spawn: no
/// copy of our page tables, a fresh descriptor table), joins the source's namespaces (nsenter's order: the user namespace after those it does not need, mount last),
/// unshares, writes the offsets, and holds; with a new pid namespace it forks the init as our own child and exits.
/// We write the id maps (the helper's mapper does, for a user namespace made inside a set's), open /proc/HOLDER/ns/*,
/// and kill the holder unless it is a pid namespace's init.
/// </summary>
internal static class NativeCreation
{
    /// <summary>Whether <see cref="Create"/> is the way to make <paramref name="namespaces"/> from <paramref name="source"/>.</summary>
    public static bool IsNeeded(NamespaceSet? source, NS namespaces, UnshareOptions options)
        => (namespaces & (NS.User | NS.Pid | NS.Time)) != 0
           || options.HasClockOffsets
           || (source is not null && source.Contains(NS.User) && !HomeNamespaces.IsHome(source, NS.User));

    /// <summary>Creates <paramref name="namespaces"/>, opening each into <paramref name="handles"/>; returns the new pid namespace's init.</summary>
    public static ChildProcess? Create(NamespaceSet? source, NS namespaces, UnshareOptions options, NamespaceHandles handles)
    {
        string subject = $"Creating {NamespaceKinds.Describe(namespaces)} namespaces" + (source is null ? "" : " from " + source);
        using var status = StatusPipe.Create();
        using var command = new HelperCommand(subject);
        command.AddChannels(status);
        if (options.HasClockOffsets)
        {
            command.Add("-o", "/proc/self/timens_offsets");
        }

        if (source is not null)
        {
            // Not the source's pid namespace: the kernel makes a pid namespace only below the creator's own, and
            // the holder needs none. What the helper already stands in needs no setns.
            foreach (NS ns in NamespaceKinds.Each(source.Flags & ~NS.Pid))
            {
                if (!HomeNamespaces.IsHome(source, ns))
                {
                    command.Join(source, ns);
                }
            }
        }

        // A user namespace made inside a set's: the kernel takes its maps only from a process standing in the set's user
        // namespace (its parent), which we do not, and makes it only for a creator whose ids are mapped there, which
        // host root is not in most (0 100000 65536). So the helper becomes root there and its mapper writes the maps.
        // A namespace whose parent is ours keeps being mapped by us: our write uses the caller's capabilities, which
        // the exec'd helper may lack (file capabilities do not survive exec), and the mapper was no faster
        // (Create(User|Net) 1.1-3.5 ms either way on the shared VM).
        bool nestedUser = (namespaces & NS.User) != 0 && source is not null && source.Contains(NS.User) && !HomeNamespaces.IsHome(source, NS.User);
        if (nestedUser)
        {
            command.Add("-I");
            IdMapWriter.AddTo(command, options);
        }

        command.Add("-u", ((int)namespaces).ToString("x", CultureInfo.InvariantCulture));
        if ((namespaces & NS.Mnt) != 0 && options.MountPropagation != MountPropagation.Unchanged)
        {
            ulong propagation = options.MountPropagation == MountPropagation.Slave ? Interop.MountFlags.MS_SLAVE : Interop.MountFlags.MS_PRIVATE;
            command.Add("-M", propagation.ToString("x", CultureInfo.InvariantCulture));
        }

        if (options.HasClockOffsets)
        {
            command.Add("-t", options.FormatClockOffsets());
        }

        command.Add("-H");
        string[] argv = ["nsexec", .. command.Arguments];
        string path = NativeHelper.Path;
        // A pid namespace's init outlives this call: it must die with the launcher thread, which lives as long as we do.
        Func<int> spawn = () => Spawn(path, argv, subject);
        int helperPid = (namespaces & NS.Pid) != 0 ? LauncherThread.Run(spawn) : LauncherThread.RunForCall(spawn);
        ChildProcess helper = ChildProcess.Adopt(helperPid);
        ChildProcess? init = null;
        try
        {
            int holder = WaitUntilReady(status, command, helperPid);
            if ((namespaces & NS.Pid) != 0)
            {
                init = ChildProcess.Adopt(holder);
            }

            if ((namespaces & NS.User) != 0 && !nestedUser)
            {
                IdMapWriter.Write(holder, options);
            }

            OpenNamespaces(holder, namespaces, holderIsInit: init is not null, handles);
            return init;
        }
        catch
        {
            init?.Release();
            throw;
        }
        finally
        {
            helper.Release(); // the holder of namespaces that need no init, or a helper that already exited
        }
    }

    private static int Spawn(string path, string[] argv, string subject)
    {
        Interop.Error error = Interop.Spawn(path, argv, out int pid);
        if (error != Interop.Error.SUCCESS)
        {
            throw NamespaceException.FromErrno($"{subject}: starting the native helper (posix_spawn)", error, NS.None);
        }

        return pid;
    }

    /// <summary>Reads 'O' (then lets go of the source's descriptors) and 'R'; returns the holder's pid.</summary>
    private static int WaitUntilReady(StatusPipe status, HelperCommand command, int helperPid)
    {
        // Our own child, reaped only by us: its pidfd stays valid, and is readable once it exits.
        Interop.Error error = Interop.PidfdOpen(helperPid, out SafeFileHandle pidfd);
        using (pidfd)
        {
            if (error != Interop.Error.SUCCESS)
            {
                throw NamespaceException.FromErrno($"{command.Subject}: watching the native helper (pidfd_open)", error, NS.None);
            }

            NativeReport report = default;
            for (int expected = NativeReport.Opened; ; expected = NativeReport.Ready)
            {
                if (!status.TryRead(pidfd, exited: null, out report) || report.Kind != expected)
                {
                    break;
                }

                if (expected == NativeReport.Ready)
                {
                    return report.Value;
                }

                command.ReleaseNamespaces();
            }

            throw report.Kind == NativeReport.Failed
                ? command.Failure(report)
                : new NamespaceException($"{command.Subject}: the native helper exited before it was ready; was it killed?", Interop.Error.ECHILD, NS.None);
        }
    }

    /// <summary>/proc/HOLDER/ns/*: the helper unshared time for its children; an init it forked stands in it.</summary>
    private static void OpenNamespaces(int holder, NS namespaces, bool holderIsInit, NamespaceHandles handles)
    {
        NS forChildren = holderIsInit ? NS.None : namespaces & NS.Time;
        handles.AddProcess(holder, namespaces & ~forChildren);
        if (forChildren != NS.None)
        {
            handles.AddProcess(holder, forChildren, forChildren: true);
        }
    }
}

using System;
using System.Collections.Generic;
using System.Diagnostics;
using Namespaces.Processes;

namespace Namespaces;

public sealed partial class NamespaceSet
{
    private readonly List<Process> _processes = [];

    /// <summary>
    /// Starts a program in every namespace the set holds — net, uts, ipc, mnt, cgroup, pid, user and time — and
    /// returns it as an ordinary <see cref="Process"/>: redirection, <see cref="Process.ExitCode"/>,
    /// <see cref="Process.Kill()"/> and <see cref="Process.WaitForExitAsync"/> work as for <see cref="Process.Start(ProcessStartInfo)"/>.
    /// </summary>
    /// <param name="startInfo">The program, its arguments, environment and redirection. <see cref="ProcessStartInfo.FileName"/>
    /// (looked up in the environment's PATH when it has no '/') and <see cref="ProcessStartInfo.WorkingDirectory"/> are
    /// resolved inside the set's mount namespace. <see cref="ProcessStartInfo.UseShellExecute"/> and
    /// <see cref="ProcessStartInfo.UserName"/> are refused.</param>
    /// <param name="options">Root directory, user and group ids inside, <c>ip netns exec</c> parity, a fresh /proc,
    /// and when the process is killed; see <see cref="ProcessOptions"/>.</param>
    /// <returns>The started process; its namespaces are the set's once this returns.</returns>
    /// <remarks>
    /// The namespaces are joined by a small native helper between fork and exec (as nsenter: the user namespace after the others it does not need, mount last), because a
    /// .NET process, being multithreaded, cannot join a user or time namespace: no thread of this process changes
    /// namespace. In a user namespace the program runs as uid and gid 0 there unless <paramref name="options"/> says
    /// otherwise, with the capabilities the kernel gives that user. In a pid namespace the program is a child of the
    /// helper, whose pid the returned <see cref="Process"/> has: the helper forwards signals to it and exits as it
    /// does, and the program dies with it (so <see cref="Process.Kill()"/> ends both).
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="startInfo"/> is null.</exception>
    /// <exception cref="ArgumentException">No file name, UseShellExecute, UserName, or a NUL in a path.</exception>
    /// <exception cref="NamespaceException">The options contradict the set (EINVAL), the program is missing (ENOENT)
    /// or not executable (EACCES) inside the set, a namespace could not be joined, or the native helper is missing;
    /// the message names the step, the namespace and the errno. No process is left behind.</exception>
    /// <exception cref="ObjectDisposedException">The set was disposed.</exception>
    public Process StartProcess(ProcessStartInfo startInfo, ProcessOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(startInfo);
        options ??= ProcessOptions.Default;
        ThrowIfDisposed(nameof(StartProcess));
        Process process = ProcessLauncher.Start(this, startInfo, options);
        if (options.KillOnDispose)
        {
            lock (_processes)
            {
                _processes.RemoveAll(HasEnded);
                _processes.Add(process);
            }

            if (IsDisposed)
            {
                KillProcesses(); // Dispose ran while this started
            }
        }

        return process;
    }

    /// <summary>
    /// A path to one namespace of the set that tools accept as a namespace file — <c>nsenter --net=PATH</c>,
    /// <c>ip link set DEV netns PATH</c>, <see cref="FromPath"/> — without naming it: <c>/proc/PID/fd/N</c> of the
    /// set's own descriptor. Valid while the set is not disposed; other processes need the rights to read this
    /// process's /proc entries (root, or the same user).
    /// </summary>
    /// <param name="ns">Exactly one namespace type the set holds.</param>
    /// <returns>The path.</returns>
    /// <exception cref="ArgumentException"><paramref name="ns"/> is not exactly one known type.</exception>
    /// <exception cref="MissingNamespaceException">The set does not hold <paramref name="ns"/>.</exception>
    /// <exception cref="ObjectDisposedException">The set was disposed.</exception>
    public string PathOf(NS ns)
    {
        NamespaceKinds.ValidateSingle(ns, nameof(ns));
        return ProcPath.Of(Handle(ns, nameof(PathOf)));
    }

    private static bool HasEnded(Process process)
    {
        try
        {
            return process.HasExited;
        }
        catch (InvalidOperationException)
        {
            return true; // disposed by its owner
        }
    }

    /// <summary>SIGKILL to every process started with <see cref="ProcessOptions.KillOnDispose"/> that still runs.</summary>
    private void KillProcesses()
    {
        Process[] processes;
        lock (_processes)
        {
            processes = [.. _processes];
            _processes.Clear();
        }

        foreach (Process process in processes)
        {
            try
            {
                process.Kill();
            }
            catch (InvalidOperationException)
            {
                // Exited, or disposed by its owner.
            }
        }
    }
}

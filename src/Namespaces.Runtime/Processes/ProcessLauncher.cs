using System;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Namespaces.Threading;

namespace Namespaces.Processes;

/// <summary>
/// <see cref="NamespaceSet.StartProcess"/>: Process.Start of the native helper, with the user's program, arguments
/// and what to join as its arguments, on the <see cref="LauncherThread"/>. The helper is single-threaded, so it can
/// join user and time namespaces (no .NET thread ever joins anything for this); it execs the program, or, for a pid
/// namespace, forks it and stays as its parent, forwarding signals and exit status (the Process's pid is then the
/// helper's, and Kill reaches the program through its PR_SET_PDEATHSIG).
/// </summary>
internal static class ProcessLauncher
{
    public static Process Start(NamespaceSet set, ProcessStartInfo startInfo, ProcessOptions options)
    {
        NS joined = Validate(set, startInfo, options);
        string subject = $"Starting '{startInfo.FileName}' in {set}";
        using var status = StatusPipe.Create();
        using var command = new HelperCommand(subject);
        command.AddChannels(status);
        foreach (NS ns in NamespaceKinds.Each(joined))
        {
            command.Join(set, ns);
        }

        if ((joined & NS.Pid) != 0)
        {
            command.Add("-p");
        }

        if (options.NetnsName is { } netns)
        {
            command.Add("-n", netns);
        }

        if (options.MountProc)
        {
            command.Add("-m");
        }

        if (options.RootDirectory is { } root)
        {
            command.Add("-r", root);
        }

        if (!string.IsNullOrEmpty(startInfo.WorkingDirectory))
        {
            command.Add("-d", startInfo.WorkingDirectory);
        }

        // nsenter's default: root inside a user namespace that was joined.
        int? gid = options.GroupId ?? ((joined & NS.User) != 0 ? 0 : null);
        int? uid = options.UserId ?? ((joined & NS.User) != 0 ? 0 : null);
        if (gid is { } g)
        {
            command.Add("-G", g.ToString(CultureInfo.InvariantCulture));
        }

        if (uid is { } u)
        {
            command.Add("-U", u.ToString(CultureInfo.InvariantCulture));
        }

        if (options.KillWhenParentDies)
        {
            command.Add("-k");
        }

        ProcessStartInfo helper = HelperStartInfo(startInfo, command);
        Process process = LauncherThread.Run(() => StartHelper(helper, subject));
        try
        {
            // .NET reaps the helper as soon as it exits, so it is watched through HasExited, not a pidfd.
            Func<bool> exited = () => process.HasExited;
            if (!status.TryRead(pidfd: null, exited, out NativeReport report) || report.Kind != NativeReport.Opened)
            {
                throw Unexpected(command, process, report, startInfo.FileName);
            }

            command.ReleaseNamespaces();
            status.CloseWriteEnd();
            // EOF: the program was exec'd (every writer's copy was close-on-exec). A report: a step failed.
            if (status.TryRead(pidfd: null, exited, out report))
            {
                throw Unexpected(command, process, report, startInfo.FileName);
            }
        }
        catch
        {
            KillAndWait(process);
            process.Dispose();
            throw;
        }
        return process;
    }

    private static NamespaceException Unexpected(HelperCommand command, Process process, NativeReport report, string program)
    {
        if (report.Kind == NativeReport.Failed)
        {
            return command.Failure(report, program);
        }

        process.WaitForExit();
        return new NamespaceException(
            $"{command.Subject}: the native helper exited ({Describe(process)}) before it reported; was it killed?",
            Interop.Error.ECHILD, NS.None);
    }

    private static string Describe(Process process) => process.ExitCode > 128
        ? "killed by signal " + (process.ExitCode - 128).ToString(CultureInfo.InvariantCulture)
        : "exit code " + process.ExitCode.ToString(CultureInfo.InvariantCulture);

    private static void KillAndWait(Process process)
    {
        try
        {
            process.Kill();
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }

        process.WaitForExit();
    }

    private static Process StartHelper(ProcessStartInfo helper, string subject)
    {
        try
        {
            return Process.Start(helper) ?? throw new InvalidOperationException("Process.Start returned null for a new process.");
        }
        catch (Win32Exception e)
        {
            throw new NamespaceException($"{subject}: starting the native helper failed: {e.Message} (errno {e.NativeErrorCode}).", e.NativeErrorCode, NS.None, e);
        }
    }

    /// <summary>The start info of the helper: the user's streams, encodings and environment; its own program and arguments.</summary>
    private static ProcessStartInfo HelperStartInfo(ProcessStartInfo user, HelperCommand command)
    {
        var helper = new ProcessStartInfo(NativeHelper.Path)
        {
            UseShellExecute = false,
            RedirectStandardInput = user.RedirectStandardInput,
            RedirectStandardOutput = user.RedirectStandardOutput,
            RedirectStandardError = user.RedirectStandardError,
            StandardInputEncoding = user.StandardInputEncoding,
            StandardOutputEncoding = user.StandardOutputEncoding,
            StandardErrorEncoding = user.StandardErrorEncoding,
            CreateNoWindow = user.CreateNoWindow,
        };
        helper.Environment.Clear();
        foreach ((string key, string? value) in user.Environment)
        {
            helper.Environment[key] = value;
        }

        if (user.ArgumentList.Count > 0 || string.IsNullOrEmpty(user.Arguments))
        {
            foreach (string argument in command.Arguments)
            {
                helper.ArgumentList.Add(argument);
            }

            helper.ArgumentList.Add("--");
            helper.ArgumentList.Add(user.FileName);
            foreach (string argument in user.ArgumentList)
            {
                helper.ArgumentList.Add(argument);
            }
        }
        else
        {
            // The user wrote one Arguments string: append it as it is, so .NET splits it by its own rules.
            var line = new StringBuilder();
            foreach (string argument in command.Arguments)
            {
                AppendQuoted(line, argument);
            }

            AppendQuoted(line, "--");
            AppendQuoted(line, user.FileName);
            helper.Arguments = line.Append(user.Arguments).ToString();
        }

        return helper;
    }

    /// <summary>One argument as .NET's Arguments parser splits it back (the rules of CommandLineToArgvW), then a space.</summary>
    private static void AppendQuoted(StringBuilder line, string argument)
    {
        if (argument.Length > 0 && argument.AsSpan().IndexOfAny(" \t\n\v\"") < 0)
        {
            line.Append(argument).Append(' ');
            return;
        }

        line.Append('"');
        for (int i = 0; i < argument.Length; i++)
        {
            int backslashes = 0;
            while (i < argument.Length && argument[i] == '\\')
            {
                backslashes++;
                i++;
            }

            if (i == argument.Length)
            {
                line.Append('\\', backslashes * 2);
                break;
            }

            if (argument[i] == '"')
            {
                line.Append('\\', backslashes * 2 + 1).Append('"');
            }
            else
            {
                line.Append('\\', backslashes).Append(argument[i]);
            }
        }

        line.Append("\" ");
    }

    /// <summary>Every bad input fails here, before a process exists; returns the namespaces to join.</summary>
    private static NS Validate(NamespaceSet set, ProcessStartInfo startInfo, ProcessOptions options)
    {
        if (string.IsNullOrEmpty(startInfo.FileName))
        {
            throw new ArgumentException("The start info has no FileName: name the program to run inside the set.", nameof(startInfo));
        }

        if (startInfo.UseShellExecute)
        {
            throw new ArgumentException("UseShellExecute is not supported by StartProcess: a program is exec'd directly inside the set (set UseShellExecute = false, or run /bin/sh -c yourself).", nameof(startInfo));
        }

        if (!string.IsNullOrEmpty(startInfo.UserName))
        {
            throw new ArgumentException("ProcessStartInfo.UserName is resolved on the host, before the namespaces are joined: use ProcessOptions.UserId and GroupId (ids inside the set).", nameof(startInfo));
        }

        foreach (string? text in (string?[])[startInfo.FileName, startInfo.WorkingDirectory, options.RootDirectory, options.NetnsName])
        {
            if (text is not null && text.Contains('\0', StringComparison.Ordinal))
            {
                throw new ArgumentException($"'{text.Replace("\0", "\\0", StringComparison.Ordinal)}' contains a NUL character; the kernel would see only what precedes it.", nameof(startInfo));
            }
        }

        if (options.UserId is < 0 || options.GroupId is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"ProcessOptions.UserId ({options.UserId}) and GroupId ({options.GroupId}) must not be negative.");
        }

        if (options.NetnsName is { } netns)
        {
            NamedNetns.PathOf(netns); // the same rules as a name in /run/netns: a plain file name
            if (!set.Contains(NS.Net))
            {
                throw new NamespaceException($"ProcessOptions.NetnsName ('{netns}') asks for `ip netns exec` of a network namespace, but {set} holds none: open it with NamedNetns.Open(\"{netns}\").", Interop.Error.EINVAL, NS.Net);
            }
        }

        if (options.MountProc && !set.Contains(NS.Pid))
        {
            throw new NamespaceException($"ProcessOptions.MountProc mounts a /proc for the set's pid namespace, but {set} holds none: create the set with NS.Pid, or leave MountProc off.", Interop.Error.EINVAL, NS.Pid);
        }

        // What the process already stands in needs no setns (and setns into one's own user namespace is EINVAL);
        // its own pid namespace needs no fork.
        NS joined = set.Flags;
        foreach (NS ns in NamespaceKinds.Each(set.Flags & (NS.User | NS.Pid)))
        {
            if (HomeNamespaces.IsHome(set, ns))
            {
                joined &= ~ns;
            }
        }

        return joined;
    }
}

using System;
using System.Collections.Generic;
using System.Diagnostics;
using Microsoft.Win32.SafeHandles;
using Namespaces.Creation;

namespace Namespaces.Processes;

/// <summary>
/// The native helper's command line as it is built, and the namespace descriptors it names: each is kept open
/// (a reference taken) until the helper reports it opened them, so a set disposed meanwhile cannot pull one away.
/// Turns the helper's error reports into exceptions that say which step, which namespace and what to do.
/// </summary>
internal sealed class HelperCommand : IDisposable
{
    private readonly List<string> _arguments = [];
    private readonly Dictionary<int, NS> _namespaceAt = [];
    private readonly List<SafeFileHandle> _referenced = [];

    public HelperCommand(string subject) => Subject = subject;

    /// <summary>What the helper works for, for messages: "Starting 'ip' in NamespaceSet(Net)".</summary>
    public string Subject { get; }

    /// <summary>The arguments after argv[0].</summary>
    public IReadOnlyList<string> Arguments => _arguments;

    /// <summary>The options every run starts with: our pid and the lifeline (to die with us), the status pipe.</summary>
    public void AddChannels(StatusPipe status)
    {
        Add("-P", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Add("-l", Lifeline.ReadEndPath);
        Add("-s", status.WriteEndPath);
    }

    public void Add(string option) => _arguments.Add(option);

    public void Add(string option, string value)
    {
        _arguments.Add(option);
        _arguments.Add(value);
    }

    /// <summary>-j for one namespace of <paramref name="set"/>: the helper setns()es into it, in the order added.</summary>
    public void Join(NamespaceSet set, NS ns)
    {
        bool added = false;
        bool held = set.TryGetHandle(ns, out SafeFileHandle? handle);
        Debug.Assert(held, "only namespaces the set holds are joined");
        handle!.DangerousAddRef(ref added);
        Debug.Assert(added);
        _referenced.Add(handle);
        _namespaceAt[_arguments.Count + 2] = ns; // argv index of the path: argv[0] is the helper
        Add("-j", ProcPath.Of(handle));
    }

    /// <summary>Lets go of the descriptors once the helper has its own ('O'); idempotent.</summary>
    public void ReleaseNamespaces()
    {
        foreach (SafeFileHandle handle in _referenced)
        {
            handle.DangerousRelease();
        }

        _referenced.Clear();
    }

    public void Dispose() => ReleaseNamespaces();

    /// <summary>argv[<paramref name="index"/>] (argv[0] is the helper), or "".</summary>
    private string ArgumentAt(int index) => index > 0 && index - 1 < _arguments.Count ? _arguments[index - 1] : "";

    /// <summary>A failure of the helper's mapper: which file (the -X/-Y text or -S), and what to do.</summary>
    private (string Step, string? Hint) IdMapStep(int index, string argument, int errno)
    {
        if (index == 0)
        {
            return ("writing the new user namespace's id maps", errno == (int)Interop.Error.ECHILD ? " The process that writes them (nsexec-mapper) died before it could say why: was it killed?" : null);
        }

        if (argument == "-S")
        {
            return ("writing \"deny\" to the new user namespace's setgroups", null);
        }

        string file = ArgumentAt(index - 1) == "-X" ? "uid_map" : "gid_map";
        string hint = $" The lower ids (the second column) of the {file} of a user namespace made inside a set's are ids of the set's user namespace: each range must fit inside the set's own {file}. Map fewer ids, or ids the set's user namespace maps.";
        return ($"writing {IdMapWriter.Describe(argument)} to the new user namespace's {file}", errno is (int)Interop.Error.EPERM or (int)Interop.Error.EINVAL ? hint : null);
    }

    /// <summary>The exception for an 'E' report.</summary>
    public NamespaceException Failure(NativeReport report, string? program = null)
    {
        NS ns = report.Stage is NativeStage.IdMap or NativeStage.Creator ? NS.User : _namespaceAt.GetValueOrDefault(report.Value);
        string argument = ArgumentAt(report.Value);
        int errno = report.Error;
        (string step, string? hint) = report.Stage switch
        {
            NativeStage.SetNs => ($"joining its {NamespaceKinds.ProcName(ns)} namespace (setns)", errno switch
            {
                (int)Interop.Error.EPERM => " The helper tries it before the user namespace, with this process's capabilities, and again after it, with the user namespace's: neither has CAP_SYS_ADMIN over the user namespace that owns it. Dup the set without that namespace, or create the namespaces inside the set's user namespace (set.Unshare).",
                (int)Interop.Error.EINVAL => " The namespace cannot be joined from here (a user namespace the process already stands in, or a pid namespace that is not a descendant of the caller's).",
                _ => null,
            }),
            NativeStage.OpenNamespace => ($"opening the {NamespaceKinds.ProcName(ns)} namespace's descriptor '{argument}'", null),
            NativeStage.Unshare => ("unshare", null),
            NativeStage.Propagation => ("changing the propagation of the new mount namespace", null),
            NativeStage.OpenOffsets or NativeStage.WriteOffsets => ("writing the time namespace's clock offsets (timens_offsets)",
                errno is (int)Interop.Error.ERANGE or (int)Interop.Error.EINVAL ? " Each offset must keep its clock within range: CLOCK_MONOTONIC and CLOCK_BOOTTIME may not go below 0 inside." : null),
            NativeStage.Fork => ("forking into the pid namespace", errno == (int)Interop.Error.ENOMEM ? " The pid namespace's init has exited: no process can be started in it any more." : null),
            NativeStage.NetnsMounts => ($"binding /etc/netns/{argument} over /etc", null),
            NativeStage.Sysfs => ("mounting /sys for the network namespace", null),
            NativeStage.MountProc => ("mounting a fresh /proc", null),
            NativeStage.Chroot => ("changing the root directory (chroot)", null),
            NativeStage.Chdir => ("changing to the working directory", errno == (int)Interop.Error.ENOENT ? " The directory is looked up inside the set's mount namespace and root directory." : null),
            NativeStage.SetGid => ($"setting the group id to {argument} (setresgid)", errno == (int)Interop.Error.EINVAL ? $" Group {argument} is not mapped in the set's user namespace (gid_map): pass ProcessOptions.GroupId." : null),
            NativeStage.SetUid => ($"setting the user id to {argument} (setresuid)", errno == (int)Interop.Error.EINVAL ? $" User {argument} is not mapped in the set's user namespace (uid_map): pass ProcessOptions.UserId." : null),
            NativeStage.Exec => ($"executing '{program}'", errno switch
            {
                (int)Interop.Error.ENOENT => " No such file inside the set's mount namespace (a name without '/' is looked up in the start info's PATH, there).",
                (int)Interop.Error.EACCES => " The file is not executable (or a directory on its path is not searchable) for the process's user inside the set.",
                (int)Interop.Error.ENOEXEC => " The file is not a program the kernel can run (no #! line, or another architecture's binary).",
                _ => null,
            }),
            NativeStage.Creator => ("taking uid and gid 0 of the set's user namespace, the creator of the new one (setresgid, setresuid)", errno == (int)Interop.Error.EINVAL
                ? " The set's user namespace maps no uid 0 or gid 0, and the kernel makes a user namespace only for a creator whose ids are mapped in its parent: create the child from a set whose maps include container id 0."
                : null),
            NativeStage.IdMap => IdMapStep(report.Value, argument, errno),
            NativeStage.ParentGone => ("its parent, which died before the child could watch it", null),
            NativeStage.Lifeline or NativeStage.Status => ("opening its channels to this process through /proc (is /proc mounted, and this process dumpable?)", null),
            _ => ($"step {report.Stage} of the native helper", null),
        };
        bool permission = errno == (int)Interop.Error.EPERM;
        NamespaceException error = NamespaceException.FromErrno($"{Subject}: {step}", (Interop.Error)errno, ns, path: null, permissionHint: permission ? hint : null);
        return hint is null || permission ? error : new NamespaceException(error.Message + hint, errno, ns);
    }
}

using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Namespaces;

// A command run in new user, pid, mount, network and UTS namespaces (what `unshare -U -p -m -n -u --mount-proc
// --map-root-user` does): its own hostname, its own /proc, uid 0 inside mapped to 100000 outside. Run as root.

var ids = new[] { new IdMap(ContainerId: 0, HostId: 100000, Size: 65536) };
using NamespaceSet sandbox = NamespaceSet.Create(NS.User | NS.Pid | NS.Mnt | NS.Net | NS.Uts, UnshareOptions.WithIdMaps(ids, ids));
Console.WriteLine("namespaces " + string.Join(' ', new[] { NS.User, NS.Pid, NS.Mnt, NS.Net, NS.Uts }.Select(sandbox.Id)));

// Root inside the user namespace has the capabilities to name its own UTS namespace and bring up its own lo.
const string Script = """
    hostname sandbox && ip link set lo up
    echo "inside     hostname $(hostname), uid $(id -u), gid $(id -g), pid $$"
    echo "inside     processes$(for p in /proc/[0-9]*; do printf ' %s:%s' "${p#/proc/}" "$(cat "$p/comm")"; done)"
    echo "inside     interfaces $(ip -o link | cut -d: -f2 | tr -d ' ' | paste -sd' ')"
    sleep 0.2
    """;
var start = new ProcessStartInfo("sh") { RedirectStandardOutput = true };
start.ArgumentList.Add("-c");
start.ArgumentList.Add(Script);
using Process command = sandbox.StartProcess(start, new ProcessOptions { MountProc = true });

// Seen from the host while it runs: the shell is the helper's child, and its uid 0 is 100000 here.
int shell = int.Parse(File.ReadAllText($"/proc/{command.Id}/task/{command.Id}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]);
string hostUid = File.ReadLines($"/proc/{shell}/status").First(l => l.StartsWith("Uid:", StringComparison.Ordinal)).Split('\t')[1];
string output = command.StandardOutput.ReadToEnd();
command.WaitForExit();
Console.Write(output);
Console.WriteLine($"host       hostname {Environment.MachineName}, the shell is pid {shell} with uid {hostUid}");
Console.WriteLine($"exit code  {command.ExitCode}");
return command.ExitCode;

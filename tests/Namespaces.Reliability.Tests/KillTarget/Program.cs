using System;
using System.Diagnostics;
using System.Globalization;
using Namespaces;

// killtarget MODE TOKEN: repeats one operation for ever, printing "ready" after the first, until it is killed.
//   create-user-net   Create(User|Net) with id maps
//   create-pid        Create(Pid)
//   unshare-user      Unshare(Net|Uts|Mnt) on a set holding a user namespace
//   unshare-user-maps Unshare(User|Net) with id maps on that set: a nested user namespace, its maps written by the
//                     helper's mapper child
//   netns-add         NamedNetns.Add(set, "TOKEN") and Delete
//   start-process     StartProcess("sleep TOKEN") in a new Net|Pid set (TOKEN is a number of seconds)
if (args is not [var mode, var token])
{
    Console.Error.WriteLine("usage: killtarget create-user-net|create-pid|unshare-user|unshare-user-maps|netns-add|start-process TOKEN");
    return 2;
}

var maps = UnshareOptions.WithIdMaps([new IdMap(0, 0, 1)], [new IdMap(0, 0, 1)]);
using NamespaceSet user = NamespaceSet.Create(NS.User, maps);
Action step = mode switch
{
    "create-user-net" => () => NamespaceSet.Create(NS.User | NS.Net, maps).Dispose(),
    "create-pid" => () => NamespaceSet.Create(NS.Pid).Dispose(),
    "unshare-user" => () => user.Unshare(NS.Net | NS.Uts | NS.Mnt).Dispose(),
    "unshare-user-maps" => () => user.Unshare(NS.User | NS.Net, maps).Dispose(),
    "netns-add" => () =>
    {
        using NamespaceSet set = NamespaceSet.Create(NS.Net);
        NamedNetns.Add(set, token);
        NamedNetns.Delete(token);
    },
    "start-process" => () =>
    {
        using NamespaceSet set = NamespaceSet.Create(NS.Net | NS.Pid);
        using Process sleeper = set.StartProcess(new ProcessStartInfo("sleep", token));
    },
    _ => throw new ArgumentException("unknown mode " + mode),
};

step();
Console.WriteLine("ready");
Console.Out.Flush();
while (true)
{
    step();
}

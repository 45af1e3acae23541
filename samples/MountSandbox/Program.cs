// MountSandbox: a private mount namespace with a tmpfs and a read-only bind mount that only [RunInNamespace] bodies
// see. Files written there never reach the host's file system, and the mounts vanish with the namespace.
//
//   dotnet run --project samples/MountSandbox
//
// Needs root, or CAP_SYS_ADMIN in your own user namespace (`unshare -Ur dotnet run --project samples/MountSandbox`).
using System;
using System.IO;
using MountSandbox;
using Namespaces;

DirectoryInfo work = Directory.CreateTempSubdirectory("mount-sandbox-");
string sandbox = Path.Combine(work.FullName, "sandbox"); // empty on the host; a tmpfs inside
string data = Path.Combine(work.FullName, "data");       // host files, bound read-only at sandbox/data inside
Directory.CreateDirectory(sandbox);
Directory.CreateDirectory(data);
File.WriteAllText(Path.Combine(data, "input.txt"), "host data");
Console.WriteLine($"work dir  {work.FullName}");
try
{
    // A new mount namespace starts as a private copy of the host's mount table: mounts made in it stay in it.
    using (NamespaceSet set = NamespaceSet.Create(NS.Mnt))
    {
        // Mounts made through the set happen on one of its threads, inside its mount namespace.
        set.MountInside("tmpfs", sandbox, "tmpfs", MountOptions.NoSuid | MountOptions.NoDev, "size=16m,mode=0755");
        string dataInside = Path.Combine(sandbox, "data");
        Sandbox.CreateDirectory(set, dataInside);
        set.BindMountInside(data, dataInside, MountOptions.ReadOnly);
        Console.WriteLine($"inside    {set.Id(NS.Mnt)}: {string.Join(", ", Sandbox.MountsUnder(set, work.FullName))}");

        string written = Sandbox.TryWrite(set, Path.Combine(sandbox, "result.txt"), "made inside");
        string refused = Sandbox.TryWrite(set, Path.Combine(sandbox, "data", "input.txt"), "overwritten");
        Console.WriteLine($"inside    write sandbox/result.txt: {written}; write sandbox/data/input.txt: {refused}");
        Console.WriteLine($"inside    sandbox holds {Sandbox.Describe(set, sandbox)}");

        Console.WriteLine($"host      sandbox holds {Sandbox.DescribeHere(sandbox)}; data/input.txt says \"{File.ReadAllText(Path.Combine(data, "input.txt"))}\"; " +
                          $"mounts under the work dir: {Sandbox.MountsUnderHere(work.FullName).Length}");
    } // disposing the set ends its threads and closes its descriptor: the kernel drops the namespace and its mounts
    return 0;
}
finally
{
    work.Delete(recursive: true);
    Console.WriteLine($"removed   {work.FullName}");
}

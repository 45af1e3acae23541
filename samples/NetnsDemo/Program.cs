using System;
using System.Linq;
using System.Net.NetworkInformation;
using Namespaces;

// Creates a network + UTS namespace set, gives it its own hostname, and shows what the host and the
// namespace each see. Run as root (or under `unshare -Ur`).
using NamespaceSet set = NamespaceSet.Create(NS.Net | NS.Uts);

set.Do(() => HostName.Set("netns-demo"));

Console.WriteLine($"{"",-10} {"hostname",-16} interfaces");
Console.WriteLine($"{"host",-10} {Environment.MachineName,-16} {Interfaces()}");
Console.WriteLine($"{"namespace",-10} {set.Do(() => Environment.MachineName),-16} {set.Do(Interfaces)}");
Console.WriteLine($"namespace ids: {set.Id(NS.Net)} {set.Id(NS.Uts)}");

static string Interfaces() => string.Join(",", NetworkInterface.GetAllNetworkInterfaces().Select(i => i.Name).Order());

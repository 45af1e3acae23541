using System;
using System.Linq;
using System.Net.NetworkInformation;
using Namespaces;

// Usage: Namespaces.TestHost create FLAGS   (FLAGS as NS names joined by '|', e.g. "Net|Uts")
// Prints one line: "ok <ids>" or "<ExceptionType> errno=<n> ns=<ns>: <message>", and exits 0 either way.
if (args is not ["create", var flags])
{
    Console.Error.WriteLine("usage: Namespaces.TestHost create FLAGS");
    return 2;
}
NS namespaces = flags.Split('|').Select(Enum.Parse<NS>).Aggregate(NS.None, (a, b) => a | b);
try
{
    using NamespaceSet set = NamespaceSet.Create(namespaces);
    string inside = set.Contains(NS.Net) && !set.Contains(NS.User)
        ? " interfaces=" + string.Join(",", set.Do(() => NetworkInterface.GetAllNetworkInterfaces().Select(i => i.Name)).ToArray())
        : "";
    Console.WriteLine("ok " + set.Flags + inside);
}
catch (NamespaceException e)
{
    Console.WriteLine($"NamespaceException errno={e.Errno} ns={e.Namespace}: {e.Message}");
}
return 0;

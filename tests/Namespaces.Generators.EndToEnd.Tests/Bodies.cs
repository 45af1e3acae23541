using System.Linq;
using System.Net.NetworkInformation;
using System.Threading;

namespace Namespaces.Generators.EndToEnd.Tests;

/// <summary>The example, verbatim: a user writes a plain method and calls the generated overloads.</summary>
public static partial class Net
{
    /// <summary>The names of the network interfaces the calling thread sees.</summary>
    /// <returns>Interface names.</returns>
    [RunInNamespace(NS.Net)]
    public static string[] Interfaces() =>
        NetworkInterface.GetAllNetworkInterfaces().Select(i => i.Name).ToArray();

    /// <summary>Adds the number of visible interfaces to <paramref name="count"/>.</summary>
    /// <param name="count">Written back to the caller by the synchronous overload.</param>
    [RunInNamespace(NS.Net)]
    public static void AddInterfaceCount(ref int count) => count += NetworkInterface.GetAllNetworkInterfaces().Length;

    /// <summary>Returns <paramref name="value"/> with the network namespace the body ran in.</summary>
    /// <typeparam name="T">Any non-null type.</typeparam>
    /// <param name="value">Carried to the namespace thread and back.</param>
    /// <returns>The value and the body's network namespace.</returns>
    [RunInNamespace(NS.Net)]
    public static (T Value, string Namespace) Tag<T>(T value)
        where T : notnull
        => (value, ThreadNamespaces.Net());
}

/// <summary>Sets and reads the hostname inside a UTS namespace.</summary>
internal static partial class Uts
{
    [RunInNamespace(NS.Uts)]
    public static string SetAndGetHostname(string name)
    {
        Hostnames.Set(name);
        return Hostnames.Get();
    }
}

/// <summary>An instance method: <c>this</c> travels in the argument struct.</summary>
internal sealed partial class Probe
{
    private int _calls;

    public Probe(string label) => Label = label;

    public string Label { get; }

    public int Calls => Volatile.Read(ref _calls);

    [RunInNamespace(NS.Net)]
    public string Describe(string suffix)
    {
        Interlocked.Increment(ref _calls);
        return Label + suffix + " " + ThreadNamespaces.Net();
    }
}

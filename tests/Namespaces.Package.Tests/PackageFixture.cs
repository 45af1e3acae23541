using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml.Linq;

namespace Namespaces.Package.Tests;

/// <summary>
/// Packs the runtime once (into a temporary feed, with every build output under the temporary folder so the
/// repository's bin/ and obj/ stay untouched), then creates and builds a consumer project that installs the package
/// from that feed into a package folder of its own, so no stale cached copy can stand in for it.
/// </summary>
public sealed class PackageFixture : IDisposable
{
    public const string Version = "0.1.0";

    public PackageFixture()
    {
        RepositoryRoot = FindRepositoryRoot();
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(Feed);
        Directory.CreateDirectory(Consumer);
        Directory.CreateDirectory(PackagesFolder);

        Pack = Dotnet.Run(RepositoryRoot, null,
            "pack", Path.Combine(RepositoryRoot, "src", "Namespaces.Runtime"), "-o", Feed,
            "--disable-build-servers", "-nologo", "-tl:off",
            "-p:UseArtifactsOutput=true", "-p:ArtifactsPath=" + Path.Combine(Root, "artifacts"));
        if (Pack.ExitCode != 0)
        {
            return; // the tests report the pack's output
        }

        WriteConsumer();
        var isolated = new Dictionary<string, string> { ["NUGET_PACKAGES"] = PackagesFolder };
        AddPackage = Dotnet.Run(Consumer, isolated, "add", "package", "Namespaces", "--version", Version);
        if (AddPackage.ExitCode != 0)
        {
            return;
        }

        Build = Dotnet.Run(Consumer, isolated, "build", "--disable-build-servers", "-nologo", "-tl:off");
        if (Build.ExitCode == 0)
        {
            Run = Dotnet.Run(Consumer, isolated, "run", "--no-build");
        }
    }

    public string RepositoryRoot { get; }

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "namespaces-package-" + Guid.NewGuid().ToString("N"));

    public string Feed => Path.Combine(Root, "feed");

    public string Consumer => Path.Combine(Root, "consumer");

    public string PackagesFolder => Path.Combine(Root, "packages");

    public string Package => Path.Combine(Feed, $"Namespaces.{Version}.nupkg");

    public string SymbolPackage => Path.Combine(Feed, $"Namespaces.{Version}.snupkg");

    public Dotnet.Result Pack { get; }

    public Dotnet.Result? AddPackage { get; }

    public Dotnet.Result? Build { get; }

    public Dotnet.Result? Run { get; }

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }

    private void WriteConsumer()
    {
        // Nothing from above the folder shapes the build.
        File.WriteAllText(Path.Combine(Consumer, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(Consumer, "Directory.Build.targets"), "<Project />");

        // The local feed first, then the sources the repository restores from; Namespaces may come only from the feed.
        XElement[] upstream = XDocument.Load(Path.Combine(RepositoryRoot, "nuget.config"))
            .Descendants("packageSources").Elements("add")
            .Select(a => new XElement("add", new XAttribute("key", "upstream-" + (string?)a.Attribute("key")), new XAttribute("value", (string)a.Attribute("value")!)))
            .ToArray();
        new XDocument(new XElement("configuration",
            new XElement("packageSources", new XElement("clear"), new XElement("add", new XAttribute("key", "local"), new XAttribute("value", Feed)), upstream),
            new XElement("packageSourceMapping",
                new XElement("packageSource", new XAttribute("key", "local"), new XElement("package", new XAttribute("pattern", "Namespaces"))),
                upstream.Select(u => new XElement("packageSource", new XAttribute("key", (string)u.Attribute("key")!), new XElement("package", new XAttribute("pattern", "*")))))))
            .Save(Path.Combine(Consumer, "nuget.config"));

        File.WriteAllText(Path.Combine(Consumer, "Consumer.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>disable</ImplicitUsings>
                <EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles>
              </PropertyGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(Consumer, "Program.cs"), ConsumerProgram);
    }

    /// <summary>The consumer: two generated overloads (sync and async) and one bad body for NS1003 (a warning: NS1002 is an error).</summary>
    public const string ConsumerProgram = """
        using System;
        using System.IO;
        using System.Linq;
        using System.Net.NetworkInformation;
        using System.Threading.Tasks;
        using Namespaces;

        using NamespaceSet set = NamespaceSet.Create(NS.Net);
        Console.WriteLine("interfaces " + string.Join(",", Probe.Interfaces(set)));
        Console.WriteLine("body ran in " + await Probe.NetNamespaceAsync(set));
        Console.WriteLine("set holds " + set.Id(NS.Net));
        Console.WriteLine("process in " + new FileInfo("/proc/self/ns/net").LinkTarget);

        static partial class Probe
        {
            [RunInNamespace(NS.Net)]
            public static string[] Interfaces() => NetworkInterface.GetAllNetworkInterfaces().Select(i => i.Name).ToArray();

            [RunInNamespace(NS.Net)]
            public static string NetNamespace() => new FileInfo("/proc/thread-self/ns/net").LinkTarget!;

            [RunInNamespace(NS.Net)]
            public static void Leaks() => Task.Delay(1).Wait();
        }
        """;

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Namespaces.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Namespaces.sln above {AppContext.BaseDirectory}: the package test packs the repository's runtime project.");
    }
}

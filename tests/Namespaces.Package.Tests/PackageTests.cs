using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit;

namespace Namespaces.Package.Tests;

/// <summary>`dotnet pack src/Namespaces.Runtime` gives one package that installs the runtime, generator and analyzers.</summary>
public sealed partial class PackageTests : IClassFixture<PackageFixture>
{
    private readonly PackageFixture _fixture;

    public PackageTests(PackageFixture fixture)
    {
        Assert.True(geteuid() == 0, "The package test runs its consumer in a new network namespace: run it as root.");
        _fixture = fixture;
        fixture.Pack.EnsureSuccess();
    }

    [Fact]
    public void Package_HoldsTheRuntimeInLib_AndTheRoslynComponentsInAnalyzers()
    {
        using ZipArchive package = ZipFile.OpenRead(_fixture.Package);
        string[] files = package.Entries.Select(e => e.FullName).Where(n => !n.StartsWith('_') && !n.StartsWith("package/", StringComparison.Ordinal) && n != "[Content_Types].xml").Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(
            [
                "Namespaces.nuspec",
                "README.md",
                "analyzers/dotnet/cs/Namespaces.Analyzers.dll",
                "analyzers/dotnet/cs/Namespaces.CodeFixes.dll",
                "analyzers/dotnet/cs/Namespaces.Generators.dll",
                "buildTransitive/Namespaces.props",
                "lib/net10.0/Namespaces.dll",
                "lib/net10.0/Namespaces.xml",
            ],
            files);
        Assert.Equal(File.ReadAllText(Path.Combine(_fixture.RepositoryRoot, "README.md")), Read(package, "README.md"));

        // Deterministic: the compiler marks such an assembly with a Reproducible debug directory entry.
        using var dll = new MemoryStream();
        using (Stream entry = package.GetEntry("lib/net10.0/Namespaces.dll")!.Open())
        {
            entry.CopyTo(dll);
        }

        dll.Position = 0;
        using var pe = new PEReader(dll);
        Assert.Contains(pe.ReadDebugDirectory(), d => d.Type == DebugDirectoryEntryType.Reproducible);
        Assert.Equal("Namespaces", pe.GetMetadataReader().GetString(pe.GetMetadataReader().GetAssemblyDefinition().Name));
    }

    [Fact]
    public void Nuspec_HasLicenseReadmeAndRepository_AndNoDependencyOnTheAnalyzerProjects()
    {
        using ZipArchive package = ZipFile.OpenRead(_fixture.Package);
        XElement metadata = XDocument.Parse(Read(package, "Namespaces.nuspec")).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        XElement Single(string name) => metadata.Elements().Single(e => e.Name.LocalName == name);

        Assert.Equal("Namespaces", Single("id").Value);
        Assert.Equal(PackageFixture.Version, Single("version").Value);
        Assert.Equal("expression", (string?)Single("license").Attribute("type"));
        Assert.Equal("MIT", Single("license").Value);
        Assert.Equal("README.md", Single("readme").Value);
        XElement repository = Single("repository");
        Assert.Equal("git", (string?)repository.Attribute("type"));
        Assert.StartsWith("https://", (string?)repository.Attribute("url"));
        Assert.Matches("^[0-9a-f]{40}$", (string?)repository.Attribute("commit") ?? "");
        Assert.False(string.IsNullOrWhiteSpace(Single("description").Value));
        Assert.DoesNotContain(metadata.Descendants(), e => e.Name.LocalName == "dependency");
    }

    [Fact]
    public void SymbolPackage_HoldsThePdb()
    {
        using ZipArchive symbols = ZipFile.OpenRead(_fixture.SymbolPackage);

        Assert.Contains(symbols.Entries, e => e.FullName == "lib/net10.0/Namespaces.pdb");
    }

    [Fact]
    public void Consumer_Build_RunsTheGenerator_AndShowsNS1003ForABadBody()
    {
        _fixture.AddPackage!.EnsureSuccess();
        Dotnet.Result build = _fixture.Build!.EnsureSuccess();

        // Installed from the feed into the consumer's own package folder, generator and analyzers included.
        string installed = Path.Combine(_fixture.PackagesFolder, "namespaces", PackageFixture.Version);
        Assert.True(File.Exists(Path.Combine(installed, "analyzers", "dotnet", "cs", "Namespaces.Generators.dll")), "the package was not installed from the feed:\n" + build.Output);

        // The generator ran: the overloads Program.cs calls exist (it compiled) and their source was emitted.
        string[] generated = Directory.GetFiles(Path.Combine(_fixture.Consumer, "obj"), "*.g.cs", SearchOption.AllDirectories)
            .Where(f => f.Contains("Namespaces.Generators", StringComparison.Ordinal)).ToArray();
        Assert.Contains(generated, f => File.ReadAllText(f).Contains("NetNamespaceAsync(", StringComparison.Ordinal));

        // The analyzers ran: the bad body's blocking Task.Delay is NS1003, with its help link, and nothing else warns.
        int leaksLine = Array.FindIndex(PackageFixture.ConsumerProgram.Split('\n'), l => l.Contains("Leaks()", StringComparison.Ordinal)) + 1;
        string[] warnings = Regex.Matches(build.Output, @"^.*: warning \w+: .*$", RegexOptions.Multiline).Select(m => m.Value.Trim()).Distinct().ToArray();
        string warning = Assert.Single(warnings);
        Assert.Matches(@$"Program\.cs\({leaksLine},\d+\): warning NS1003: .*docs/diagnostics/NS1003\.md", warning);
    }

    [Fact]
    public void Consumer_Runs_ItsBodiesInsideARealNetworkNamespace()
    {
        Assert.NotNull(_fixture.Build);
        _fixture.Build.EnsureSuccess();
        Dotnet.Result run = _fixture.Run!.EnsureSuccess();
        string[] lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        string Value(string prefix) => lines.Single(l => l.StartsWith(prefix + " ", StringComparison.Ordinal))[(prefix.Length + 1)..];
        Assert.Equal("lo", Value("interfaces"));
        Assert.Matches(@"^net:\[\d+\]$", Value("set holds"));
        Assert.Equal(Value("set holds"), Value("body ran in"));
        Assert.Equal(new FileInfo("/proc/self/ns/net").LinkTarget, Value("process in"));
        Assert.NotEqual(Value("process in"), Value("body ran in"));
    }

    private static string Read(ZipArchive package, string name)
    {
        using var reader = new StreamReader(package.GetEntry(name)!.Open());
        return reader.ReadToEnd();
    }

    [LibraryImport("libc")]
    private static partial uint geteuid();
}

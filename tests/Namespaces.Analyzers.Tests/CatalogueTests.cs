using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Namespaces.Diagnostics;
using Xunit;

namespace Namespaces.Analyzers.Tests;

/// <summary>
/// The catalogue, the descriptors and what users read agree: every ID in <see cref="DiagnosticIds"/> has one
/// descriptor, its help link, a page in docs/diagnostics, a release-tracking row and a README row with the same
/// severity; and no source file writes an ID as a literal.
/// </summary>
public class CatalogueTests
{
    private static readonly Regex ReadmeRow = new(
        @"^\| \[(?<id>NS\d{4})\]\((?<link>[^)]+)\) \| (?<severity>\w+) \|",
        RegexOptions.Multiline | RegexOptions.CultureInvariant);

    private static readonly Regex ReleaseRow = new(
        @"^(?<id>NS\d{4}) \| (?<category>\w+) \| (?<severity>\w+) \|",
        RegexOptions.Multiline | RegexOptions.CultureInvariant);

    public static IEnumerable<object[]> Ids() => CatalogueIds().Select(id => new object[] { id });

    [Fact]
    public void EveryCatalogueIdHasExactlyOneDescriptorAndEveryDescriptorIsInTheCatalogue()
    {
        var descriptors = AllDescriptors();
        Assert.Equal(CatalogueIds().OrderBy(id => id), descriptors.Select(d => d.Id).OrderBy(id => id));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void DescriptorLinksToItsPageAndUsesACatalogueCategory(string id)
    {
        var descriptor = AllDescriptors().Single(d => d.Id == id);
        Assert.Equal(HelpLinks.For(id), descriptor.HelpLinkUri);
        Assert.Contains(descriptor.Category, new[] { DiagnosticCategories.Reliability, DiagnosticCategories.Usage, DiagnosticCategories.Performance });

        var page = Repository.PathOf("docs/diagnostics/" + id + ".md");
        Assert.True(File.Exists(page), $"{id} has no page at {page}");
        var text = File.ReadAllText(page);
        Assert.StartsWith("# " + id + ":", text, StringComparison.Ordinal);
        Assert.Contains("| Severity | " + descriptor.DefaultSeverity, text, StringComparison.Ordinal);
        Assert.Contains("| Category | " + descriptor.Category + " |", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadmeDiagnosticsTableMatchesTheDescriptors()
    {
        var readme = File.ReadAllText(Repository.PathOf("README.md"));
        var rows = ReadmeRow.Matches(readme).ToDictionary(m => m.Groups["id"].Value, m => m);
        var descriptors = AllDescriptors();
        Assert.Equal(descriptors.Select(d => d.Id).OrderBy(id => id), rows.Keys.OrderBy(id => id));
        foreach (var descriptor in descriptors)
        {
            var row = rows[descriptor.Id];
            Assert.Equal("docs/diagnostics/" + descriptor.Id + ".md", row.Groups["link"].Value);
            Assert.True(
                string.Equals(descriptor.DefaultSeverity.ToString(), row.Groups["severity"].Value, StringComparison.OrdinalIgnoreCase),
                $"README says {descriptor.Id} is {row.Groups["severity"].Value}; its descriptor says {descriptor.DefaultSeverity}");
        }
    }

    [Fact]
    public void ReleaseTrackingMatchesTheDescriptors()
    {
        var rows = new[] { "src/Namespaces.Analyzers", "src/Namespaces.Generators" }
            .SelectMany(folder => ReleaseRow.Matches(File.ReadAllText(Repository.PathOf(folder + "/AnalyzerReleases.Unshipped.md"))))
            .ToDictionary(m => m.Groups["id"].Value, m => (Category: m.Groups["category"].Value, Severity: m.Groups["severity"].Value));
        foreach (var descriptor in AllDescriptors())
        {
            Assert.True(rows.TryGetValue(descriptor.Id, out var row), $"{descriptor.Id} is not in AnalyzerReleases.Unshipped.md");
            Assert.Equal((descriptor.Category, descriptor.DefaultSeverity.ToString()), row);
        }
    }

    [Fact]
    public void NoSourceFileWritesADiagnosticIdAsALiteral()
    {
        var catalogue = Path.GetFullPath(Repository.PathOf("src/Shared/Diagnostics/DiagnosticIds.cs"));
        var literal = new Regex("\"NS\\d{4}", RegexOptions.CultureInvariant);
        var offenders = Directory.EnumerateFiles(Repository.PathOf("src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Where(f => Path.GetFullPath(f) != catalogue && literal.IsMatch(File.ReadAllText(f)))
            .ToList();
        Assert.True(offenders.Count == 0, "IDs written as literals instead of DiagnosticIds constants in:\n" + string.Join("\n", offenders));
    }

    private static IEnumerable<string> CatalogueIds() =>
        typeof(DiagnosticIds).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetRawConstantValue()!);

    private static List<DiagnosticDescriptor> AllDescriptors() =>
        new[] { typeof(ThreadHopAnalyzer).Assembly, typeof(Namespaces.Generators.RunInNamespaceAnalyzer).Assembly }
            .SelectMany(assembly => assembly.GetTypes())
            .Where(type => !type.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(type) && type.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .SelectMany(type => ((DiagnosticAnalyzer)Activator.CreateInstance(type)!).SupportedDiagnostics)
            .GroupBy(d => d.Id)
            .Select(g => g.First())
            .ToList();
}

using System;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Namespaces.Generators.Tests.Infrastructure;

/// <summary>
/// Compares generated files with the committed <c>Snapshots/&lt;scenario&gt;/*.verified.cs</c> files (the role
/// Verify.SourceGenerators would play, which does not restore here). A missing, extra or different file fails;
/// the received text is written beside it as <c>*.received.cs</c> (git-ignored) for diffing. Set
/// <c>NAMESPACES_ACCEPT=1</c> to rewrite the expected files instead.
/// </summary>
internal static class Snapshots
{
    public const string AcceptVariable = "NAMESPACES_ACCEPT";

    public static void Verify(string scenario, GeneratorDriverRunResult result)
    {
        var directory = Path.Combine(ProjectDirectory(), "Snapshots", scenario);
        var accept = Environment.GetEnvironmentVariable(AcceptVariable) == "1";
        var generated = result.Results.SelectMany(r => r.GeneratedSources)
            .ToDictionary(s => VerifiedName(s.HintName), s => s.SourceText.ToString());

        Directory.CreateDirectory(directory);
        foreach (var stale in Directory.GetFiles(directory, "*.received.cs"))
        {
            File.Delete(stale);
        }

        var expectedFiles = Directory.GetFiles(directory, "*.verified.cs").Select(Path.GetFileName).ToList();
        if (accept)
        {
            foreach (var extra in expectedFiles.Where(name => !generated.ContainsKey(name!)))
            {
                File.Delete(Path.Combine(directory, extra!));
            }

            foreach (var (name, text) in generated)
            {
                File.WriteAllText(Path.Combine(directory, name), text);
            }

            return;
        }

        var problems = new System.Collections.Generic.List<string>();
        foreach (var extra in expectedFiles.Where(name => !generated.ContainsKey(name!)))
        {
            problems.Add($"{extra}: expected, but the generator did not produce it");
        }

        foreach (var (name, text) in generated)
        {
            var path = Path.Combine(directory, name);
            if (!File.Exists(path))
            {
                problems.Add($"{name}: generated, but no expected file is committed");
                File.WriteAllText(Path.ChangeExtension(path, null).Replace(".verified", ".received") + ".cs", text);
            }
            else if (File.ReadAllText(path).ReplaceLineEndings("\n") != text)
            {
                problems.Add($"{name}: differs from the expected file\n{FirstDifference(File.ReadAllText(path).ReplaceLineEndings("\n"), text)}");
                File.WriteAllText(Path.ChangeExtension(path, null).Replace(".verified", ".received") + ".cs", text);
            }
        }

        Assert.True(problems.Count == 0,
            $"Snapshot '{scenario}' does not match ({directory}); rerun with {AcceptVariable}=1 to accept:\n" + string.Join("\n", problems));
    }

    /// <summary><c>Demo.Net.Interfaces.g.cs</c> is expected in <c>Demo.Net.Interfaces.g.verified.cs</c>.</summary>
    private static string VerifiedName(string hintName) =>
        (hintName.EndsWith(".cs", StringComparison.Ordinal) ? hintName[..^3] : hintName) + ".verified.cs";

    private static string FirstDifference(string expected, string actual)
    {
        var expectedLines = expected.Split('\n');
        var actualLines = actual.Split('\n');
        for (var i = 0; i < Math.Max(expectedLines.Length, actualLines.Length); i++)
        {
            var e = i < expectedLines.Length ? expectedLines[i] : "<end of file>";
            var a = i < actualLines.Length ? actualLines[i] : "<end of file>";
            if (e != a)
            {
                return $"  line {i + 1}\n  expected: {e}\n  actual:   {a}";
            }
        }

        return "  (no line differs)";
    }

    /// <summary>The test project's source folder: this file lives in its Infrastructure folder.</summary>
    private static string ProjectDirectory([CallerFilePath] string thisFile = "") =>
        Path.GetDirectoryName(Path.GetDirectoryName(thisFile))!;
}

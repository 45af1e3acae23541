using System;
using System.IO;

namespace Namespaces.Analyzers.Tests;

/// <summary>The repository the tests were built from: the runtime project, the docs and the README they check.</summary>
internal static class Repository
{
    /// <summary>The folder holding Namespaces.sln, found above the test assembly.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>A path below the root, written with '/' separators.</summary>
    public static string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Namespaces.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Namespaces.sln above {AppContext.BaseDirectory}: these tests read the repository's projects, docs and README.");
    }
}

using System;
using System.IO;

namespace Namespaces.Tests.Support;

/// <summary>A directory under /tmp removed (recursively, after unmounting nothing) at the end of a test.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = Directory.CreateTempSubdirectory("ns-test-").FullName;
    }

    public string Path { get; }

    public string Combine(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A mount left behind by a failed test keeps the directory busy; the test itself reports the failure.
        }
    }
}

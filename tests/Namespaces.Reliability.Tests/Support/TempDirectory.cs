using System;
using System.IO;

namespace Namespaces.Reliability.Tests.Support;

/// <summary>A directory under /tmp, removed at the end of a test (a mount left in it keeps it, and the leak check reports the mount).</summary>
internal sealed class TempDirectory : IDisposable
{
    /// <summary>Where every temp directory of the suite starts.</summary>
    public static readonly string Prefix = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ns-reliability-");

    public TempDirectory() => Path = Directory.CreateTempSubdirectory("ns-reliability-").FullName;

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
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

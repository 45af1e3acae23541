using System;
using System.IO;

namespace Namespaces.Testing;

/// <summary>A directory under /tmp, removed (recursively) at the end of a test; a mount left in it keeps it, and the test reports the mount.</summary>
public sealed class TempDirectory : IDisposable
{
    /// <summary>The prefix a test assembly that counts its own mounts passes, so that other assemblies' directories are not counted.</summary>
    /// <param name="prefix">The start of the directory's name under /tmp, e.g. "ns-reliability-".</param>
    public TempDirectory(string prefix = "ns-test-")
    {
        Path = Directory.CreateTempSubdirectory(prefix).FullName;
    }

    /// <summary>The directory.</summary>
    public string Path { get; }

    /// <summary>A path inside the directory.</summary>
    public string Combine(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Removes the directory, unless something keeps it (a mount, a permission).</summary>
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
        catch (UnauthorizedAccessException)
        {
        }
    }
}

using System;
using System.IO;
using Namespaces.Testing;
using Xunit;

namespace Namespaces.Tests.Support;

/// <summary>Starts tests/Namespaces.TestHost in a child process, optionally under a wrapper (setpriv, unshare).</summary>
internal static class TestHost
{
    public static string Create(string flags, params string[] wrapper)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "Namespaces.TestHost.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: the test project references tests/Namespaces.TestHost, which should copy it here.");
        // The dotnet CLI tells its children where it is; fall back to the test host's own muxer.
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : Environment.ProcessPath ?? "dotnet";
        string[] command = [.. wrapper, dotnet, dll, "create", flags];
        (int code, string output) = Kernel.Run(command[0], command[1..]);
        Assert.True(code == 0, $"{string.Join(' ', command)} exited with {code}: {output}");
        return output.Trim();
    }
}

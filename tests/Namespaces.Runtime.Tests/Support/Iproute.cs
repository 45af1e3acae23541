using System;
using System.Linq;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;
using Namespaces.Testing;
using Xunit;

namespace Namespaces.Tests.Support;

/// <summary>iproute2 run inside a set's network namespace (`nsenter --net=/proc/PID/fd/N ip -j ...`): the cross-check of the netlink client.</summary>
internal static class Iproute
{
    /// <summary>Runs `ip ARGS` inside the set; fails the test on a non-zero exit. Returns the output.</summary>
    public static string Ip(NamespaceSet set, params string[] arguments)
    {
        (int code, string output) = TryIp(set, arguments);
        Assert.True(code == 0, $"ip {string.Join(' ', arguments)} exited with {code}: {output}");
        return output;
    }

    /// <summary>Runs `ip ARGS` inside the set and returns its exit code and output.</summary>
    public static (int ExitCode, string Output) TryIp(NamespaceSet set, params string[] arguments)
    {
        Kernel.RequireProgram("ip");
        Kernel.RequireProgram("nsenter");
        using FdSet fds = set.Fds(NS.Net);
        SafeFileHandle net = fds[NS.Net];
        return Kernel.Run("nsenter", [$"--net=/proc/{Environment.ProcessId}/fd/{net.DangerousGetHandle()}", "ip", .. arguments]);
    }

    /// <summary>`ip -j ARGS` inside the set, parsed.</summary>
    public static JsonElement[] Json(NamespaceSet set, params string[] arguments)
    {
        string output = Ip(set, ["-j", .. arguments]);
        using JsonDocument document = JsonDocument.Parse(output.Length == 0 ? "[]" : output);
        return document.RootElement.EnumerateArray().Select(e => e.Clone()).ToArray();
    }

    /// <summary>The link named <paramref name="name"/> as `ip -j -d link show` gives it.</summary>
    public static JsonElement Link(NamespaceSet set, string name) => Assert.Single(Json(set, "-d", "link", "show", "dev", name));

    /// <summary>Link names inside the set.</summary>
    public static string[] LinkNames(NamespaceSet set) => Json(set, "link", "show").Select(l => l.GetProperty("ifname").GetString()!).Order(StringComparer.Ordinal).ToArray();

    /// <summary>"ADDRESS/PREFIX" of every address on a link.</summary>
    public static string[] Addresses(NamespaceSet set, string link) => Json(set, "addr", "show", "dev", link)
        .SelectMany(l => l.GetProperty("addr_info").EnumerateArray())
        .Select(a => $"{a.GetProperty("local").GetString()}/{a.GetProperty("prefixlen").GetInt32()}")
        .ToArray();

    /// <summary>Whether the kernel was built with a driver (CONFIG_X=y; this machine's kernel has no modules).</summary>
    public static bool KernelHas(string config)
    {
        using var file = System.IO.File.OpenRead("/proc/config.gz");
        using var gzip = new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionMode.Decompress);
        using var reader = new System.IO.StreamReader(gzip);
        string text = reader.ReadToEnd();
        return text.Contains($"\n{config}=y", StringComparison.Ordinal) || text.Contains($"\n{config}=m", StringComparison.Ordinal);
    }
}

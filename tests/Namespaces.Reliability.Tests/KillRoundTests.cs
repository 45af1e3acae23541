using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Namespaces.Reliability.Tests.Support;
using Namespaces.Testing;
using Xunit;

namespace Namespaces.Reliability.Tests;

/// <summary>
/// SIGKILL at a random moment while a process creates namespaces or starts processes: afterwards no process of its
/// (helper, pid init, started program) is left anywhere on the machine, and no /run/netns entry blocks the name.
/// The kill target is KillTarget/Program.cs, killed after a random 0–40 ms of its loop.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class KillRoundTests
{
    private const int Rounds = 6;

    [Theory]
    [InlineData("create-user-net")]
    [InlineData("create-pid")]
    [InlineData("unshare-user")]
    [InlineData("unshare-user-maps")]
    [InlineData("netns-add")]
    [InlineData("start-process")]
    public async Task SigkillAtARandomMoment_LeavesNoProcessAndNoEntryThatBlocksTheName(string mode)
    {
        Kernel.RequireRoot();
        var random = new Random(mode.GetHashCode(StringComparison.Ordinal));
        for (int round = 0; round < Rounds; round++)
        {
            // A token no other process has in its command line: a number of seconds for sleep, a name for netns-add.
            string token = mode == "netns-add"
                ? "kill-round-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "-" + round.ToString(CultureInfo.InvariantCulture)
                : (90_000 + Environment.ProcessId % 1000 * 10 + round).ToString(CultureInfo.InvariantCulture);
            string path = Path.Combine("/run/netns", token);
            using Process target = ChildProgram.Start([.. KillTarget(), mode, token]);
            Task<string?> readLine = target.StandardOutput.ReadLineAsync();
            if (await Task.WhenAny(readLine, Task.Delay(TimeSpan.FromSeconds(60))) != readLine || await readLine != "ready")
            {
                target.Kill();
                Assert.Fail($"round {round} of {mode}: the target did not get ready: '{(readLine.IsCompleted ? await readLine : "(nothing in 60 s)")}' {await target.StandardError.ReadToEndAsync()}");
            }

            Thread.Sleep(random.Next(0, 40));
            target.Kill();
            Assert.True(target.WaitForExit(10_000), "the target did not die");
            int pid = target.Id;

            string[] left = [];
            bool clean = SpinWait.SpinUntil(() => (left = LeftBehind(pid, token)).Length == 0, TimeSpan.FromSeconds(10));
            Assert.True(clean, $"round {round} of {mode}: left running after SIGKILL: {string.Join("; ", left)}");

            if (mode == "netns-add")
            {
                // The name is free, or names a whole namespace (the kill came after the mount): either way Add works.
                if (File.Exists(path))
                {
                    try
                    {
                        NamedNetns.Open(token).Dispose(); // a whole entry: the target's, to remove
                        NamedNetns.Delete(token);
                    }
                    catch (NamespaceException)
                    {
                        // Half-made (an empty file): Add must take the name anyway.
                    }
                }

                using NamespaceSet set = NamespaceSet.Create(NS.Net);
                NamedNetns.Add(set, token);
                NamedNetns.Delete(token);
                Assert.False(File.Exists(path));
            }
            ChildProgram.Close(target);
        }
    }

    private static string[] KillTarget()
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "Namespaces.Reliability.KillTarget.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: the test project references KillTarget/, which should copy it here.");
        return [ChildProgram.Dotnet, dll];
    }

    /// <summary>
    /// Every process on the machine that belongs to the dead target: a native helper or pid init names the target's
    /// descriptors (/proc/TARGET/fd/N) in its arguments; a started program has the token in its own.
    /// </summary>
    private static string[] LeftBehind(int target, string token)
    {
        string mark = $"/proc/{target}/fd/";
        return Directory.GetDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out int pid) ? pid : 0)
            .Where(pid => pid > 0 && pid != Environment.ProcessId)
            .Select(pid => (Pid: pid, Command: CommandLine(pid)))
            .Where(p => p.Command.Contains(mark, StringComparison.Ordinal) || p.Command.Split(' ').Contains(token))
            .Select(p => $"{p.Pid}: {p.Command}")
            .ToArray();
    }

    private static string CommandLine(int pid)
    {
        try
        {
            return Encoding.UTF8.GetString(File.ReadAllBytes($"/proc/{pid}/cmdline")).Replace('\0', ' ').Trim();
        }
        catch (IOException)
        {
            return "";
        }
    }
}

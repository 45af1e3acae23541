using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Namespaces;

/// <summary>
/// The helper's resource-limit scenarios: the library must fail the call that hits a limit with a typed exception,
/// keep the process alive, and work again once the limit is lifted. Every step prints "step NAME OUTCOME".
/// </summary>
internal static class Limits
{
    public static int Descriptors()
    {
        PrepareRuntime();
        // A program that has used the library (its assemblies are loaded: a load that fails for want of a
        // descriptor stays failed for the life of the process, whatever the library does).
        using NamespaceSet existing = NamespaceSet.Create(NS.Net);
        Step("first-use", () => Use());
        existing.Do(() => { });

        // Fill the table: every later open in the process fails with EMFILE until these are closed.
        var filler = new List<FileStream>();
        try
        {
            while (true)
            {
                filler.Add(new FileStream("/dev/null", FileMode.Open, FileAccess.Read));
            }
        }
        catch (IOException)
        {
        }

        Step("create-with-a-full-table", () => Use());
        Step("call-an-existing-set-with-a-full-table", () => existing.Do(() => { }));
        foreach (FileStream stream in filler.Take(filler.Count / 2))
        {
            stream.Dispose();
        }

        // Now sets can be made, until the table is full again.
        var sets = new List<NamespaceSet>();
        Step("sets-until-full", () =>
        {
            while (true)
            {
                NamespaceSet set = NamespaceSet.Create(NS.Net);
                sets.Add(set);
                set.Do(() => { });
            }
        });
        Console.WriteLine($"step sets-made {sets.Count}");
        sets.ForEach(s => s.Dispose());
        filler.ForEach(f => f.Dispose());
        Step("after-freeing", () => Use());
        return 0;
    }

    public static int Threads(string cgroup)
    {
        PrepareRuntime();
        int threads = Directory.GetDirectories("/proc/self/task").Length;
        File.WriteAllText(Path.Combine(cgroup, "pids.max"), threads.ToString(System.Globalization.CultureInfo.InvariantCulture));
        File.WriteAllText(Path.Combine(cgroup, "cgroup.procs"), Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Step("first-use-without-threads", () => Use());

        // Room for the home thread, the runtime's service threads and two namespace threads; then more blocking
        // calls at once than there are threads: the ones beyond wait for a thread instead of failing or hanging.
        File.WriteAllText(Path.Combine(cgroup, "pids.max"), "max");
        Step("warm-up-with-room", () => Use());
        using var release = new ManualResetEventSlim();
        var callers = Enumerable.Range(0, 6).Select(_ => new Thread(() => Block(release)) { IsBackground = true }).ToArray();
        Array.ForEach(callers, c => c.Start()); // the callers exist before the limit is tightened again
        int now = Directory.GetDirectories("/proc/self/task").Length;
        File.WriteAllText(Path.Combine(cgroup, "pids.max"), (now + 2).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Thread.Sleep(300);
        release.Set();
        bool joined = callers.All(c => c.Join(TimeSpan.FromSeconds(30)));
        Console.WriteLine($"step blocking-callers {(joined ? "all-returned" : "hung")} completed={Volatile.Read(ref s_completed)} failed={Volatile.Read(ref s_failed)}");
        File.WriteAllText(Path.Combine(cgroup, "pids.max"), "max");
        Step("after-raising", () => Use());
        return 0;
    }

    /// <summary>
    /// What the runtime itself needs before a limit is met, as any program would have it by then: the console (it
    /// starts a thread and dups descriptors on first use) and globalization (ICU is loaded on first use).
    /// </summary>
    private static void PrepareRuntime()
    {
        Console.WriteLine("step start ok");
        _ = System.Globalization.CultureInfo.CurrentCulture.CompareInfo.Compare("a", "B");
        _ = TimeZoneInfo.Local;
    }

    private static int s_completed;
    private static int s_failed;

    private static void Block(ManualResetEventSlim release)
    {
        try
        {
            using NamespaceSet set = NamespaceSet.Create(NS.Net);
            set.Do(() => release.Wait());
            Interlocked.Increment(ref s_completed);
        }
        catch (NamespaceException e)
        {
            Interlocked.Increment(ref s_failed);
            Console.WriteLine($"step blocking-call-refused NamespaceException {e.ErrnoName}");
        }
    }

    private static void Use()
    {
        using NamespaceSet set = NamespaceSet.Create(NS.Net);
        string inside = set.Do(() => new FileInfo("/proc/thread-self/ns/net").LinkTarget ?? "?");
        if (inside != set.Id(NS.Net))
        {
            throw new InvalidOperationException($"the body ran in {inside}, not {set.Id(NS.Net)}");
        }
    }

    /// <summary>Runs a step and prints "step NAME ok", or the exception type and errno it failed with.</summary>
    private static void Step(string name, Action action)
    {
        try
        {
            action();
            Console.WriteLine($"step {name} ok");
        }
        catch (NamespaceException e)
        {
            Console.WriteLine($"step {name} NamespaceException {e.ErrnoName} {e.Message.Replace('\n', ' ')}");
        }
        catch (Exception e)
        {
            Console.WriteLine($"step {name} {e.GetType().Name} {e.Message.Replace('\n', ' ')}");
        }
        Console.Out.Flush();
    }
}

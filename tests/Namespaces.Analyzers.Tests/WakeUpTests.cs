using System.Threading.Tasks;
using Xunit;
using static Namespaces.Analyzers.Tests.SourceHeader;
using Verify = Namespaces.Analyzers.Tests.AnalyzerVerifier<Namespaces.Analyzers.ThreadHopAnalyzer>;

namespace Namespaces.Analyzers.Tests;

/// <summary>NS1007: code in a body that wakes a thread waiting elsewhere.</summary>
public class WakeUpTests
{
    [Fact]
    public Task CompletingReleasingCancellingWritingAndSettingAreReported() => Verify.VerifyAsync(Usings + """
        static partial class Net
        {
            [RunInNamespace(NS.Net)]
            static void Body(TaskCompletionSource done, TaskCompletionSource<int> result, SemaphoreSlim gate,
                CancellationTokenSource cts, ChannelWriter<int> writer, ManualResetEventSlim ready)
            {
                done.{|#0:SetResult|}();
                result.{|#1:TrySetResult|}(1);
                result.{|#2:TrySetException|}(new Exception());
                gate.{|#3:Release|}();
                cts.{|#4:Cancel|}();
                writer.{|#5:TryWrite|}(1);
                writer.{|#6:TryComplete|}();
                ready.{|#7:Set|}();
            }
        }
        """,
        Verify.Diagnostic("NS1007").WithLocation(0).WithArguments("'TaskCompletionSource.SetResult'", string.Empty),
        Verify.Diagnostic("NS1007").WithLocation(1).WithArguments("'TaskCompletionSource.TrySetResult'", string.Empty),
        Verify.Diagnostic("NS1007").WithLocation(2).WithArguments("'TaskCompletionSource.TrySetException'", string.Empty),
        Verify.Diagnostic("NS1007").WithLocation(3).WithArguments("'SemaphoreSlim.Release'", string.Empty),
        Verify.Diagnostic("NS1007").WithLocation(4).WithArguments("'CancellationTokenSource.Cancel'", string.Empty),
        Verify.Diagnostic("NS1007").WithLocation(5).WithArguments("'ChannelWriter.TryWrite'", string.Empty),
        Verify.Diagnostic("NS1007").WithLocation(6).WithArguments("'ChannelWriter.TryComplete'", string.Empty),
        Verify.Diagnostic("NS1007").WithLocation(7).WithArguments("'ManualResetEventSlim.Set'", string.Empty));

    [Fact]
    public Task ProcessEventsAsyncReadsAndFileSystemWatchersAreReported() => Verify.VerifyAsync(Usings + """
        static partial class Net
        {
            [RunInNamespace(NS.Net)]
            static void Body(Process process, FileSystemWatcher watcher, ChannelWriter<int> writer)
            {
                process.{|#0:EnableRaisingEvents|} = true;
                process.{|#1:BeginOutputReadLine|}();
                watcher.{|#2:EnableRaisingEvents|} = true;
                watcher.EnableRaisingEvents = false;
                writer.{|#3:WriteAsync|}(1);
            }
        }
        """,
        Verify.Diagnostic("NS1007").WithLocation(0).WithArguments("'Process.EnableRaisingEvents'", string.Empty),
        Verify.Diagnostic("NS1007").WithLocation(1).WithArguments("'Process.BeginOutputReadLine'", string.Empty),
        Verify.Diagnostic("NS1007").WithLocation(2).WithArguments("'FileSystemWatcher.EnableRaisingEvents'", string.Empty),
        // A wake-up that returns a ValueTask is reported once, as the wake-up.
        Verify.Diagnostic("NS1007").WithLocation(3).WithArguments("'ChannelWriter.WriteAsync'", string.Empty));

    [Fact]
    public Task WakeUpsInHelpersAreReportedAtTheCall() => Verify.VerifyAsync(Usings + """
        sealed class Job
        {
            private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
            public void Finish() => _done.TrySetResult();
        }

        static partial class Net
        {
            [RunInNamespace(NS.Net)]
            static void Body(Job job) => job.{|#0:Finish|}();
        }
        """,
        Verify.Diagnostic("NS1007").WithLocation(0).WithArguments("'TaskCompletionSource.TrySetResult'", " (via Finish)"));

    [Fact]
    public Task WaitingCreatingAndWakingOutsideABodyAreNotReported() => Verify.VerifyAsync(Usings + """
        static partial class Net
        {
            [RunInNamespace(NS.Net)]
            static bool Body(SemaphoreSlim gate, ManualResetEventSlim ready, CancellationToken token)
            {
                var source = new TaskCompletionSource<int>();
                gate.Wait();
                ready.Wait(10);
                return token.IsCancellationRequested || source.Task.IsCompleted;
            }

            static void Outside(TaskCompletionSource done, SemaphoreSlim gate, CancellationTokenSource cts)
            {
                done.SetResult();
                gate.Release();
                cts.Cancel();
            }
        }
        """);
}

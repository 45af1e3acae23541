using System;
using System.Threading;
using System.Threading.Tasks;

namespace Namespaces.Reliability.Tests.Support;

/// <summary>
/// Work on a thread of its own whose task never runs its awaiter's continuation inline: otherwise the test's own
/// code would continue on that thread, which then could not end before the thread count is taken.
/// </summary>
internal static class Dedicated
{
    private const TaskCreationOptions Options = TaskCreationOptions.LongRunning | TaskCreationOptions.RunContinuationsAsynchronously;

    public static Task<T> Run<T>(Func<T> work) => Task.Factory.StartNew(work, CancellationToken.None, Options, TaskScheduler.Default);

    public static Task Run(Action work) => Task.Factory.StartNew(work, CancellationToken.None, Options, TaskScheduler.Default);
}

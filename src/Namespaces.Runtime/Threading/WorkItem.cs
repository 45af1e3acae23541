using System;

namespace Namespaces.Threading;

/// <summary>Something a namespace thread (or the home thread) runs. Implementations never throw out of <see cref="Execute"/>.</summary>
internal abstract class WorkItem
{
    /// <summary>Runs the item on the thread that dequeued it.</summary>
    public abstract void Execute();

    /// <summary>Completes the item with <paramref name="error"/> if it has not started; called when its group shuts down.</summary>
    public abstract void Fail(Exception error);
}

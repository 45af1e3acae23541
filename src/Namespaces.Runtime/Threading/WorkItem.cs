using System;

namespace Namespaces.Threading;

/// <summary>Something a namespace thread (or the home thread) runs. Implementations never throw out of <see cref="Execute"/>.</summary>
internal abstract class WorkItem
{
    /// <summary>Runs the item on the thread that dequeued it.</summary>
    public abstract void Execute();

    /// <summary>
    /// The first half of <see cref="Execute"/>: the work, without telling whoever waits for it. A namespace thread
    /// splits the two so that it can become claimable between them: the caller, once told, often calls again at once.
    /// </summary>
    public virtual void RunWork() => Execute();

    /// <summary>The second half: tells the waiter (after <see cref="RunWork"/>). After this the item may be reused: touch nothing of it.</summary>
    public virtual void NotifyDone()
    {
    }

    /// <summary>Completes the item with <paramref name="error"/> if it has not started; called when its group shuts down.</summary>
    public abstract void Fail(Exception error);
}

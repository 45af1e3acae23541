using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Threading;

namespace Namespaces.Creation;

/// <summary>
/// A child made with clone(2) that sits in a blocking system call inside new namespaces until it is killed. It
/// shares our memory and fd table (CLONE_VM | CLONE_FILES: no copy of the page tables, no copy of our fds to
/// keep sockets or other namespaces alive), has exit signal 0 (no SIGCHLD, invisible to waitpid(-1) elsewhere)
/// and runs no managed code. It serves two purposes: creating a user namespace, which a multithreaded process
/// cannot do with unshare, and being the first process (init) of a new pid namespace for as long as a set needs it.
/// </summary>
internal sealed unsafe class ChildProcess
{
    private const int StackSize = 64 * 1024;
    private static readonly ConcurrentDictionary<int, ChildProcess> s_live = new();
    private static int s_exitHookInstalled;

    private void* _stack;
    private int _references = 1;

    private ChildProcess(int pid, void* stack)
    {
        Pid = pid;
        _stack = stack;
    }

    public int Pid { get; }

    /// <summary>Starts a child in the namespaces <paramref name="namespaces"/> creates (CLONE_NEW* flags).</summary>
    /// <exception cref="NamespaceException">clone failed.</exception>
    public static ChildProcess Start(NS namespaces)
    {
        InstallExitHook();
        void* stack = NativeMemory.AlignedAlloc(StackSize, 16);
        Interop.Error error;
        int pid;
        // With every signal blocked, no handler of ours can run in the child, on its tiny stack.
        Interop.Error blocked = Interop.BlockAllSignals(out Interop.SignalSet previous);
        Debug.Assert(blocked == Interop.Error.SUCCESS, "pthread_sigmask fails only for a bad 'how'");
        try
        {
            error = Interop.CloneBlockedChild(Interop.CloneFlags.CLONE_VM | Interop.CloneFlags.CLONE_FILES | (int)namespaces, (byte*)stack + StackSize, out pid);
        }
        finally
        {
            Interop.Error restored = Interop.RestoreSignals(previous);
            Debug.Assert(restored == Interop.Error.SUCCESS, "pthread_sigmask fails only for a bad 'how'");
        }
        if (error != Interop.Error.SUCCESS)
        {
            NativeMemory.AlignedFree(stack);
            throw NamespaceException.FromErrno("Creating namespaces with clone", error, namespaces);
        }
        var child = new ChildProcess(pid, stack);
        s_live[pid] = child;
        return child;
    }

    /// <summary>
    /// One more owner (a set that shares the pid namespace this child is init of), unless the last owner has already
    /// let go: then the child is being killed or is gone, and this returns null.
    /// </summary>
    public ChildProcess? TryAcquire()
    {
        int references = Volatile.Read(ref _references);
        while (references > 0)
        {
            int seen = Interlocked.CompareExchange(ref _references, references + 1, references);
            if (seen == references)
            {
                return this;
            }

            references = seen;
        }
        return null;
    }

    /// <summary>Drops an owner; the last one kills the child, and the <see cref="ChildReaper"/> reaps it and frees its stack.</summary>
    public void Release()
    {
        int references = Interlocked.Decrement(ref _references);
        Debug.Assert(references >= 0, "released more often than acquired");
        if (references == 0)
        {
            Kill();
        }
    }

    private void Kill()
    {
        if (!s_live.TryRemove(Pid, out _))
        {
            return;
        }

        Interop.Error killed = Interop.Kill(Pid, Interop.SIGKILL);
        Debug.Assert(killed == Interop.Error.SUCCESS, "our own child, not yet reaped, can always be killed");
        ChildReaper.Enqueue(Reap);
    }

    private void Reap()
    {
        Interop.Error reaped = Interop.Reap(Pid);
        Debug.Assert(reaped == Interop.Error.SUCCESS, "only the reaper waits for this child");
        // The stack may only go once the kernel has stopped using it, i.e. after the reap.
        NativeMemory.AlignedFree(_stack);
        _stack = null;
    }

    // A child outliving the process would keep its whole address space (CLONE_VM) alive: kill them on the way out.
    // A process killed by SIGKILL cannot do this; its pid-namespace inits are then reparented and keep running.
    private static void InstallExitHook()
    {
        if (Interlocked.Exchange(ref s_exitHookInstalled, 1) == 0)
        {
            AppDomain.CurrentDomain.ProcessExit += static (_, _) =>
            {
                foreach (ChildProcess child in s_live.Values)
                {
                    child.Kill();
                }

                ChildReaper.Drain();
            };
        }
    }

    /// <summary>How many such children are alive or not yet reaped (tests check that none leak).</summary>
    internal static int LiveCount => s_live.Count + ChildReaper.Pending;
}

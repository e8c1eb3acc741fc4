using System.Runtime.InteropServices;

namespace Tributary.Server.Hosting;

/// <summary>
/// Runs the server's own upkeep (the periodic compaction into the lake) on a thread of its own at a lower scheduling
/// priority, so that when the cores are busy, requests and the graph come first and the upkeep takes what they leave.
/// A compaction of the log a burst of ingest left behind (two million events: 20 s of a core) otherwise takes an equal
/// share of both cores from the requests that come next. What a priority cannot change is that its allocations set off
/// collections that pause the requests too: `bench server`'s corpus single posts beside such a compaction measured
/// 13,125 and 14,667 events/s in two runs at nice 10 but 8,831 in a third, against 8,215 before. On Linux the
/// thread's nice value is raised to <see cref="Nice"/>: against busy threads of nice 0 it gets about a tenth of a core,
/// so it still makes progress under sustained load, and all the idle time there is. Elsewhere it runs below normal
/// priority. A Linux thread inherits the nice value of the thread that starts it, so the upkeep's thread hands its outcome
/// over without queueing anything to the thread pool itself, and goes back to nice 0 first where the process may (as
/// root); the work given should not start threads or queue pool work of its own.
/// </summary>
internal static class BackgroundPriority
{
    /// <summary>The nice value of the upkeep's thread on Linux (0 is the default; 19 the lowest).</summary>
    public const int Nice = 10;

    /// <summary>
    /// Runs <paramref name="work"/> on a new thread of lower priority and completes with its result. The work's
    /// synchronous parts (nearly all of a compaction) run there; what continues after a real asynchronous wait runs
    /// wherever that wait completes.
    /// </summary>
    public static Task<T> RunAsync<T>(Func<Task<T>> work)
    {
        var done = new TaskCompletionSource<T>();
        T outcome = default!;
        Exception? failure = null;
        var finished = new ManualResetEvent(false);
        RegisteredWaitHandle? registration = null;

        // The caller learns the outcome from the runtime's wait thread, which the event wakes: the upkeep's thread queues
        // nothing to the thread pool itself, so no pool worker is ever started from it (a Linux thread inherits the nice
        // value of the thread that starts it, and such a worker would serve requests below their priority for good).
        registration = ThreadPool.RegisterWaitForSingleObject(
            finished,
            (_, _) =>
            {
                // Set only by the thread started below, after `registration` is assigned.
                registration!.Unregister(null);
                finished.Dispose();
                _ = failure switch
                {
                    null => done.TrySetResult(outcome),
                    OperationCanceledException cancelled => done.TrySetCanceled(cancelled.CancellationToken),
                    _ => done.TrySetException(failure),
                };
            },
            null,
            Timeout.Infinite,
            executeOnlyOnce: true);
        var thread = new Thread(() =>
        {
            Set(Nice);
            try
            {
                outcome = work().GetAwaiter().GetResult();
            }
            catch (Exception ex)
            {
                failure = ex;
            }

            Set(0);
            finished.Set();
        })
        {
            IsBackground = true,
            Name = "Tributary upkeep",
        };
        thread.Start();
        return done.Task;
    }

    // The calling thread only: on Linux, setpriority with PRIO_PROCESS and 0 applies to the calling thread. Going back
    // to 0 needs a privilege (root has it); without it the thread stays low until it ends with the work.
    private static void Set(int nice)
    {
        if (OperatingSystem.IsLinux())
        {
            // Failing leaves the thread where it was: the work is the same, only less polite (or less quick).
            _ = SetPriority(0, 0, nice);
        }
        else
        {
            Thread.CurrentThread.Priority = nice > 0 ? ThreadPriority.BelowNormal : ThreadPriority.Normal;
        }
    }

    // Blittable, so DllImport (no unsafe code).
    [DllImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static extern int SetPriority(int which, int who, int priority);
}

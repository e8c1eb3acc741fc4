using System.Runtime.InteropServices;

namespace Tributary.Server.Hosting;

/// <summary>
/// Runs the server's own upkeep (the periodic compaction into the lake) on a thread of its own at a lower scheduling
/// priority, so that when the cores are busy, requests and the graph come first and the upkeep takes what they leave.
/// A compaction of the log a burst of ingest left behind (two million events: 20 s of a core) otherwise took an equal
/// share of both cores from the requests that came next, and single posts dropped by a fifth while it ran. On Linux the
/// thread's nice value is raised to <see cref="Nice"/>: against busy threads of nice 0 it gets about a tenth of a core,
/// so it still makes progress under sustained load, and all the idle time there is. Elsewhere it runs below normal
/// priority.
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
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            Lower();
            try
            {
                done.TrySetResult(work().GetAwaiter().GetResult());
            }
            catch (OperationCanceledException ex)
            {
                done.TrySetCanceled(ex.CancellationToken);
            }
            catch (Exception ex)
            {
                done.TrySetException(ex);
            }
        })
        {
            IsBackground = true,
            Name = "Tributary upkeep",
        };
        thread.Start();
        return done.Task;
    }

    // The calling thread only: on Linux, setpriority with PRIO_PROCESS and 0 applies to the calling thread. Raising it
    // back would need a privilege, so the thread is never reused for other work (it ends with the work).
    private static void Lower()
    {
        if (OperatingSystem.IsLinux())
        {
            // Failing leaves the thread at normal priority: the work is the same, only less polite.
            _ = SetPriority(0, 0, Nice);
        }
        else
        {
            Thread.CurrentThread.Priority = ThreadPriority.BelowNormal;
        }
    }

    // Blittable, so DllImport (no unsafe code).
    [DllImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static extern int SetPriority(int which, int who, int priority);
}

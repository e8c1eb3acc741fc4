using System.Runtime.InteropServices;

namespace Tributary.Cli.Commands;

// The CPU time the calling thread has used, for benchmarks on a shared machine: a query's wall time there includes
// the time other processes held the core, its thread's CPU time does not (a collection it triggers runs on it and
// counts). Linux only; elsewhere it reports that it cannot measure.
internal static partial class ThreadCpuClock
{
    private const int ClockThreadCpuTime = 3; // CLOCK_THREAD_CPUTIME_ID

    public static bool IsAvailable { get; } = OperatingSystem.IsLinux() && Probe();

    /// <summary>The thread's CPU time in nanoseconds, or 0 where it cannot be read.</summary>
    public static long NowNanoseconds()
    {
        if (!IsAvailable || clock_gettime(ClockThreadCpuTime, out var spec) != 0)
        {
            return 0;
        }

        return (spec.Seconds * 1_000_000_000) + spec.Nanoseconds;
    }

    private static bool Probe()
    {
        try
        {
            return clock_gettime(ClockThreadCpuTime, out _) == 0;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int clock_gettime(int clock, out TimeSpec spec);
}

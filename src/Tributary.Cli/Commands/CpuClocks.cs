using System.Runtime.InteropServices;

namespace Tributary.Cli.Commands;

// CPU clocks for benchmarks on a shared machine, where wall time includes waits for a core and CPU time does not.
// Linux only; elsewhere each reports that it cannot measure.
internal static partial class CpuClocks
{
    private const int ClockThreadCpuTime = 3; // CLOCK_THREAD_CPUTIME_ID
    private const int RusageChildren = -1; // RUSAGE_CHILDREN

    /// <summary>Whether <see cref="ThreadNanoseconds"/> can be read here.</summary>
    public static bool ThreadClockAvailable { get; } = Try(() => clock_gettime(ClockThreadCpuTime, out _) == 0);

    /// <summary>The calling thread's CPU time in nanoseconds (a collection it triggers runs on it and counts), or 0.</summary>
    public static long ThreadNanoseconds() =>
        ThreadClockAvailable && clock_gettime(ClockThreadCpuTime, out var spec) == 0 ? (spec.Seconds * 1_000_000_000) + spec.Nanoseconds : 0;

    /// <summary>The CPU time (user and system) of every child process waited for so far, or null where it cannot be read.</summary>
    public static TimeSpan? ChildrenTime()
    {
        Usage usage = default;
        return Try(() => getrusage(RusageChildren, out usage) == 0)
            ? TimeSpan.FromMicroseconds((usage.UserSeconds * 1_000_000) + usage.UserMicroseconds + (usage.SystemSeconds * 1_000_000) + usage.SystemMicroseconds)
            : null;
    }

    private static bool Try(Func<bool> call)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            return call();
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

    // struct rusage on 64-bit Linux: two timevals, then fourteen longs this class does not read.
    [StructLayout(LayoutKind.Sequential)]
    private unsafe struct Usage
    {
        public long UserSeconds;
        public long UserMicroseconds;
        public long SystemSeconds;
        public long SystemMicroseconds;
        private fixed long _rest[14];
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int clock_gettime(int clock, out TimeSpec spec);

    [LibraryImport("libc", EntryPoint = "getrusage")]
    private static partial int getrusage(int who, out Usage usage);
}

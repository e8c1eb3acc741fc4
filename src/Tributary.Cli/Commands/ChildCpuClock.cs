using System.Runtime.InteropServices;

namespace Tributary.Cli.Commands;

// The CPU time (user and system) used by the child processes this process has waited for, for benchmarks on a
// shared machine: a child's wall time there includes waiting for a core, its CPU time does not. Linux only.
internal static partial class ChildCpuClock
{
    private const int RusageChildren = -1; // RUSAGE_CHILDREN

    /// <summary>The CPU time of every child waited for so far, or null where it cannot be read.</summary>
    public static TimeSpan? Now()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            if (getrusage(RusageChildren, out var usage) != 0)
            {
                return null;
            }

            var microseconds = (usage.UserSeconds * 1_000_000) + usage.UserMicroseconds + (usage.SystemSeconds * 1_000_000) + usage.SystemMicroseconds;
            return TimeSpan.FromMicroseconds(microseconds);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    // struct rusage on 64-bit Linux: two timevals, then fourteen longs.
    [StructLayout(LayoutKind.Sequential)]
    private struct Usage
    {
        public long UserSeconds;
        public long UserMicroseconds;
        public long SystemSeconds;
        public long SystemMicroseconds;
        private readonly long _maxrss;
        private readonly long _ixrss;
        private readonly long _idrss;
        private readonly long _isrss;
        private readonly long _minflt;
        private readonly long _majflt;
        private readonly long _nswap;
        private readonly long _inblock;
        private readonly long _oublock;
        private readonly long _msgsnd;
        private readonly long _msgrcv;
        private readonly long _nsignals;
        private readonly long _nvcsw;
        private readonly long _nivcsw;
    }

    [LibraryImport("libc", EntryPoint = "getrusage")]
    private static partial int getrusage(int who, out Usage usage);
}

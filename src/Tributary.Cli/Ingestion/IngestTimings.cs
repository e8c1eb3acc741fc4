using System.Diagnostics;
using System.Globalization;
using System.Runtime;

namespace Tributary.Cli.Ingestion;

/// <summary>
/// Where the time of one <c>tributary ingest</c> went (<c>--timings</c>): the process's start up to the command, opening
/// the store (its digests and graph checkpoint), reading and applying the inputs, and the end (the graph's checkpoint
/// written); then the process's CPU and what the runtime spent of it compiling code and paused in collections, the bytes
/// the process allocated and its peak resident memory. These are what a short bulk ingest pays beyond the events
/// themselves, so a figure can be read as the work it is made of.
/// </summary>
internal sealed class IngestTimings
{
    private readonly long _commandStarted = Stopwatch.GetTimestamp();
    private readonly TimeSpan _beforeCommand = SinceProcessStart();
    private readonly TimeSpan _cpuBeforeCommand = ProcessorTime();
    private long _opened;
    private long _ingested;
    private long _completed;

    /// <summary>Marks the store (or server) as open: the inputs start being read.</summary>
    public void Opened() => _opened = Stopwatch.GetTimestamp();

    /// <summary>Marks every input as read and applied.</summary>
    public void Ingested() => _ingested = Stopwatch.GetTimestamp();

    /// <summary>Marks the end written (the graph's checkpoint, or the server's acknowledgements).</summary>
    public void Completed() => _completed = Stopwatch.GetTimestamp();

    /// <summary>The one line that says it, as <c>--timings</c> prints it on standard error.</summary>
    public override string ToString()
    {
        var open = Stopwatch.GetElapsedTime(_commandStarted, _opened);
        var ingest = Stopwatch.GetElapsedTime(_opened, _ingested);
        var end = Stopwatch.GetElapsedTime(_ingested, _completed);
        var command = Stopwatch.GetElapsedTime(_commandStarted, _completed);
        var total = _beforeCommand + command;
        var cpu = ProcessorTime();
        var gen2 = GC.CollectionCount(2);
        var collections = GC.CollectionCount(0);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"timings: process start to command {_beforeCommand.TotalSeconds:F2} s, opening {open.TotalSeconds:F2} s, reading and applying {ingest.TotalSeconds:F2} s, " +
            $"ending (checkpoint) {end.TotalSeconds:F2} s; {total.TotalSeconds:F2} s in all. CPU {cpu.TotalSeconds:F2} s " +
            $"({(cpu - _cpuBeforeCommand) / command:F2} cores while the command ran), of it compiling {JitInfo.GetCompilationTime().TotalSeconds:F2} s ({JitInfo.GetCompiledMethodCount():N0} methods); " +
            $"collections paused {GC.GetTotalPauseDuration().TotalSeconds:F2} s ({collections:N0}, {gen2:N0} of the whole heap); " +
            $"{GC.GetTotalAllocatedBytes() / (1024 * 1024):N0} MB allocated, {PeakResident() / (1024 * 1024):N0} MB resident at most");
    }

    private static long PeakResident()
    {
        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64;
    }

    private static TimeSpan ProcessorTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    // From the process's start as the system recorded it (to the clock tick) to now; zero where it cannot be read. Run
    // through the `tributary` script, the process is the script's, so this includes the script (and a build it made).
    private static TimeSpan SinceProcessStart()
    {
        try
        {
            using var process = Process.GetCurrentProcess();
            var since = DateTime.Now - process.StartTime;
            return since > TimeSpan.Zero ? since : TimeSpan.Zero;
        }
        catch (Exception ex) when (ex is InvalidOperationException or NotSupportedException or System.ComponentModel.Win32Exception)
        {
            return TimeSpan.Zero;
        }
    }
}

using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Tributary.Cli.Output;
using Tributary.Ingest;
using Tributary.Storage;

namespace Tributary.Cli.Commands;

/// <summary>
/// <c>tributary bench events</c>: issue 10's events-listing figures on a store of small events (1M by default): the
/// newest page of 100 from the log before compaction and from the lake after it, each beside reading the same 100
/// events by sequence, then every page from newest to oldest, checked to hold each event once in order, beside reading
/// every event once. The same figures are part of <c>tributary bench</c> (its <c>reopen</c> store).
/// </summary>
internal static class EventsBenchCommand
{
    public static Command Create()
    {
        var events = new Option<int>("--events") { Description = "Small events in the store.", DefaultValueFactory = _ => 1_000_000 };
        var command = new Command("events", "Issue 10's events-listing figures: a page of GET /api/v1/events/lineage on a store of small events, before and after compaction, and every page end to end.")
        {
            events,
        };
        CommandAction.Set(command, (result, ct) => RunAsync(result.GetValue(events), result.InvocationConfiguration.Output, ct));
        return command;
    }

    private static async Task RunAsync(int count, TextWriter output, CancellationToken ct)
    {
        if (count < 100)
        {
            throw new CliException("need --events >= 100");
        }

        var directory = Path.Combine(Path.GetTempPath(), $"tributary-bench-events-{Guid.NewGuid():N}");
        try
        {
            var small = StoreBenchmark.SyntheticEvents(count);
            var load = await StoreBenchmark.MeasureBatchIngestAsync(directory, small, ct);
            Line(output, "ingest.durable.small", Invariant($"{load.EventsPerSecond:F0} events/s ({load.Events} events of {small.Average(e => e.Length):F0} bytes)"));
            small.Clear();
            await using var store = EmbeddedLineageStore.Open(directory);
            await PagesAsync(output, "events.page.log", store, ct);
            var watch = Stopwatch.StartNew();
            var compacted = await store.CompactAsync(null, cancellationToken: ct);
            Line(output, "compact.lake.events", Invariant($"{watch.Elapsed.TotalSeconds:F2} s to move {compacted.Appended} events into the lake"));
            await PagesAsync(output, "events.page.lake", store, ct);
            await EndToEndAsync(output, store, ct);
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    /// <summary>
    /// The newest page of 100 (GET /api/v1/events/lineage's default), 50 times after a first (cold) one, beside the
    /// ceiling: reading the same 100 events by their sequences, what returning them costs at the least.
    /// </summary>
    public static async Task PagesAsync(TextWriter output, string name, EmbeddedLineageStore store, CancellationToken ct)
    {
        const int Runs = 50;
        var cold = Stopwatch.StartNew();
        var page = await store.ReadPageByEventTimeAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, descending: true, 0, 100, ct);
        var first = cold.Elapsed.TotalMilliseconds; // the first page also reads every event file's footer once
        var times = new double[Runs];
        for (var i = 0; i < Runs; i++)
        {
            var start = Stopwatch.GetTimestamp();
            page = await store.ReadPageByEventTimeAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, descending: true, 0, 100, ct);
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        var oldest = page.Events.Min(e => e.Sequence);
        var newest = page.Events.Max(e => e.Sequence);
        var ceiling = new double[Runs];
        for (var i = 0; i < Runs; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await foreach (var _ in store.ReadAsync(oldest, newest, ct))
            {
            }

            ceiling[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        Array.Sort(times);
        Array.Sort(ceiling);
        Line(output, name, Invariant(
            $"p50 {At(times, 0.50):F2} ms, p99 {At(times, 0.99):F2} ms for the newest 100 of {page.TotalCount} events (first request {first:F1} ms); ceiling: reading those 100 by sequence, p50 {At(ceiling, 0.50):F2} ms (ratio {At(times, 0.50) / At(ceiling, 0.50):F1})"));
    }

    /// <summary>Every page of 100 from newest to oldest, checked to hold each event exactly once in listing order, beside the ceiling: reading every event once in sequence order.</summary>
    public static async Task EndToEndAsync(TextWriter output, EmbeddedLineageStore store, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var pages = 0;
        var seen = 0L;
        var previous = (Time: DateTimeOffset.MaxValue, Sequence: long.MaxValue);
        var slowest = 0.0;
        for (var offset = 0; ; offset += 100)
        {
            var start = Stopwatch.GetTimestamp();
            var page = await store.ReadPageByEventTimeAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, descending: true, offset, 100, ct);
            slowest = Math.Max(slowest, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            pages++;
            foreach (var stored in page.Events)
            {
                if (stored.EventTime > previous.Time || (stored.EventTime == previous.Time && stored.Sequence >= previous.Sequence))
                {
                    throw new CliException($"events.page.end_to_end: event #{stored.Sequence} came out of order after #{previous.Sequence}");
                }

                previous = (stored.EventTime, stored.Sequence);
                seen++;
            }

            if (page.Events.Count < 100)
            {
                if (seen != page.TotalCount)
                {
                    throw new CliException($"events.page.end_to_end: {seen} events paged, {page.TotalCount} in the store");
                }

                break;
            }
        }

        var paging = watch.Elapsed;
        watch.Restart();
        var read = 0L;
        await foreach (var _ in store.ReadAsync(cancellationToken: ct))
        {
            read++;
        }

        var ceiling = watch.Elapsed;
        Line(output, "events.page.end_to_end", Invariant(
            $"{paging.TotalSeconds:F2} s for {pages} pages of 100 = all {seen} events once, newest first (mean {paging.TotalMilliseconds / pages:F2} ms, slowest {slowest:F1} ms per page); ceiling: reading every event once in sequence order {ceiling.TotalSeconds:F2} s (ratio {paging / ceiling:F1})"));
    }

    private static double At(double[] sorted, double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];

    private static void Line(TextWriter output, string name, string value) => output.WriteLine($"{name,-26} {value}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Tributary.Diagnostics;

/// <summary>
/// Tributary's telemetry, named <c>Tributary</c> like its log category: an <see cref="ActivitySource"/> with an
/// activity per query, and a <see cref="Meter"/> counting events emitted, dropped and failed by trackers and events
/// ingested into stores, with a histogram of query durations. OpenTelemetry picks them up with
/// <c>AddSource("Tributary")</c> and <c>AddMeter("Tributary")</c>; with no listener they cost a flag check.
/// </summary>
public static class LineageTelemetry
{
    /// <summary>The name of the activity source, the meter and the log category: <c>Tributary</c>.</summary>
    public const string Name = "Tributary";

    /// <summary>The activity source: one activity per query (<c>tributary.query</c>, tag <c>tributary.query.name</c>).</summary>
    public static readonly ActivitySource Source = new(Name);

    /// <summary>The meter of the counters and histogram below.</summary>
    public static readonly Meter Meter = new(Name);

    /// <summary>Events a tracker handed to its transport: <c>tributary.events.emitted</c>.</summary>
    public static readonly Counter<long> EventsEmitted = Meter.CreateCounter<long>("tributary.events.emitted", "{event}", "Lineage events a tracker delivered to its transport.");

    /// <summary>Events a tracker dropped because its queue was full: <c>tributary.events.dropped</c>.</summary>
    public static readonly Counter<long> EventsDropped = Meter.CreateCounter<long>("tributary.events.dropped", "{event}", "Lineage events a tracker dropped because its queue was full.");

    /// <summary>Events a tracker's transport failed to deliver: <c>tributary.events.failed</c>.</summary>
    public static readonly Counter<long> EventsFailed = Meter.CreateCounter<long>("tributary.events.failed", "{event}", "Lineage events a tracker's transport failed to deliver.");

    /// <summary>Events accepted and stored through the ingest door (every door: SDK, HTTP, files): <c>tributary.events.ingested</c>.</summary>
    public static readonly Counter<long> EventsIngested = Meter.CreateCounter<long>("tributary.events.ingested", "{event}", "Lineage events accepted and stored durably by the ingest door.");

    /// <summary>How long queries took, in milliseconds, tagged with the query's name: <c>tributary.query.duration</c>.</summary>
    public static readonly Histogram<double> QueryDuration = Meter.CreateHistogram<double>("tributary.query.duration", "ms", "How long lineage queries took.");

    /// <summary>Runs a query under an activity and records its duration, when anyone listens; otherwise just runs it.</summary>
    internal static T Measure<T>(string query, Func<T> run)
    {
        if (!QueryDuration.Enabled && !Source.HasListeners())
        {
            return run();
        }

        using var activity = Source.StartActivity("tributary.query");
        activity?.SetTag("tributary.query.name", query);
        var started = Stopwatch.GetTimestamp();
        try
        {
            return run();
        }
        finally
        {
            QueryDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>("tributary.query.name", query));
        }
    }
}

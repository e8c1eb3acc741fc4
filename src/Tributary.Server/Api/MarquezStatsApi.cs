using Microsoft.AspNetCore.Http.HttpResults;
using Tributary.Graph;
using Tributary.Model;
using Tributary.Server.Hosting;

namespace Tributary.Server.Api;

/// <summary>
/// The four <c>/stats/*</c> series Marquez's dashboard draws, and Marquez's sources. <c>period=DAY</c> is the last 24
/// hours by hour (UTC), <c>period=WEEK</c> the last 7 days by day in <c>timezone</c> (an IANA name), each ending with the
/// bucket that holds now. Lineage events are counted from the runs in the graph by state (a run's START at its start,
/// its COMPLETE, FAIL or ABORT at its end; a run seen only at its end has no START); jobs, datasets and sources are the running count of those first seen by the
/// end of each bucket, as Marquez counts rows created.
/// </summary>
internal static class MarquezStatsApi
{
    public static IEndpointRouteBuilder MapMarquezStatsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Marquez statistics and sources");
        api.MapGet("/stats/lineage-events", LineageEvents).WithSummary("Run events by state per hour (period=DAY) or day (period=WEEK&timezone=Area/City).");
        api.MapGet("/stats/jobs", (string? period, string? timezone, LineageService lineage, TimeProvider time) => Cumulative(period, timezone, time, [.. lineage.Graph.GetJobs().Select(j => j.FirstSeen)]))
            .WithSummary("How many jobs there were at the end of each hour (period=DAY) or day (period=WEEK).");
        api.MapGet("/stats/datasets", (string? period, string? timezone, LineageService lineage, TimeProvider time) => Cumulative(period, timezone, time, [.. lineage.Graph.GetDatasets().Select(d => d.FirstSeen)]))
            .WithSummary("How many datasets there were at the end of each hour (period=DAY) or day (period=WEEK).");
        api.MapGet("/stats/sources", (string? period, string? timezone, LineageService lineage, TimeProvider time) => Cumulative(period, timezone, time, [.. Sources(lineage.Graph).Select(s => s.CreatedAt)]))
            .WithSummary("How many sources there were at the end of each hour (period=DAY) or day (period=WEEK).");
        api.MapGet("/sources", (LineageService lineage) => TypedResults.Ok(new SourceList(Sources(lineage.Graph))))
            .WithSummary("The data sources datasets live in: the datasource facet's name and URI, else the dataset namespace.");
        api.MapGet("/sources/{source}", GetSource).WithSummary("One data source.");
        return app;
    }

    internal static Results<Ok<LineageMetric[]>, ProblemHttpResult> LineageEvents(string? period, string? timezone, LineageService lineage, TimeProvider time)
    {
        if (Buckets(period, timezone, time, requireZone: true, out var buckets) is { } problem)
        {
            return problem;
        }

        var metrics = buckets.Select(b => new LineageMetric(b.Start, b.End, 0, 0, 0, 0)).ToArray();
        foreach (var run in lineage.Graph.GetRuns())
        {
            // A run known only from its end event had no START event: its start time is its end time.
            if (run.EndedAt is not { } end || run.StartedAt < end)
            {
                Count(metrics, run.StartedAt, m => m with { Start = m.Start + 1 });
            }

            if (run.EndedAt is { } ended)
            {
                switch (run.State)
                {
                    case RunState.Complete:
                        Count(metrics, ended, m => m with { Complete = m.Complete + 1 });
                        break;
                    case RunState.Fail:
                        Count(metrics, ended, m => m with { Fail = m.Fail + 1 });
                        break;
                    case RunState.Abort:
                        Count(metrics, ended, m => m with { Abort = m.Abort + 1 });
                        break;
                }
            }
        }

        return TypedResults.Ok(metrics);
    }

    internal static Results<Ok<SourceResource>, ProblemHttpResult> GetSource(HttpContext context, string source, LineageService lineage)
    {
        var name = Paging.Name(context, source, 4);
        return Sources(lineage.Graph).FirstOrDefault(s => s.Name == name) is { } found
            ? TypedResults.Ok(found)
            : Problems.NotFound($"There is no source '{name}'.");
    }

    /// <summary>Every source, by name: from the datasource facet, else the dataset's namespace.</summary>
    internal static List<SourceResource> Sources(LineageGraph graph)
    {
        var sources = new SortedDictionary<string, SourceResource>(StringComparer.Ordinal);
        foreach (var dataset in graph.GetDatasets())
        {
            var name = dataset.SourceName ?? dataset.Id.Namespace;
            var url = dataset.SourceUri ?? dataset.Id.Namespace;
            sources[name] = sources.TryGetValue(name, out var known)
                ? known with { CreatedAt = Min(known.CreatedAt, dataset.FirstSeen), UpdatedAt = Max(known.UpdatedAt, dataset.LastSeen) }
                : new SourceResource(SourceType(url), name, dataset.FirstSeen, dataset.LastSeen, url, null);
        }

        return [.. sources.Values];
    }

    private static Results<Ok<IntervalMetric[]>, ProblemHttpResult> Cumulative(string? period, string? timezone, TimeProvider time, List<DateTimeOffset> created)
    {
        if (Buckets(period, timezone, time, requireZone: false, out var buckets) is { } problem)
        {
            return problem;
        }

        created.Sort();
        var metrics = new IntervalMetric[buckets.Count];
        var seen = 0;
        for (var i = 0; i < buckets.Count; i++)
        {
            while (seen < created.Count && created[seen] < buckets[i].End)
            {
                seen++;
            }

            metrics[i] = new IntervalMetric(buckets[i].Start, buckets[i].End, seen);
        }

        return TypedResults.Ok(metrics);
    }

    // The buckets of a period ending with the one that holds now: 24 hours (UTC), or 7 days in the given time zone.
    private static ProblemHttpResult? Buckets(string? period, string? timezone, TimeProvider time, bool requireZone, out List<(DateTimeOffset Start, DateTimeOffset End)> buckets)
    {
        buckets = [];
        var now = time.GetUtcNow();
        switch (period?.ToUpperInvariant())
        {
            case "DAY":
                var hour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
                for (var i = 23; i >= 0; i--)
                {
                    buckets.Add((hour.AddHours(-i), hour.AddHours(-i + 1)));
                }

                return null;
            case "WEEK":
                if (string.IsNullOrEmpty(timezone) && requireZone)
                {
                    return Problems.BadRequest("Timezone must be specified for period 'WEEK' (an IANA name such as Europe/Berlin).");
                }

                TimeZoneInfo zone;
                try
                {
                    zone = string.IsNullOrEmpty(timezone) ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(timezone);
                }
                catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
                {
                    return Problems.BadRequest($"timezone '{(timezone!.Length <= 80 ? timezone : timezone[..77] + "...")}' is not a time zone this server knows (an IANA name such as Europe/Berlin).");
                }

                var local = TimeZoneInfo.ConvertTime(now, zone);
                for (var i = 6; i >= 0; i--)
                {
                    var day = local.Date.AddDays(-i);
                    buckets.Add((new DateTimeOffset(day, zone.GetUtcOffset(day)), new DateTimeOffset(day.AddDays(1), zone.GetUtcOffset(day.AddDays(1)))));
                }

                return null;
            default:
                return Problems.BadRequest($"Invalid period '{period}': DAY (the last 24 hours by hour) or WEEK (the last 7 days by day, with timezone).");
        }
    }

    private static void Count(LineageMetric[] metrics, DateTimeOffset at, Func<LineageMetric, LineageMetric> add)
    {
        for (var i = 0; i < metrics.Length; i++)
        {
            if (at >= metrics[i].StartInterval && at < metrics[i].EndInterval)
            {
                metrics[i] = add(metrics[i]);
                return;
            }
        }
    }

    private static string SourceType(string url) =>
        url.IndexOf("://", StringComparison.Ordinal) is var at and > 0 ? url[..at].ToUpperInvariant() : "DB";

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}

/// <summary>Run events by state in one interval (Marquez's <c>LineageMetric</c>).</summary>
/// <param name="StartInterval">Where the interval starts.</param>
/// <param name="EndInterval">Where it ends (exclusive).</param>
/// <param name="Fail">Runs that failed in it.</param>
/// <param name="Start">Runs that started in it.</param>
/// <param name="Complete">Runs that completed in it.</param>
/// <param name="Abort">Runs aborted in it.</param>
public sealed record LineageMetric(DateTimeOffset StartInterval, DateTimeOffset EndInterval, int Fail, int Start, int Complete, int Abort);

/// <summary>A running count at the end of one interval (Marquez's <c>IntervalMetric</c>).</summary>
/// <param name="StartInterval">Where the interval starts.</param>
/// <param name="EndInterval">Where it ends (exclusive).</param>
/// <param name="Count">How many there were by its end.</param>
public sealed record IntervalMetric(DateTimeOffset StartInterval, DateTimeOffset EndInterval, int Count);

/// <summary>A data source (Marquez's <c>Source</c>).</summary>
/// <param name="Type">The URI scheme in capitals (<c>POSTGRES</c>, <c>S3</c>), or <c>DB</c>.</param>
/// <param name="Name">The source name.</param>
/// <param name="CreatedAt">When a dataset of it was first seen.</param>
/// <param name="UpdatedAt">When one was last seen.</param>
/// <param name="ConnectionUrl">The datasource facet's URI, or the namespace.</param>
/// <param name="Description">A description, or null.</param>
public sealed record SourceResource(string Type, string Name, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string ConnectionUrl, string? Description);

/// <summary>Marquez's source list.</summary>
/// <param name="Sources">Every source, by name.</param>
public sealed record SourceList(IReadOnlyList<SourceResource> Sources);

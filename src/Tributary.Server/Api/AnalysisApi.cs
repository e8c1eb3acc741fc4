using Microsoft.AspNetCore.Http.HttpResults;
using Tributary.Export;
using Tributary.Graph;
using Tributary.Json;
using Tributary.Model;
using Tributary.Query;
using Tributary.Server.Hosting;

namespace Tributary.Server.Api;

/// <summary>Beyond Marquez: the analyses the CLI offers (impact, root cause, paths, freshness, performance, audit, PII, timeline).</summary>
internal static class AnalysisApi
{
    public static IEndpointRouteBuilder MapAnalysisApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Analysis");
        api.MapGet("/impact", Impact).WithSummary("Everything downstream of a node, by depth, with the owners to notify.");
        api.MapGet("/root-cause", RootCause).WithSummary("Upstream suspects for a problem in a dataset, ranked by evidence (failed runs, failed assertions, schema changes).");
        api.MapGet("/path", Path).WithSummary("How data flows from one node to another: every path, shortest first.");
        api.MapGet("/stale", Stale).WithSummary("Datasets not written within olderThan (ISO 8601 duration or hours; default 24 hours) before now (default the current time).");
        api.MapGet("/stats", Stats).WithSummary("Graph counts and run duration statistics per job (or groupBy=operation), optionally only runs of one operation type or started since a time.");
        api.MapGet("/stats/volume", Volume).WithSummary("Rows and bytes per job and dataset per time bucket (bucketHours, default 24).");
        api.MapGet("/runs/failed", FailedRuns).WithSummary("Failed and aborted runs in Marquez's run shape, newest first, paged, optionally since a time.");
        api.MapGet("/failures", Failures).WithSummary("Failed and aborted runs as the CLI's `failures --format json` lists them, optionally since a time.");
        api.MapGet("/audit", Audit).WithSummary("The audit trail of runs (who, what, when, where, why), for a dataset and/or a time window.");
        api.MapGet("/pii", Pii).WithSummary("Fields holding personal data and every field and dataset their values reach unmasked; with article30=true, the GDPR Article 30 record (as /pii/article30).");
        api.MapGet("/pii/article30", ProcessingRecord).WithSummary("The GDPR Article 30 record of processing activities (the CLI's `pii --article30`).");
        api.MapGet("/find", Find).WithSummary("Datasets by namespace, name pattern (glob), type, tag key or owner (the CLI's `find`).");
        api.MapGet("/timeline", Timeline).WithSummary("Runs active in the last hours (default 24), or between from and to.");
        return app;
    }

    internal static Results<JsonHttpResult<ImpactReport>, ProblemHttpResult> Impact(LineageService lineage, string? nodeId, int? depth)
    {
        if (!NodeLookup.TryFind(lineage, nodeId, "nodeId", out var node, out var problem))
        {
            return problem!;
        }

        return TypedResults.Json(lineage.Engine.Impact(node, Math.Clamp(depth ?? 20, 0, 1000)), QueryJsonContext.Default.ImpactReport);
    }

    internal static Results<JsonHttpResult<RootCauseReport>, ProblemHttpResult> RootCause(LineageService lineage, string? nodeId, int? depth)
    {
        if (!NodeLookup.TryFind(lineage, nodeId, "nodeId", out var node, out var problem))
        {
            return problem!;
        }

        if (node.Kind is not (NodeKind.Dataset or NodeKind.DatasetField))
        {
            return Problems.BadRequest($"Root cause starts at a dataset; '{node}' is not one.");
        }

        return TypedResults.Json(lineage.Engine.RootCause(node.Kind == NodeKind.DatasetField ? NodeId.From(node.AsDataset()) : node, Math.Clamp(depth ?? 20, 0, 1000)), QueryJsonContext.Default.RootCauseReport);
    }

    internal static Results<JsonHttpResult<DataFlowTrace>, ProblemHttpResult> Path(LineageService lineage, string? from, string? to, int? maxPaths, int? maxLength)
    {
        if (!NodeLookup.TryFind(lineage, from, "from", out var start, out var problem) || !NodeLookup.TryFind(lineage, to, "to", out var end, out problem))
        {
            return problem!;
        }

        return TypedResults.Json(lineage.Engine.TraceDataFlow(start, end, Math.Clamp(maxPaths ?? 100, 1, 10_000), Math.Clamp(maxLength ?? 20, 1, 1000)), QueryJsonContext.Default.DataFlowTrace);
    }

    internal static Results<JsonHttpResult<IReadOnlyList<StaleDataset>>, ProblemHttpResult> Stale(LineageService lineage, TimeProvider time, string? olderThan, DateTimeOffset? now)
    {
        var window = TimeSpan.FromHours(24);
        if (olderThan is { Length: > 0 } text)
        {
            if (double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var hours) && hours >= 0)
            {
                window = TimeSpan.FromHours(hours);
            }
            else
            {
                try
                {
                    window = System.Xml.XmlConvert.ToTimeSpan(text);
                }
                catch (FormatException)
                {
                    return Problems.BadRequest($"olderThan '{text}' is neither hours nor an ISO 8601 duration such as PT6H.");
                }
            }
        }

        return TypedResults.Json(lineage.Engine.Stale(window, now ?? time.GetUtcNow()), QueryJsonContext.Default.IReadOnlyListStaleDataset);
    }

    internal static Results<Ok<GraphStats>, ProblemHttpResult> Stats(LineageService lineage, string? groupBy, string? operation, DateTimeOffset? since)
    {
        var grouping = string.Equals(groupBy, "operation", StringComparison.OrdinalIgnoreCase) ? PerformanceGrouping.OperationType : PerformanceGrouping.Job;
        OperationType? type = null;
        if (operation is { Length: > 0 })
        {
            if (!Enum.TryParse<OperationType>(operation, ignoreCase: true, out var parsed) || int.TryParse(operation, System.Globalization.CultureInfo.InvariantCulture, out _))
            {
                return Problems.BadRequest($"operation '{operation}' is not one of {string.Join(", ", Enum.GetNames<OperationType>()).ToUpperInvariant()}.");
            }

            type = parsed;
        }

        var graph = lineage.Graph;
        return TypedResults.Ok(new GraphStats(
            lineage.Store.Count, graph.DatasetCount, graph.JobCount, graph.RunCount, graph.FieldCount, graph.EdgeCount,
            lineage.Engine.PerformanceStats(grouping, type, since)));
    }

    internal static JsonHttpResult<VolumeFlowReport> Volume(LineageService lineage, double? bucketHours, DateTimeOffset? from, DateTimeOffset? to) =>
        TypedResults.Json(lineage.Engine.VolumeFlow(TimeSpan.FromHours(Math.Clamp(bucketHours ?? 24, 1.0 / 60, 24 * 366)), from, to), QueryJsonContext.Default.VolumeFlowReport);

    internal static Ok<RunList> FailedRuns(LineageService lineage, DateTimeOffset? since, int? limit, int? offset)
    {
        var runs = lineage.Engine.FailedRuns(since).OrderByDescending(r => r.StartedAt).ToList();
        return TypedResults.Ok(new RunList(runs.Count, [.. Paging.Page(runs, limit, offset).Select(RunResource.Of)]));
    }

    internal static JsonHttpResult<IReadOnlyList<RunInfo>> Failures(LineageService lineage, DateTimeOffset? since) =>
        TypedResults.Json(lineage.Engine.FailedRuns(since), QueryJsonContext.Default.IReadOnlyListRunInfo);

    internal static Results<JsonHttpResult<IReadOnlyList<AuditEntry>>, ProblemHttpResult> Audit(LineageService lineage, string? dataset, DateTimeOffset? from, DateTimeOffset? to)
    {
        DatasetId? id = null;
        if (dataset is { Length: > 0 })
        {
            if (!NodeLookup.TryFind(lineage, dataset.StartsWith("dataset:", StringComparison.Ordinal) ? dataset : "dataset:" + dataset, "dataset", out var node, out var problem)
                && !NodeLookup.TryFind(lineage, dataset, "dataset", out node, out problem))
            {
                return problem!;
            }

            if (node.Kind != NodeKind.Dataset)
            {
                return Problems.BadRequest($"'{dataset}' is not a dataset.");
            }

            id = node.AsDataset();
        }

        return TypedResults.Json(lineage.Engine.Audit(new AuditFilter { Dataset = id, From = from, To = to }), QueryJsonContext.Default.IReadOnlyListAuditEntry);
    }

    // article30=true answers the Article 30 record, as the CLI's `pii --article30` does, so both doors take the same words.
    internal static Results<JsonHttpResult<PiiReport>, JsonHttpResult<ProcessingRecord>> Pii(LineageService lineage, string? tags, string? patterns, bool? includeIndirect, bool? article30) =>
        article30 == true
            ? ProcessingRecord(lineage, tags, patterns)
            : TypedResults.Json(lineage.Engine.PiiFlow(PiiOptionsOf(tags, patterns, includeIndirect)), QueryJsonContext.Default.PiiReport);

    internal static JsonHttpResult<ProcessingRecord> ProcessingRecord(LineageService lineage, string? tags, string? patterns) =>
        TypedResults.Json(lineage.Engine.ProcessingRecord(PiiOptionsOf(tags, patterns, null)), QueryJsonContext.Default.ProcessingRecord);

    private static PiiOptions PiiOptionsOf(string? tags, string? patterns, bool? includeIndirect) => new()
    {
        TagKeys = tags is { Length: > 0 } ? tags.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : PiiOptions.Default.TagKeys,
        FieldPatterns = patterns is { Length: > 0 } ? patterns.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [],
        IncludeIndirect = includeIndirect == true,
    };

    internal static Ok<RunTimeline> Timeline(LineageService lineage, TimeProvider time, double? hours, DateTimeOffset? from, DateTimeOffset? to)
    {
        var end = to ?? time.GetUtcNow();
        var start = from ?? end - TimeSpan.FromHours(Math.Clamp(hours ?? 24, 0, 24 * 366 * 100));
        return TypedResults.Ok(RunTimeline.Of(lineage.Graph, start, end));
    }

    internal static JsonHttpResult<IReadOnlyList<DatasetInfo>> Find(LineageService lineage, string? @namespace, string? name, string? type, string? tag, string? owner) =>
        TypedResults.Json(
            lineage.Engine.FindDataSources(new DataSourceFilter { Namespace = @namespace, NamePattern = name, Type = type, Tag = tag, Owner = owner }),
            QueryJsonContext.Default.IReadOnlyListDatasetInfo);
}

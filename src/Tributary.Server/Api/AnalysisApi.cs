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
        api.MapPost("/impact/sql", ImpactOfSqlAsync).WithSummary("The impact of a proposed SQL change before it ships: body {\"job\": \"ns:name\", \"sql\": \"...\", \"dialect\": \"postgres\" (optional), \"depth\": 20 (optional)}; the answer `tributary impact --sql FILE --job NS:NAME --format json` prints.");
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
        api.MapGet("/classifications", Classifications).WithSummary("Every tag on datasets and fields, put there or propagated along lineage (with origin, path and coarse), and where propagation stopped (masking, blocks); tag= one key, notPropagated= keys that stay put, maskingStops=false, includeIndirect=true (the CLI's `tag list --format json`).");
        api.MapPost("/classifications/blocks", (LineageService l, TimeProvider t, string? from, string? to, string? tag, CancellationToken ct) => ChangeBlockAsync(l, t, from, to, tag, add: true, ct))
            .WithSummary("Blocks tag key `tag` on the edge from `from` to `to` (dataset to dataset, or field to field; node ids or unique names), as `tag block --from A --to B --tag KEY`: stored as the tag tributary.block.from=KEY=FROM on `to`. Answers /classifications?tag=KEY after it.");
        api.MapDelete("/classifications/blocks", (LineageService l, TimeProvider t, string? from, string? to, string? tag, CancellationToken ct) => ChangeBlockAsync(l, t, from, to, tag, add: false, ct))
            .WithSummary("Lifts the block on tag key `tag` on the edge from `from` to `to` (`tag unblock --from A --to B --tag KEY`). Answers /classifications?tag=KEY after it.");
        api.MapGet("/find", Find).WithSummary("Datasets by namespace, name pattern (glob), type, tag key or owner (the CLI's `find`).");
        api.MapGet("/timeline", Timeline).WithSummary("Runs active in the last hours (default 24), or between from and to.");
        return app;
    }

    internal static Results<JsonHttpResult<ImpactReport>, ProblemHttpResult> Impact(LineageService lineage, string? nodeId, int? depth, string? asOf)
    {
        if (!AsOfQuery.TryEngine(lineage, asOf, out var engine, out var problem))
        {
            return problem!;
        }

        if (!NodeLookup.TryFind(engine, nodeId, "nodeId", out var node, out problem))
        {
            return problem!;
        }

        return TypedResults.Json(engine.Impact(node, Math.Clamp(depth ?? 20, 0, 1000)), QueryJsonContext.Default.ImpactReport);
    }

    // The body is read by hand so a mistake names the property at fault, as the collector's errors do.
    internal static async Task<Results<JsonHttpResult<SqlChangeImpact>, ProblemHttpResult>> ImpactOfSqlAsync(LineageService lineage, HttpRequest request, CancellationToken ct)
    {
        System.Text.Json.JsonDocument body;
        try
        {
            body = await System.Text.Json.JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
        }
        catch (System.Text.Json.JsonException ex)
        {
            return Problems.BadRequest($"The body is not JSON: {ex.Message}");
        }

        using (body)
        {
            var root = body.RootElement;
            string? Text(string name) => root.ValueKind == System.Text.Json.JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == System.Text.Json.JsonValueKind.String ? value.GetString() : null;
            if (Text("job") is not { Length: > 0 } jobText || Text("sql") is not { } sql)
            {
                return Problems.BadRequest("The body needs \"job\" (ns:name of the job whose SQL would change) and \"sql\" (the proposed SQL) as strings.");
            }

            Sql.SqlDialect? dialect = null;
            if (Text("dialect") is { } dialectText)
            {
                if (!Sql.SqlAnalysisOptions.TryParseDialect(dialectText, out var parsed))
                {
                    return Problems.BadRequest($"$.dialect '{dialectText}' is not a SQL dialect this parser knows (ansi, postgres, spark, mysql, sqlite, ...).");
                }

                dialect = parsed;
            }

            var depth = root.TryGetProperty("depth", out var d) && d.TryGetInt32(out var n) ? Math.Clamp(n, 0, 1000) : 20;
            if (!NodeLookup.TryFind(lineage, jobText.StartsWith("job:", StringComparison.Ordinal) || !jobText.Contains(':', StringComparison.Ordinal) ? jobText : "job:" + jobText, "job", out var node, out var problem))
            {
                return problem!;
            }

            if (node.Kind != NodeKind.Job)
            {
                return Problems.BadRequest($"$.job '{jobText}' is a {node.Kind.ToString().ToLowerInvariant()}, not a job.");
            }

            return TypedResults.Json(lineage.Engine.SqlChange(node.AsJob(), sql, dialect, depth), QueryJsonContext.Default.SqlChangeImpact);
        }
    }

    internal static Results<JsonHttpResult<RootCauseReport>, ProblemHttpResult> RootCause(LineageService lineage, string? nodeId, int? depth, string? asOf)
    {
        if (!AsOfQuery.TryEngine(lineage, asOf, out var engine, out var problem))
        {
            return problem!;
        }

        if (!NodeLookup.TryFind(engine, nodeId, "nodeId", out var node, out problem))
        {
            return problem!;
        }

        if (node.Kind is not (NodeKind.Dataset or NodeKind.DatasetField))
        {
            return Problems.BadRequest($"Root cause starts at a dataset; '{node}' is not one.");
        }

        return TypedResults.Json(engine.RootCause(node.Kind == NodeKind.DatasetField ? NodeId.From(node.AsDataset()) : node, Math.Clamp(depth ?? 20, 0, 1000)), QueryJsonContext.Default.RootCauseReport);
    }

    internal static Results<JsonHttpResult<DataFlowTrace>, ProblemHttpResult> Path(LineageService lineage, string? from, string? to, int? maxPaths, int? maxLength, string? asOf)
    {
        if (!AsOfQuery.TryEngine(lineage, asOf, out var engine, out var problem))
        {
            return problem!;
        }

        if (!NodeLookup.TryFind(engine, from, "from", out var start, out problem) || !NodeLookup.TryFind(engine, to, "to", out var end, out problem))
        {
            return problem!;
        }

        return TypedResults.Json(engine.TraceDataFlow(start, end, Math.Clamp(maxPaths ?? 100, 1, 10_000), Math.Clamp(maxLength ?? 20, 1, 1000)), QueryJsonContext.Default.DataFlowTrace);
    }

    internal static Results<JsonHttpResult<IReadOnlyList<StaleDataset>>, ProblemHttpResult> Stale(LineageService lineage, TimeProvider time, string? olderThan, DateTimeOffset? now, string? asOf)
    {
        if (!AsOfQuery.TryEngine(lineage, asOf, out var engine, out var problem))
        {
            return problem!;
        }

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

        return TypedResults.Json(engine.Stale(window, now ?? engine.Graph.Moment ?? time.GetUtcNow()), QueryJsonContext.Default.IReadOnlyListStaleDataset);
    }

    internal static Results<Ok<GraphStats>, ProblemHttpResult> Stats(LineageService lineage, string? groupBy, string? operation, DateTimeOffset? since, string? asOf)
    {
        if (!AsOfQuery.TryEngine(lineage, asOf, out var engine, out var problem))
        {
            return problem!;
        }

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

        var graph = engine.Graph;
        return TypedResults.Ok(new GraphStats(
            lineage.Store.Count, graph.DatasetCount, graph.JobCount, graph.RunCount, graph.FieldCount, graph.EdgeCount,
            engine.PerformanceStats(grouping, type, since)));
    }

    internal static Results<JsonHttpResult<VolumeFlowReport>, ProblemHttpResult> Volume(LineageService lineage, double? bucketHours, DateTimeOffset? from, DateTimeOffset? to, string? asOf) =>
        !AsOfQuery.TryEngine(lineage, asOf, out var engine, out var problem) ? problem! : TypedResults.Json(engine.VolumeFlow(TimeSpan.FromHours(Math.Clamp(bucketHours ?? 24, 1.0 / 60, 24 * 366)), from, to), QueryJsonContext.Default.VolumeFlowReport);

    internal static Results<Ok<RunList>, ProblemHttpResult> FailedRuns(LineageService lineage, DateTimeOffset? since, int? limit, int? offset, string? asOf)
    {
        if (!AsOfQuery.TryEngine(lineage, asOf, out var engine, out var problem))
        {
            return problem!;
        }

        var runs = engine.FailedRuns(since).OrderByDescending(r => r.StartedAt).ToList();
        return TypedResults.Ok(new RunList(runs.Count, [.. Paging.Page(runs, limit, offset).Select(RunResource.Of)]));
    }

    internal static Results<JsonHttpResult<IReadOnlyList<RunInfo>>, ProblemHttpResult> Failures(LineageService lineage, DateTimeOffset? since, string? asOf) =>
        !AsOfQuery.TryEngine(lineage, asOf, out var engine, out var problem) ? problem! : TypedResults.Json(engine.FailedRuns(since), QueryJsonContext.Default.IReadOnlyListRunInfo);

    internal static Results<JsonHttpResult<IReadOnlyList<AuditEntry>>, ProblemHttpResult> Audit(LineageService lineage, string? dataset, DateTimeOffset? from, DateTimeOffset? to, string? asOf)
    {
        if (!AsOfQuery.TryEngine(lineage, asOf, out var engine, out var problem))
        {
            return problem!;
        }

        DatasetId? id = null;
        if (dataset is { Length: > 0 })
        {
            if (!NodeLookup.TryFind(engine, dataset.StartsWith("dataset:", StringComparison.Ordinal) ? dataset : "dataset:" + dataset, "dataset", out var node, out problem)
                && !NodeLookup.TryFind(engine, dataset, "dataset", out node, out problem))
            {
                return problem!;
            }

            if (node.Kind != NodeKind.Dataset)
            {
                return Problems.BadRequest($"'{dataset}' is not a dataset.");
            }

            id = node.AsDataset();
        }

        return TypedResults.Json(engine.Audit(new AuditFilter { Dataset = id, From = from, To = to }), QueryJsonContext.Default.IReadOnlyListAuditEntry);
    }

    // article30=true answers the Article 30 record, as the CLI's `pii --article30` does, so both doors take the same words.
    internal static Results<JsonHttpResult<PiiReport>, JsonHttpResult<ProcessingRecord>, ProblemHttpResult> Pii(LineageService lineage, string? tags, string? patterns, bool? includeIndirect, bool? article30, string? asOf)
    {
        if (!AsOfQuery.TryEngine(lineage, asOf, out var engine, out var problem))
        {
            return problem!;
        }

        return article30 == true
            ? TypedResults.Json(engine.ProcessingRecord(PiiOptionsOf(tags, patterns, null)), QueryJsonContext.Default.ProcessingRecord)
            : TypedResults.Json(engine.PiiFlow(PiiOptionsOf(tags, patterns, includeIndirect)), QueryJsonContext.Default.PiiReport);
    }

    internal static Results<JsonHttpResult<ProcessingRecord>, ProblemHttpResult> ProcessingRecord(LineageService lineage, string? tags, string? patterns, string? asOf) =>
        !AsOfQuery.TryEngine(lineage, asOf, out var engine, out var problem) ? problem! : TypedResults.Json(engine.ProcessingRecord(PiiOptionsOf(tags, patterns, null)), QueryJsonContext.Default.ProcessingRecord);

    private static PiiOptions PiiOptionsOf(string? tags, string? patterns, bool? includeIndirect) => new()
    {
        TagKeys = tags is { Length: > 0 } ? tags.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : PiiOptions.Default.TagKeys,
        FieldPatterns = patterns is { Length: > 0 } ? patterns.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [],
        IncludeIndirect = includeIndirect == true,
    };

    internal static Results<JsonHttpResult<ClassificationReport>, ProblemHttpResult> Classifications(
        LineageService lineage, string? tag, string? notPropagated, bool? maskingStops, bool? includeIndirect, string? asOf) =>
        !AsOfQuery.TryEngine(lineage, asOf, out var engine, out var problem) ? problem! : TypedResults.Json(
            engine.Classifications(new ClassificationOptions
            {
                Tag = tag is { Length: > 0 } ? tag : null,
                NotPropagated = notPropagated is { Length: > 0 } ? notPropagated.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [],
                MaskingStops = maskingStops ?? true,
                IncludeIndirect = includeIndirect == true,
            }),
            QueryJsonContext.Default.ClassificationReport);

    // A block on one edge, as `tributary tag block --from A --to B --tag KEY` (and unblock) sends it; the answer is the
    // tag's classifications after the change.
    private static async Task<Results<JsonHttpResult<ClassificationReport>, ProblemHttpResult>> ChangeBlockAsync(
        LineageService lineage, TimeProvider time, string? from, string? to, string? tag, bool add, CancellationToken cancellationToken)
    {
        if (TagEdits.BlockKeyProblem(tag) is { } bad)
        {
            return Problems.BadRequest("tag: " + bad + ".");
        }

        if (!NodeLookup.TryFind(lineage, from, "from", out var source, out var problem) || !NodeLookup.TryFind(lineage, to, "to", out var target, out problem))
        {
            return problem!;
        }

        var edit = TagEdits.EdgeBlock(lineage.Graph, source, target, tag!, add, time.GetUtcNow(), LineageWrites.Producer);
        if (edit.Event is not { } lineageEvent)
        {
            return MarquezTagsApi.Problem(edit);
        }

        if (await LineageWrites.IngestAsync(lineage, lineageEvent, cancellationToken) is { } failed)
        {
            return failed;
        }

        return TypedResults.Json(lineage.Engine.Classifications(new ClassificationOptions { Tag = tag }), QueryJsonContext.Default.ClassificationReport);
    }

    internal static Results<Ok<RunTimeline>, ProblemHttpResult> Timeline(LineageService lineage, TimeProvider time, double? hours, DateTimeOffset? from, DateTimeOffset? to, string? asOf)
    {
        if (!AsOfQuery.TryEngine(lineage, asOf, out var engine, out var problem))
        {
            return problem!;
        }

        var end = to ?? engine.Graph.Moment ?? time.GetUtcNow();
        var start = from ?? end - TimeSpan.FromHours(Math.Clamp(hours ?? 24, 0, 24 * 366 * 100));
        return TypedResults.Ok(RunTimeline.Of(engine.Graph, start, end));
    }

    internal static Results<JsonHttpResult<IReadOnlyList<DatasetInfo>>, ProblemHttpResult> Find(LineageService lineage, string? @namespace, string? name, string? type, string? tag, string? owner, string? asOf) =>
        !AsOfQuery.TryEngine(lineage, asOf, out var engine, out var problem) ? problem! : TypedResults.Json(
            engine.FindDataSources(new DataSourceFilter { Namespace = @namespace, NamePattern = name, Type = type, Tag = tag, Owner = owner }),
            QueryJsonContext.Default.IReadOnlyListDatasetInfo);
}

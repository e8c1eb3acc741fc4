using Microsoft.AspNetCore.Http.HttpResults;
using Tributary.Export;
using Tributary.Json;
using Tributary.Query;
using Tributary.Model;
using Tributary.Server.Hosting;

namespace Tributary.Server.Api;

/// <summary>Lineage graphs in Marquez's JSON shape: table level and column level, with directed depths.</summary>
internal static class GraphApi
{
    private const int DefaultDepth = 20;

    public static IEndpointRouteBuilder MapGraphApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Lineage graph");
        api.MapGet("/lineage", GetLineage)
            .WithSummary("The lineage around a node in Marquez's graph shape. depth (default 20) applies both ways; upstreamDepth and downstreamDepth override it per direction.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json");
        api.MapGet("/lineage/nodes", GetLineageNodes)
            .WithSummary("The lineage around a node as the CLI's `lineage --format json` prints it: nodes with their upstream and downstream depths, and edges. columns=true for column lineage.");
        api.MapGet("/lineage/diff", GetDiff)
            .WithSummary("What changed between two moments (from, to: ISO 8601 times or run ids; to defaults to now), optionally around nodeId within depth (default 20): the answer `tributary diff --format json` prints; format=md for Markdown.");
        api.MapGet("/column-lineage", GetColumnLineage)
            .WithSummary("The column lineage of a dataset's fields or of one field: upstream to depth (default 20), downstream too with withDownstream=true.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json");
        return app;
    }

    internal static Results<ContentHttpResult, ProblemHttpResult> GetLineage(
        LineageService lineage, string? nodeId, int? depth, int? upstreamDepth, int? downstreamDepth, bool? withRuns, bool? includeDeleted, int? maxNodes, string? asOf) =>
        AsOfQuery.TryEngine(lineage, asOf, out var engine, out var problem)
            ? Lineage(engine, nodeId, depth, upstreamDepth, downstreamDepth, withRuns, includeDeleted, maxNodes)
            : problem!;

    // The /lineage answer from the graph an engine reads; the endpoint and the start-up warm-up (QueryWarmup) share it.
    internal static Results<ContentHttpResult, ProblemHttpResult> Lineage(
        LineageQueryEngine engine, string? nodeId, int? depth, int? upstreamDepth, int? downstreamDepth, bool? withRuns, bool? includeDeleted, int? maxNodes)
    {
        if (!NodeLookup.TryFind(engine, nodeId, "nodeId", out var node, out var problem))
        {
            return problem!;
        }

        if (Depths(depth, upstreamDepth, downstreamDepth, out var up, out var down) is { } bad)
        {
            return bad;
        }

        var options = QueryOptions(includeDeleted, maxNodes);
        var result = node.Kind == NodeKind.DatasetField
            ? engine.ColumnLineage(node, up, down, options)
            : engine.Lineage(node, up, down, options);
        var view = LineageView.Of(engine.Graph, result, new ExportOptions { IncludeFields = node.Kind == NodeKind.DatasetField, IncludeRuns = withRuns == true, IncludeDeleted = options.IncludeDeleted });
        return Marquez(view);
    }

    internal static Results<ContentHttpResult, ProblemHttpResult> GetColumnLineage(
        LineageService lineage, string? nodeId, int? depth, bool? withDownstream, string? asOf)
    {
        if (!AsOfQuery.TryEngine(lineage, asOf, out var engine, out var problem))
        {
            return problem!;
        }

        if (!NodeLookup.TryFind(engine, nodeId, "nodeId", out var node, out problem))
        {
            return problem!;
        }

        if (node.Kind is not (NodeKind.Dataset or NodeKind.DatasetField or NodeKind.Job))
        {
            return Problems.BadRequest($"Column lineage starts at a dataset, a dataset field or a job; '{node}' is a {node.Kind.ToString().ToLowerInvariant()}.");
        }

        if (Depths(depth, null, null, out var up, out _) is { } bad)
        {
            return bad;
        }

        if (node.Kind == NodeKind.Job)
        {
            // As Marquez answers for a job: the column lineage of the datasets it writes, together.
            var outputs = engine.Graph.GetJob(node.AsJob())?.Outputs ?? [];
            var parts = outputs.Select(o => engine.ColumnLineage(NodeId.From(o), up, withDownstream == true ? up : 0)).ToList();
            if (parts.Count == 0)
            {
                return Problems.NotFound($"Job '{node.Name}' in namespace '{node.Namespace}' writes no dataset, so it has no column lineage.");
            }

            var fields = parts.ConvertAll(p => p.FieldsOnly());
            var nodes = fields.SelectMany(p => p.Nodes).DistinctBy(n => n.Id).ToList();
            var edges = fields.SelectMany(p => p.Edges).DistinctBy(e => (e.From, e.To)).ToList();
            var merged = new LineageResult(parts[0].Root, nodes, edges, parts.Exists(p => p.Partial));
            return Marquez(LineageView.Of(engine.Graph, merged, new ExportOptions { IncludeFields = true }));
        }

        // Marquez's UI reads a dataset and a field from every node of this answer, so it holds fields only; the
        // dataset-level (INDIRECT) lineage stays in /lineage/nodes?columns=true and /export?format=marquez&columns=true.
        var result = engine.ColumnLineage(node, up, withDownstream == true ? up : 0);
        var view = LineageView.Of(engine.Graph, result.FieldsOnly(), new ExportOptions { IncludeFields = true });
        return Marquez(view);
    }

    internal static Results<JsonHttpResult<LineageResult>, ProblemHttpResult> GetLineageNodes(
        LineageService lineage, string? nodeId, int? depth, int? upstreamDepth, int? downstreamDepth, bool? columns, bool? includeDeleted, int? maxNodes, string? asOf)
    {
        if (!AsOfQuery.TryEngine(lineage, asOf, out var engine, out var problem))
        {
            return problem!;
        }

        if (!NodeLookup.TryFind(engine, nodeId, "nodeId", out var node, out problem))
        {
            return problem!;
        }

        if (Depths(depth, upstreamDepth, downstreamDepth, out var up, out var down) is { } bad)
        {
            return bad;
        }

        if (columns == true && node.Kind is not (NodeKind.Dataset or NodeKind.DatasetField))
        {
            return Problems.BadRequest($"Column lineage starts at a dataset or a dataset field; '{node}' is a {node.Kind.ToString().ToLowerInvariant()}.");
        }

        var options = QueryOptions(includeDeleted, maxNodes);
        var result = columns == true || node.Kind == NodeKind.DatasetField
            ? engine.ColumnLineage(node, up, down, options)
            : engine.Lineage(node, up, down, options);
        return TypedResults.Json(result, QueryJsonContext.Default.LineageResult);
    }

    internal static Results<JsonHttpResult<LineageDiff>, ContentHttpResult, ProblemHttpResult> GetDiff(
        LineageService lineage, TimeProvider time, string? from, string? to, string? nodeId, int? depth, string? format)
    {
        if (string.IsNullOrWhiteSpace(from))
        {
            return Problems.BadRequest("from is required: an ISO 8601 time such as 2025-01-15T03:00:00Z, or a run id.");
        }

        DateTimeOffset start, end;
        try
        {
            start = lineage.Engine.ParseMoment(from);
            end = string.IsNullOrWhiteSpace(to) ? time.GetUtcNow() : lineage.Engine.ParseMoment(to);
        }
        catch (FormatException ex)
        {
            return Problems.BadRequest(ex.Message);
        }

        if (end < start)
        {
            return Problems.BadRequest($"to {end:O} is before from {start:O}.");
        }

        NodeId? node = null;
        if (nodeId is not null)
        {
            if (!NodeLookup.TryFind(lineage, nodeId, "nodeId", out var found, out var problem))
            {
                return problem!;
            }

            node = found;
        }

        var diff = lineage.Engine.Diff(start, end, node, Math.Clamp(depth ?? DefaultDepth, 0, 1000));
        if (format is "md" or "markdown")
        {
            using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
            LineageDiffExporter.WriteMarkdown(diff, text);
            return TypedResults.Content(text.ToString(), "text/markdown; charset=utf-8");
        }

        return TypedResults.Json(diff, QueryJsonContext.Default.LineageDiff);
    }

    private static LineageQueryOptions QueryOptions(bool? includeDeleted, int? maxNodes) => new()
    {
        IncludeDeleted = includeDeleted == true,
        MaxNodes = Math.Max(1, maxNodes ?? LineageQueryOptions.Default.MaxNodes),
    };

    internal static ProblemHttpResult? Depths(int? depth, int? upstreamDepth, int? downstreamDepth, out int up, out int down)
    {
        up = upstreamDepth ?? depth ?? DefaultDepth;
        down = downstreamDepth ?? depth ?? DefaultDepth;
        return up is < 0 or > 1000 || down is < 0 or > 1000 ? Problems.BadRequest("Depths are between 0 and 1000.") : null;
    }

    private static ContentHttpResult Marquez(LineageView view)
    {
        using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        new MarquezJsonExporter().Write(view, text);
        return TypedResults.Content(text.ToString(), "application/json", System.Text.Encoding.UTF8);
    }
}

using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Tributary.Export;
using Tributary.Model;
using Tributary.Server.Hosting;

namespace Tributary.Server.Api;

/// <summary>The CLI's exports over HTTP: DOT, Mermaid, JSON, Marquez JSON of a node's lineage or the whole graph, and the summary report.</summary>
internal static class ExportApi
{
    public static IEndpointRouteBuilder MapExportApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/export", Export).WithTags("Export")
            .WithSummary("format=dot|mermaid|json|marquez for the lineage of nodeId (or the whole graph without it; depth, upstreamDepth, downstreamDepth, columns), html|markdown for the summary report.");
        return app;
    }

    internal static Results<ContentHttpResult, ProblemHttpResult> Export(
        LineageService lineage, TimeProvider time, string? format, string? nodeId, int? depth, int? upstreamDepth, int? downstreamDepth, bool? columns, bool? runs, string? asOf)
    {
        if (!AsOfQuery.TryEngine(lineage, asOf, out var engine, out var problem))
        {
            return problem!;
        }

        format = (format ?? "json").ToLowerInvariant();
        var options = new ExportOptions { IncludeFields = columns == true, IncludeRuns = runs == true };
        var visualizer = new LineageVisualizer(engine, options, engine.Graph.Moment is null ? time : null);
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        switch (format)
        {
            case "html":
                visualizer.WriteSummaryReport(ReportFormat.Html, text);
                return TypedResults.Content(text.ToString(), "text/html; charset=utf-8");
            case "markdown" or "md":
                visualizer.WriteSummaryReport(ReportFormat.Markdown, text);
                return TypedResults.Content(text.ToString(), "text/markdown; charset=utf-8");
        }

        if (LineageExporters.Find(format) is not { } exporter)
        {
            return Problems.BadRequest($"format '{format}' is not one of {string.Join(", ", LineageExporters.All.Select(e => e.Format))}, html, markdown.");
        }

        Model.NodeId? node = null;
        int up = 20, down = 20;
        if (nodeId is not null)
        {
            if (!NodeLookup.TryFind(engine, nodeId, "nodeId", out var found, out problem))
            {
                return problem!;
            }

            if (GraphApi.Depths(depth, upstreamDepth, downstreamDepth, out up, out down) is { } bad)
            {
                return bad;
            }

            node = found;
        }

        // The same view `tributary export` draws, from the same library call.
        var view = visualizer.GenerateExportView(node, up, down);
        exporter.Write(view, text);
        var contentType = format switch
        {
            "dot" => "text/vnd.graphviz; charset=utf-8",
            "mermaid" => "text/plain; charset=utf-8",
            _ => "application/json; charset=utf-8",
        };
        return TypedResults.Content(text.ToString(), contentType);
    }
}

using System.CommandLine;
using Tributary.Cli.Output;
using Tributary.Export;
using Tributary.Json;
using Tributary.Query;

namespace Tributary.Cli.Commands;

/// <summary><c>lineage</c>, <c>upstream</c>, <c>downstream</c> and <c>columns</c>: what feeds a node and what it feeds.</summary>
internal static class LineageCommands
{
    public static IEnumerable<Command> Create()
    {
        yield return Lineage("lineage", "Lineage of a node: upstream and downstream, each to its own depth.", up: 20, down: 20, columns: false);
        yield return Lineage("upstream", "Everything a node comes from.", up: 20, down: 0, columns: false);
        yield return Lineage("downstream", "Everything that comes from a node.", up: 0, down: 20, columns: false);
        yield return Lineage("columns", "Column lineage of a field (dataset.field or a datasetField: node id), up and down.", up: 20, down: 20, columns: true);
    }

    private static Command Lineage(string name, string description, int up, int down, bool columns)
    {
        var node = new Argument<string>("node") { Description = "A NodeId (dataset:ns:name, job:ns:name, datasetField:ns:dataset:field) or a unique dataset, job or field name." };
        var store = CommonOptions.Store();
        var depth = new Option<int?>("--depth", "-d") { Description = "Depth in both directions this command looks (default 20)." };
        var upstream = new Option<int?>("--upstream") { Description = $"Upstream depth (default {up})." };
        var downstream = new Option<int?>("--downstream") { Description = $"Downstream depth (default {down})." };
        var includeDeleted = new Option<bool>("--include-deleted") { Description = "Also follow datasets that were dropped." };
        var maxNodes = new Option<int>("--max-nodes") { Description = "Stop after this many nodes and mark the answer partial.", DefaultValueFactory = _ => LineageQueryOptions.Default.MaxNodes };
        var format = CommonOptions.Format("table", "table", "json", "csv", "dot", "mermaid", "marquez");
        var output = CommonOptions.Output();
        var command = new Command(name, description) { node, store, depth, upstream, downstream, includeDeleted, maxNodes, format, output };
        CommandAction.Set(command, async (result, ct) =>
        {
            var session = await CommandAction.OpenAsync(result, store, ct);
            var id = session.Resolve(result.GetValue(node)!);
            var d = result.GetValue(depth);
            var upDepth = result.GetValue(upstream) ?? (up == 0 ? 0 : d ?? up);
            var downDepth = result.GetValue(downstream) ?? (down == 0 ? 0 : d ?? down);
            if (upDepth < 0 || downDepth < 0)
            {
                throw new CliException("depths must be zero or more");
            }

            var options = new LineageQueryOptions { IncludeDeleted = result.GetValue(includeDeleted), MaxNodes = Math.Max(1, result.GetValue(maxNodes)) };
            var lineage = columns || id.Kind == Model.NodeKind.DatasetField
                ? session.Engine.ColumnLineage(id, upDepth, downDepth, options)
                : session.Engine.Lineage(id, upDepth, downDepth, options);
            var fmt = result.GetValue(format)!;
            if (fmt is "dot" or "mermaid" or "marquez")
            {
                // Marquez's column-lineage shape holds fields only, as the server's /column-lineage answers.
                var view = LineageView.Of(session.Graph, fmt == "marquez" && columns ? lineage.FieldsOnly() : lineage, new ExportOptions { IncludeFields = columns || id.Kind == Model.NodeKind.DatasetField, IncludeDeleted = options.IncludeDeleted });
                Render.WithWriter(result.InvocationConfiguration, result.GetValue(output), w => LineageExporters.Find(fmt)!.Write(view, w));
                return;
            }

            var columnLevel = columns || id.Kind == Model.NodeKind.DatasetField;
            Render.Write(result.InvocationConfiguration, fmt, result.GetValue(output), lineage, QueryJsonContext.Default.LineageResult, r => columnLevel ? ColumnTable(r) : Table(r));
        });
        return command;
    }

    // Column lineage is about how each field is made, so the table lists the edges with their transformations.
    private static Tabular ColumnTable(LineageResult result)
    {
        var table = new Tabular("from", "to", "transformation (type/subtype)", "masking")
        {
            Title = $"Column lineage of {result.Root}: {result.Nodes.Count} nodes, {result.Edges.Count} edges{(result.Partial ? " (partial: node budget reached)" : "")}",
        };
        foreach (var edge in result.Edges)
        {
            if (edge.Kind is not (Graph.EdgeKind.ColumnLineage or Graph.EdgeKind.DatasetColumnLineage))
            {
                continue;
            }

            var how = edge.Transformations.Count == 0 ? "" : string.Join(", ", edge.Transformations.Select(t => t.Subtype is null ? t.Type : $"{t.Type}/{t.Subtype}").Distinct(StringComparer.Ordinal));
            table.Add(edge.From, edge.To, how, edge.IsMasking ? "masked" : "");
        }

        return table;
    }

    private static Tabular Table(LineageResult result)
    {
        var table = new Tabular("kind", "node", "upstream depth", "downstream depth", "deleted")
        {
            Title = $"Lineage of {result.Root}: {result.Nodes.Count} nodes, {result.Edges.Count} edges{(result.Partial ? " (partial: node budget reached)" : "")}",
        };
        foreach (var n in result.Nodes.OrderBy(n => n.UpstreamDepth is { } u && u > 0 ? -u : n.DownstreamDepth ?? 0).ThenBy(n => n.Id))
        {
            table.Add(n.Kind, n.Id, n.UpstreamDepth, n.DownstreamDepth, n.Deleted ? "yes" : "");
        }

        return table;
    }
}

using System.CommandLine;
using Tributary.Cli.Output;
using Tributary.Export;
using Tributary.Json;

namespace Tributary.Cli.Commands;

/// <summary><c>impact</c> (what breaks if this changes) and <c>root-cause</c> (why is this dataset wrong).</summary>
internal static class ImpactCommands
{
    public static IEnumerable<Command> Create()
    {
        yield return Impact();
        yield return RootCause();
    }

    private static Command Impact()
    {
        var node = new Argument<string>("node") { Description = "The node that would change." };
        var store = CommonOptions.Store();
        var depth = new Option<int>("--depth", "-d") { Description = "How far downstream to look.", DefaultValueFactory = _ => 20 };
        var format = CommonOptions.Format("table", "table", "json", "csv", "md", "text");
        var output = CommonOptions.Output();
        var command = new Command("impact", "Everything downstream of a node by depth: datasets, jobs, fields, and the owners to notify.") { node, store, depth, format, output };
        CommandAction.Set(command, async (result, ct) =>
        {
            var session = await CommandAction.OpenAsync(result, store, ct);
            var report = session.Engine.Impact(session.Resolve(result.GetValue(node)!), Math.Max(0, result.GetValue(depth)));
            var fmt = result.GetValue(format)!;
            if (fmt is "md" or "text")
            {
                Render.WithWriter(result.InvocationConfiguration, result.GetValue(output), w => ImpactExporter.Write(report, fmt == "md" ? ReportFormat.Markdown : ReportFormat.Text, w));
                return;
            }

            Render.Write(result.InvocationConfiguration, fmt, result.GetValue(output), report, QueryJsonContext.Default.ImpactReport, r =>
            {
                var table = new Tabular("depth", "kind", "node")
                {
                    Title = $"Impact of {r.Root}: {r.DatasetCount} datasets, {r.JobCount} jobs, {r.FieldCount} fields downstream; notify {string.Join(", ", r.Owners.Select(o => o.Name).DefaultIfEmpty("nobody (no owners recorded)"))}{(r.Partial ? " (partial)" : "")}",
                };
                foreach (var level in r.Levels)
                {
                    foreach (var d in level.Datasets)
                    {
                        table.Add(level.Depth, "dataset", d);
                    }

                    foreach (var j in level.Jobs)
                    {
                        table.Add(level.Depth, "job", j);
                    }

                    foreach (var f in level.Fields)
                    {
                        table.Add(level.Depth, "field", f);
                    }
                }

                return table;
            });
        });
        return command;
    }

    private static Command RootCause()
    {
        var dataset = new Argument<string>("dataset") { Description = "The dataset with a data-quality problem." };
        var store = CommonOptions.Store();
        var depth = new Option<int>("--depth", "-d") { Description = "How far upstream to look.", DefaultValueFactory = _ => 20 };
        var format = CommonOptions.Format("table", "table", "json", "csv");
        var output = CommonOptions.Output();
        var command = new Command("root-cause", "Upstream candidates for a data-quality problem, ranked by failed assertions, failed runs, schema changes and volume drops, with evidence.") { dataset, store, depth, format, output };
        CommandAction.Set(command, async (result, ct) =>
        {
            var session = await CommandAction.OpenAsync(result, store, ct);
            var report = session.Engine.RootCause(session.Resolve(result.GetValue(dataset)!), Math.Max(0, result.GetValue(depth)));
            Render.Write(result.InvocationConfiguration, result.GetValue(format)!, result.GetValue(output), report, QueryJsonContext.Default.RootCauseReport, r =>
            {
                var table = new Tabular("rank", "candidate", "depth", "score", "evidence")
                {
                    Title = $"Root-cause candidates for {r.Dataset} ({r.Upstream.Count} upstream nodes checked{(r.Partial ? ", partial" : "")})",
                };
                var rank = 1;
                foreach (var c in r.Candidates)
                {
                    table.Add(rank++, c.Node, c.Depth, c.Score, string.Join("; ", c.Evidence.Select(e => $"{e.Kind}: {e.Description}")));
                }

                return table;
            });
        });
        return command;
    }
}

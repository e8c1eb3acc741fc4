using System.CommandLine;
using Tributary.Cli.Output;
using Tributary.Export;
using Tributary.Json;

namespace Tributary.Cli.Commands;

/// <summary><c>diff --from T1 --to T2 [NODE]</c>: what changed in the lineage between two moments.</summary>
internal static class DiffCommand
{
    public static Command Create()
    {
        var node = new Argument<string?>("node") { Description = "Only the lineage around this node (at either moment).", Arity = ArgumentArity.ZeroOrOne };
        var store = CommonOptions.Store();
        var from = new Option<string>("--from") { Description = "The earlier moment: an ISO 8601 time or a run id.", Required = true };
        var to = new Option<string?>("--to") { Description = "The later moment: an ISO 8601 time or a run id (default now)." };
        var depth = new Option<int>("--depth", "-d") { Description = "With a node: how many levels around it.", DefaultValueFactory = _ => 20 };
        var format = CommonOptions.Format("table", "table", "json", "csv", "md");
        var output = CommonOptions.Output();
        var command = new Command("diff", "What changed in the lineage between two moments: datasets, jobs, fields and edges added and removed, schema, owner and tag changes, SQL changes (unified diff), row counts, failures.")
        {
            node, store, from, to, depth, format, output,
        };
        CommandAction.Set(command, async (result, ct) =>
        {
            var session = await CommandAction.OpenAsync(result, store, ct);
            DateTimeOffset start, end;
            try
            {
                start = session.Engine.ParseMoment(result.GetValue(from)!);
                end = result.GetValue(to) is { } text ? session.Engine.ParseMoment(text) : DateTimeOffset.UtcNow;
            }
            catch (FormatException ex)
            {
                throw new CliException(ex.Message);
            }

            if (end < start)
            {
                throw new CliException($"--to {end:O} is before --from {start:O}");
            }

            if (result.GetValue(depth) < 0)
            {
                throw new CliException("--depth must be zero or more");
            }

            var diff = session.Engine.Diff(start, end, result.GetValue(node) is { } name ? session.ResolveAtAll(name) : null, result.GetValue(depth));
            var fmt = result.GetValue(format)!;
            if (fmt == "md")
            {
                Render.WithWriter(result.InvocationConfiguration, result.GetValue(output), w => LineageDiffExporter.WriteMarkdown(diff, w));
                return;
            }

            Render.Write(result.InvocationConfiguration, fmt, result.GetValue(output), diff, QueryJsonContext.Default.LineageDiff, d =>
            {
                var table = new Tabular("change", "node", "detail") { Title = $"Lineage changes from {d.From:O} to {d.To:O}" };
                foreach (var (change, n, detail) in LineageDiffExporter.Rows(d))
                {
                    table.Add(change, n, detail);
                }

                return table;
            });
        });
        return command;
    }
}

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
        var node = new Argument<string?>("node") { Description = "The node that would change (not with --sql).", Arity = ArgumentArity.ZeroOrOne };
        var store = CommonOptions.Store();
        var depth = new Option<int>("--depth", "-d") { Description = "How far downstream to look.", DefaultValueFactory = _ => 20 };
        var format = CommonOptions.Format("table", "table", "json", "csv", "md", "text");
        var output = CommonOptions.Output();
        var sql = new Option<string?>("--sql") { Description = "A file with the job's proposed SQL: what it would change and break downstream (exit code 3 when something depends on a removed or changed column)." };
        var job = new Option<string?>("--job") { Description = "With --sql: the job whose SQL would change (NS:NAME or a unique job name)." };
        var dialect = new Option<string?>("--dialect") { Description = "With --sql: the SQL dialect (default: the one the job's SQL facet names, else ANSI)." };
        var dbt = new Option<string?>("--dbt")
        {
            Description = "dbt's target/manifest.json: compare every model's compiled SQL with what the store knows, as --sql does for one job (exit code 3 when something depends on a removed or changed column).",
        };
        var command = new Command("impact", "Everything downstream of a node by depth: datasets, jobs, fields, and the owners to notify; with --sql FILE --job NS:NAME, the impact of a proposed SQL change.")
        {
            node, store, depth, format, output, sql, job, dialect, dbt,
        };
        CommandAction.Set(command, async (result, ct) =>
        {
            var session = await CommandAction.OpenAsync(result, store, ct);
            if (result.GetValue(dbt) is { } manifest)
            {
                return DbtChange(result, session, manifest, result.GetValue(sql) is not null || result.GetValue(job) is not null || result.GetValue(node) is not null, Math.Max(0, result.GetValue(depth)), result.GetValue(format)!, result.GetValue(output));
            }

            if (result.GetValue(sql) is { } file)
            {
                return SqlChange(result, session, file, result.GetValue(job), result.GetValue(dialect), result.GetValue(node), Math.Max(0, result.GetValue(depth)), result.GetValue(format)!, result.GetValue(output));
            }

            if (result.GetValue(node) is not { } text)
            {
                throw new CliException("give the node that would change, or --sql FILE --job NS:NAME for a proposed SQL change");
            }

            var report = session.Engine.Impact(session.Resolve(text), Math.Max(0, result.GetValue(depth)));
            var fmt = result.GetValue(format)!;
            if (fmt is "md" or "text")
            {
                Render.WithWriter(result.InvocationConfiguration, result.GetValue(output), w => ImpactExporter.Write(report, fmt == "md" ? ReportFormat.Markdown : ReportFormat.Text, w));
                return 0;
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
            return 0;
        });
        return command;
    }

    /// <summary>The exit code of <c>impact --sql</c> when something downstream depends on a removed or changed column.</summary>
    public const int Breaks = 3;

    private static int SqlChange(ParseResult result, LineageSession session, string file, string? jobText, string? dialectText, string? node, int depth, string format, string? output)
    {
        if (node is not null)
        {
            throw new CliException("--sql takes the job with --job, not a node argument");
        }

        if (jobText is null)
        {
            throw new CliException("--sql needs --job NS:NAME: the job whose SQL would change");
        }

        Sql.SqlDialect? dialect = null;
        if (dialectText is not null)
        {
            dialect = Sql.SqlAnalysisOptions.TryParseDialect(dialectText, out var parsed) ? parsed
                : throw new CliException($"--dialect '{dialectText}' is not a SQL dialect this parser knows (ansi, postgres, spark, mysql, sqlite, ...)");
        }

        if (!File.Exists(file))
        {
            throw new CliException($"--sql '{Path.GetFullPath(file)}' does not exist");
        }

        var id = Model.NodeId.TryParse(jobText.StartsWith("job:", StringComparison.Ordinal) ? jobText : "job:" + jobText, out var parsedJob) && session.Graph.Contains(parsedJob)
            ? parsedJob
            : session.Resolve(jobText);
        if (id.Kind != Model.NodeKind.Job)
        {
            throw new CliException($"--job '{jobText}' is a {id.Kind.ToString().ToLowerInvariant()}, not a job");
        }

        var impact = session.Engine.SqlChange(id.AsJob(), File.ReadAllText(file), dialect, depth);
        if (format is "md" or "text")
        {
            Render.WithWriter(result.InvocationConfiguration, output, w => SqlChangeExporter.WriteMarkdown(impact, w));
        }
        else
        {
            Render.Write(result.InvocationConfiguration, format, output, impact, QueryJsonContext.Default.SqlChangeImpact, r =>
            {
                var table = new Tabular("output", "column", "change", "downstream field", "owners")
                {
                    Title = $"SQL change to {r.Job}: {Verdict(r.Breaks, r.Outputs.Sum(o => o.Downstream.Count))}",
                };
                AddRows(table, r, null);
                return table;
            });
        }

        return impact.Breaks ? Breaks : 0;
    }

    private static string Verdict(bool breaks, int fields) => breaks ? $"breaks {fields} downstream field(s)" : "nothing downstream depends on a changed column";

    private static void AddRows(Tabular table, Query.SqlChangeImpact impact, string? model)
    {
        foreach (var o in impact.Outputs)
        {
            foreach (var c in o.Columns)
            {
                table.Add([.. Lead(model), o.Dataset, c.NewName is null ? c.Column : $"{c.Column} -> {c.NewName}", c.Change, "", ""]);
            }

            foreach (var f in o.Downstream)
            {
                table.Add([.. Lead(model), o.Dataset, f.Column, "affects", f.Field, string.Join(", ", o.Owners.Select(w => w.Name))]);
            }
        }

        static object?[] Lead(string? model) => model is null ? [] : [model];
    }

    // impact --dbt: every model's compiled SQL through the same comparison as impact --sql, one job at a time.
    private static int DbtChange(ParseResult result, LineageSession session, string manifest, bool mixed, int depth, string format, string? output)
    {
        if (mixed)
        {
            throw new CliException("--dbt compares every model of the manifest: give it without a node, --sql or --job");
        }

        IReadOnlyList<Dbt.DbtModel> models;
        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(manifest));
            models = Dbt.DbtImporter.Models(json.RootElement);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read --dbt '{manifest}': {e.Message}");
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or FormatException)
        {
            throw new CliException($"--dbt '{manifest}' is not a dbt manifest: {e.Message.Split('\n')[0]}");
        }

        var impact = session.Engine.DbtChange(models, depth);
        if (format is "md" or "text")
        {
            Render.WithWriter(result.InvocationConfiguration, output, w =>
            {
                w.Write($"## Lineage impact of the dbt project ({impact.Models.Count} models compared)\n\n");
                foreach (var (what, list) in new[] { ("Not in the store yet", impact.NotInStore), ("No compiled SQL (run `dbt compile`)", impact.NotCompiled) })
                {
                    if (list.Count > 0)
                    {
                        w.Write($"{what}: {string.Join(", ", list.Select(m => "`" + MarkdownText.Escape(m) + "`"))}.\n\n");
                    }
                }

                var changed = impact.Models.Where(m => m.Outputs.Count > 0 || m.InputsAdded.Count + m.InputsRemoved.Count + m.Diagnostics.Count > 0).ToList();
                if (changed.Count == 0)
                {
                    w.Write("No model's compiled SQL differs from what the store knows.\n");
                }

                foreach (var model in changed)
                {
                    SqlChangeExporter.WriteMarkdown(model, w);
                }
            });
        }
        else
        {
            Render.Write(result.InvocationConfiguration, format, output, impact, QueryJsonContext.Default.DbtChangeImpact, r =>
            {
                var table = new Tabular("model", "output", "column", "change", "downstream field", "owners")
                {
                    Title = $"dbt project, {r.Models.Count} models compared ({r.NotInStore.Count} not in the store, {r.NotCompiled.Count} not compiled): "
                        + Verdict(r.Breaks, r.Models.Sum(m => m.Outputs.Sum(o => o.Downstream.Count))),
                };
                foreach (var model in r.Models)
                {
                    AddRows(table, model, model.Job.ToString());
                }

                return table;
            });
        }

        return impact.Breaks ? Breaks : 0;
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

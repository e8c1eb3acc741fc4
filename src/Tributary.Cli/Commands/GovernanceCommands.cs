using System.CommandLine;
using Tributary.Cli.Output;
using Tributary.Json;
using Tributary.Query;

namespace Tributary.Cli.Commands;

/// <summary><c>audit</c> (who, what, when, where, why), <c>pii</c> (where personal data flows) and <c>find</c>.</summary>
internal static class GovernanceCommands
{
    public static IEnumerable<Command> Create()
    {
        yield return Audit();
        yield return Pii();
        yield return Find();
    }

    private static Command Audit()
    {
        var store = CommonOptions.Store();
        var dataset = new Option<string?>("--dataset") { Description = "Only runs that read or wrote this dataset." };
        var from = new Option<string?>("--from") { Description = "Start of the window (ISO-8601)." };
        var to = new Option<string?>("--to") { Description = "End of the window (ISO-8601)." };
        var format = CommonOptions.Format("table", "table", "json", "csv");
        var output = CommonOptions.Output();
        var command = new Command("audit", "Audit trail for a dataset or time window: who, what, when, where and why.") { store, dataset, from, to, format, output };
        CommandAction.Set(command, async (result, ct) =>
        {
            var session = await CommandAction.OpenAsync(result, store, ct);
            var filter = new AuditFilter
            {
                Dataset = result.GetValue(dataset) is { } d ? session.Resolve(d).AsDataset() : null,
                From = OperationsCommands.ParseTime(result.GetValue(from), "--from"),
                To = OperationsCommands.ParseTime(result.GetValue(to), "--to"),
            };
            var entries = session.Engine.Audit(filter);
            Render.Write(result.InvocationConfiguration, result.GetValue(format)!, result.GetValue(output), entries, QueryJsonContext.Default.IReadOnlyListAuditEntry, list =>
            {
                var table = new Tabular("when", "who (job)", "producer", "owners", "what (inputs -> outputs)", "sql", "where", "why", "state");
                foreach (var e in list)
                {
                    table.Add(e.StartedAt, e.Job, e.Producer, string.Join(" ", e.Owners), $"{string.Join(" ", e.Inputs)} -> {string.Join(" ", e.Outputs)}", e.Sql, string.Join(" ", e.Namespaces.Concat(e.Sources).Distinct()), e.Description, e.State);
                }

                return table;
            });
        });
        return command;
    }

    private static Command Pii()
    {
        var store = CommonOptions.Store();
        var tags = new Option<string[]>("--tag") { Description = "Tag keys that mark personal data (default: pii).", AllowMultipleArgumentsPerToken = true };
        var fields = new Option<string[]>("--field") { Description = "Field name patterns (glob, e.g. *email*) that are personal data even untagged.", AllowMultipleArgumentsPerToken = true };
        var article30 = new Option<bool>("--article30") { Description = "Print a GDPR Article 30 record of processing activities instead of the flow." };
        var format = CommonOptions.Format("table", "table", "json", "csv");
        var output = CommonOptions.Output();
        var command = new Command("pii", "Fields with personal data and every field and dataset they flow into; a masking transformation stops the flow.") { store, tags, fields, article30, format, output };
        CommandAction.Set(command, async (result, ct) =>
        {
            var session = await CommandAction.OpenAsync(result, store, ct);
            var options = new PiiOptions
            {
                TagKeys = result.GetValue(tags) is { Length: > 0 } t ? t : PiiOptions.Default.TagKeys,
                FieldPatterns = result.GetValue(fields) ?? [],
            };
            if (result.GetValue(article30))
            {
                var record = session.Engine.ProcessingRecord(options);
                Render.Write(result.InvocationConfiguration, result.GetValue(format)!, result.GetValue(output), record, QueryJsonContext.Default.ProcessingRecord, r =>
                {
                    var table = new Tabular("processing (job)", "purpose", "controllers", "personal data", "sources", "recipients", "recipient owners", "systems", "last run")
                    {
                        Title = "Record of processing activities (GDPR Article 30)",
                    };
                    foreach (var a in r.Activities)
                    {
                        table.Add(a.Job, a.Purpose, string.Join(" ", a.Controllers), string.Join(" ", a.PersonalData), string.Join(" ", a.Sources), string.Join(" ", a.Recipients), string.Join(" ", a.RecipientOwners), string.Join(" ", a.Systems), a.LastRun);
                    }

                    return table;
                });
                return;
            }

            var report = session.Engine.PiiFlow(options);
            Render.Write(result.InvocationConfiguration, result.GetValue(format)!, result.GetValue(output), report, QueryJsonContext.Default.PiiReport, r =>
            {
                var table = new Tabular("personal data", "why", "flows into fields", "flows into datasets", "masked at")
                {
                    Title = $"{r.PiiFields.Count} PII field(s) flowing into {r.AffectedFields.Count} field(s) of {r.AffectedDatasets.Count} dataset(s){(r.Partial ? " (partial)" : "")}",
                };
                foreach (var f in r.PiiFields)
                {
                    var flow = r.Flows.FirstOrDefault(x => x.Source == f.Field);
                    table.Add(f.Field, f.Reason, string.Join(" ", flow?.Fields ?? []), string.Join(" ", flow?.Datasets ?? []), string.Join(" ", flow?.MaskedAt ?? []));
                }

                return table;
            });
        });
        return command;
    }

    private static Command Find()
    {
        var store = CommonOptions.Store();
        var ns = new Option<string?>("--namespace") { Description = "Only this namespace." };
        var name = new Option<string?>("--name") { Description = "Name pattern (glob: * and ?)." };
        var type = new Option<string?>("--type") { Description = "Dataset type (TABLE, VIEW, FILE, ...)." };
        var tag = new Option<string?>("--tag") { Description = "Only datasets with this tag key (or key=value) on them or their fields, put there or propagated along lineage (shown as propagated, with the origin)." };
        var owner = new Option<string?>("--owner") { Description = "Only datasets with this owner." };
        var format = CommonOptions.Format("table", "table", "json", "csv");
        var output = CommonOptions.Output();
        var command = new Command("find", "Find data sources by namespace, name pattern, type, tag or owner.") { store, ns, name, type, tag, owner, format, output };
        CommandAction.Set(command, async (result, ct) =>
        {
            var session = await CommandAction.OpenAsync(result, store, ct);
            var found = session.Engine.FindDataSources(new DataSourceFilter
            {
                Namespace = result.GetValue(ns), NamePattern = result.GetValue(name), Type = result.GetValue(type), Tag = result.GetValue(tag), Owner = result.GetValue(owner),
            });
            Render.Write(result.InvocationConfiguration, result.GetValue(format)!, result.GetValue(output), found, QueryJsonContext.Default.IReadOnlyListDatasetInfo, list =>
            {
                var table = new Tabular("dataset", "type", "owners", "tags", "fields", "last written") { Title = $"{list.Count} dataset(s)" };
                foreach (var d in list)
                {
                    var put = d.Tags.Select(t => t.Field is null ? $"{t.Key}={t.Value}" : $"{t.Field}:{t.Key}");
                    var propagated = (d.PropagatedTags ?? []).Select(c => c.Describe());
                    table.Add(d.Node, d.Type, string.Join(" ", d.Owners.Select(o => o.Name)), string.Join(" ", put.Concat(propagated)), d.Fields.Count, d.LastWritten);
                }

                return table;
            });
        });
        return command;
    }
}

using System.CommandLine;
using Tributary.Cli.Ingestion;
using Tributary.Cli.Output;
using Tributary.Dbt;

namespace Tributary.Cli.Commands;

/// <summary>
/// <c>tributary import dbt manifest.json [run_results.json] [catalog.json]</c>: turns a dbt project's artifacts into
/// lineage events through the ingest door, into the store or through the server that holds it.
/// </summary>
internal static class ImportCommand
{
    public static Command Create()
    {
        var manifest = new Argument<string>("manifest") { Description = "dbt's target/manifest.json." };
        var artifacts = new Argument<string[]>("artifacts")
        {
            Description = "Optionally run_results.json (runs with their times, status and tests) and catalog.json (column names and types); recognised by content.",
            Arity = new ArgumentArity(0, 2),
        };
        var store = CommonOptions.Store();
        var server = CommonOptions.Server();
        var apiKey = CommonOptions.ApiKey();
        var jobNamespace = new Option<string>("--job-namespace") { Description = "The namespace of the dbt jobs.", DefaultValueFactory = _ => "dbt" };
        var datasetNamespace = new Option<string?>("--dataset-namespace") { Description = "The warehouse's dataset namespace, for example postgres://db.example:5432 (default: from the adapter)." };
        var dbt = new Command("dbt", "Import a dbt project: models, seeds and snapshots as jobs and datasets, sources as datasets, tests as quality assertions, compiled SQL as column lineage.")
        {
            manifest, artifacts, store, server, apiKey, jobNamespace, datasetNamespace,
        };
        CommandAction.Set(dbt, async (result, ct) =>
        {
            var manifestPath = result.GetValue(manifest)!;
            string? runResults = null, catalog = null;
            foreach (var path in new[] { manifestPath }.Concat(result.GetValue(artifacts) ?? []))
            {
                if (!File.Exists(path))
                {
                    throw new CliException($"'{path}' is not a file.");
                }
            }

            foreach (var path in result.GetValue(artifacts) ?? [])
            {
                var head = File.ReadAllText(path);
                if (head.Contains("/run-results/", StringComparison.Ordinal) || head.Contains("\"results\"", StringComparison.Ordinal))
                {
                    runResults = path;
                }
                else
                {
                    catalog = path;
                }
            }

            IReadOnlyList<Model.RunEvent> events;
            try
            {
                events = DbtImporter.Import(manifestPath, runResults, catalog, new DbtImportOptions { JobNamespace = result.GetValue(jobNamespace)!, DatasetNamespace = result.GetValue(datasetNamespace) });
            }
            catch (FormatException e)
            {
                throw new CliException(e.Message);
            }

            // The embedded store (log and lake, so events compaction moved to the lake are still recognised as
            // duplicates), or the server holding it.
            await using var target = await IngestTarget.OpenAsync(result.GetValue(store)!, result.GetValue(server), result.GetValue(apiKey), ct);
            var summary = await target.IngestAsync(events, ct);
            await target.CompleteAsync(ct);
            foreach (var rejected in summary.Rejected)
            {
                result.InvocationConfiguration.Output.WriteLine(Tributary.Export.VisibleText.Escape($"rejected {events[rejected.Index].Job.Id.Name}: {string.Join("; ", rejected.Errors.Select(x => x.Path + ": " + x.Message))}"));
            }

            foreach (var warning in target.Warnings)
            {
                result.InvocationConfiguration.Output.WriteLine("warning: " + Tributary.Export.VisibleText.Escape(warning));
            }

            var jobs = events.Select(e => e.Job.Id).Distinct().Count();
            var datasets = events.SelectMany(e => e.Inputs.Select(i => i.Id).Concat(e.Outputs.Select(o => o.Id))).Distinct().Count();
            result.InvocationConfiguration.Output.WriteLine($"dbt: {jobs} jobs, {datasets} datasets, {events.Count} events: {summary.Accepted} accepted, {summary.Duplicates} duplicates, {summary.Rejected.Count} rejected {target.Destination}");
        });
        return new Command("import", "Import lineage from other tools' artifacts.") { dbt };
    }
}

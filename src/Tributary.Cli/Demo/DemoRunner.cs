using Tributary.Export;
using Tributary.Graph;
using Tributary.Ingest;
using Tributary.Model;
using Tributary.Query;
using Tributary.Storage;
using Tributary.Tracking;

namespace Tributary.Cli.Demo;

/// <summary>
/// Runs the demo end to end through the same parts a user has: the SDK tracks the pipelines, the events go in
/// through the ingest door into a durable store, the graph follows the store, and the query engine and
/// visualizer answer from the graph.
/// </summary>
internal sealed class DemoRunner(string directory, TextWriter output)
{
    private const string Marker = ".tributary-demo";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var dir = Path.GetFullPath(directory);
        Prepare(dir);
        output.WriteLine("Tributary demo: data lineage for the retail pipeline of the OpenLineage pattern and the trading repository of the tracking system.");
        output.WriteLine($"Everything is kept in {dir} (open it with --store {directory}).");
        output.WriteLine();

        LineageGraph graph;
        await using (var store = FileLineageStore.Open(dir))
        {
            // The demo reads its graph through the same replica as the CLI and the server, and leaves a checkpoint.
            var ingestor = await LineageIngestor.OpenAsync(store, cancellationToken: cancellationToken);
            using var replica = await LineageReplica.OpenAsync(store, LineageReplicaOptions.ForStore(dir), cancellationToken: cancellationToken);
            await replica.FollowAsync(ingestor, cancellationToken);
            graph = replica.Graph;
            var clock = new DemoClock(DateTimeOffset.UnixEpoch);
            var failures = new List<string>();
            await using (var tracker = LineageTracker.Create(new TrackerOptions
            {
                Namespace = RetailPipeline.Namespace,
                TimeProvider = clock,
                Transport = new CompositeTransport([new StoreTransport(ingestor), new FileTransport(Path.Combine(dir, "events.ndjson"))]),
                OnFailure = f => failures.Add(f.Message),
            }))
            {
                output.WriteLine("1. Running the retail pipeline as SQL on an in-memory SQLite database, captured with tracker.Capture(connection): every statement is a run whose tables, column lineage and row counts come from the SQL that ran; owners, PII tags and quality checks are added by the pipeline:");
                await new RetailPipeline(tracker, clock, output).RunAsync(days: 3);
                output.WriteLine();
                output.WriteLine("2. Running the trading example: EquityBarRepository wrapped by the tracking proxy, and a plain function tracked with tracker.Track:");
                RunTrading(tracker, clock);
                await tracker.FlushAsync(cancellationToken);
            }

            if (failures.Count > 0)
            {
                throw new CliException("tracking failed: " + string.Join("; ", failures));
            }

            output.WriteLine();
            output.WriteLine($"3. The events ({store.Count} stored durably, also in events.ndjson):");
            foreach (var stored in store.Read())
            {
                var e = Json.LineageJson.Deserialize(stored.Raw.Span);
                if (e is RunEvent run)
                {
                    output.WriteLine($"   {run.EventTime:yyyy-MM-dd HH:mm:ss} {Json.EventWriter.StateText(run.EventType ?? RunState.Other),-8} {run.Job.Id.Name,-30} {Short(run.Inputs.Select(i => i.Id))} -> {Short(run.Outputs.Select(o => o.Id))}");
                }
            }
        }

        var engine = new LineageQueryEngine(graph);
        var visualizer = new LineageVisualizer(engine, time: new DemoClock(new DateTimeOffset(RetailPipeline.FirstDay.AddDays(2).ToDateTime(new TimeOnly(8, 0)), TimeSpan.Zero)));
        PrintLineage(engine);
        PrintImpact(engine);
        PrintRootCause(engine);
        PrintPii(engine);

        await File.WriteAllTextAsync(Path.Combine(dir, "lineage.dot"), visualizer.ExportToDot(), cancellationToken);
        await using (var html = new StreamWriter(Path.Combine(dir, "report.html")))
        {
            visualizer.WriteSummaryReport(ReportFormat.Html, html);
        }

        output.WriteLine();
        output.WriteLine($"8. Wrote {Path.Combine(dir, "report.html")} (open it in a browser) and {Path.Combine(dir, "lineage.dot")} (render with `dot -Tsvg`).");
        output.WriteLine("   Ask more with the same store, for example:");
        output.WriteLine($"     ./tributary lineage customer_revenue_summary --store {directory}");
        output.WriteLine($"     ./tributary columns customer_revenue_summary.total_profit --store {directory}");
        output.WriteLine($"     ./tributary stats --by operation --store {directory}");
        output.WriteLine($"     ./tributary audit --dataset customers_source --format csv --store {directory}");
    }

    private void RunTrading(LineageTracker tracker, DemoClock clock)
    {
        var repository = tracker.Wrap<IEquityBarRepository>(new TradingRepository());
        foreach (var symbol in new[] { "AAPL", "MSFT" })
        {
            clock.Advance(TimeSpan.FromSeconds(3));
            var bars = TradingRepository.Generate(symbol, new DateOnly(2025, 1, 1), 17);
            repository.SaveDailyBars(bars, symbol);
            clock.Advance(TimeSpan.FromMilliseconds(350));
            var loaded = repository.LoadSymbolData(symbol);
            var dataset = new DatasetId(TradingRepository.DataNamespace, $"equity_bars/{symbol}");
            var returns = tracker.Track(
                new JobId("trading", "compute_daily_returns"),
                () =>
                {
                    clock.Advance(TimeSpan.FromMilliseconds(120));
                    return TradingRepository.DailyReturns(loaded);
                },
                OperationType.Transform,
                inputs: [dataset],
                outputs: [new DatasetId(TradingRepository.DataNamespace, $"daily_returns/{symbol}")]);
            output.WriteLine($"   {symbol}: saved and loaded {loaded.Count} bars, computed {returns.Count} daily returns");
        }
    }

    private void PrintLineage(LineageQueryEngine engine)
    {
        output.WriteLine();
        output.WriteLine("4. The lineage graph (table level: inputs -> job -> outputs):");
        foreach (var job in engine.Graph.GetJobs().OrderBy(j => j.Id))
        {
            output.WriteLine($"   {Short(job.Inputs)} -> [{job.Id}] -> {Short(job.Outputs)}");
        }

        output.WriteLine("   Column lineage of customer_revenue_summary (from the columnLineage facet):");
        var summary = NodeId.From(RetailFacets.Summary);
        var columns = engine.ColumnLineage(summary, upstreamDepth: 1, downstreamDepth: 0);
        foreach (var group in columns.Edges.Where(e => e.To.Kind == NodeKind.DatasetField && e.To.Name == RetailFacets.Summary.Name).GroupBy(e => e.To.Field).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var sources = group.Select(e => $"{Last(e.From.Name)}.{e.From.Field}{(e.IsMasking ? " (masked)" : "")} [{string.Join(",", e.Transformations.Select(t => t.Subtype).Distinct())}]").Distinct();
            output.WriteLine($"     {group.Key,-18} <- {string.Join(", ", sources)}");
        }
    }

    private void PrintImpact(LineageQueryEngine engine)
    {
        output.WriteLine();
        output.WriteLine("5. Impact analysis: what is affected if customers_source changes?");
        var impact = engine.Impact(NodeId.From(RetailFacets.Customers));
        foreach (var level in impact.Levels)
        {
            output.WriteLine($"   depth {level.Depth}: {string.Join(", ", level.Datasets.Select(d => Last(d.Name)).Concat(level.Jobs.Select(j => "job " + j.Name)))}{(level.Fields.Count > 0 ? $" and {level.Fields.Count} fields" : "")}");
        }

        output.WriteLine($"   {impact.DatasetCount} datasets, {impact.JobCount} jobs, {impact.FieldCount} fields downstream; owners to notify: {string.Join(", ", impact.Owners.Select(o => o.Name))}");
    }

    private void PrintRootCause(LineageQueryEngine engine)
    {
        output.WriteLine();
        output.WriteLine("6. Root cause: the profit_non_negative check on customer_revenue_summary failed on the last night. Upstream candidates:");
        var report = engine.RootCause(NodeId.From(RetailFacets.Summary));
        var rank = 1;
        foreach (var candidate in report.Candidates.Take(5))
        {
            output.WriteLine($"   {rank++}. {candidate.Node} (depth {candidate.Depth}, score {candidate.Score:0.#})");
            foreach (var evidence in candidate.Evidence.Take(3))
            {
                output.WriteLine($"      - {evidence.Kind}: {evidence.Description} ({evidence.At:yyyy-MM-dd HH:mm})");
            }
        }
    }

    private void PrintPii(LineageQueryEngine engine)
    {
        output.WriteLine();
        output.WriteLine("7. PII flow: fields tagged pii and everything they flow into (a masking transformation stops the flow):");
        var report = engine.PiiFlow();
        foreach (var flow in report.Flows)
        {
            output.WriteLine($"   {Last(flow.Source.Dataset.Name)}.{flow.Source.Name} -> {string.Join(", ", flow.Fields.Select(f => $"{Last(f.Dataset.Name)}.{f.Name}"))}{(flow.MaskedAt.Count > 0 ? $"; masked at {string.Join(", ", flow.MaskedAt.Select(f => $"{Last(f.Dataset.Name)}.{f.Name}"))}" : "")}");
        }

        output.WriteLine($"   {report.PiiFields.Count} PII fields reach {report.AffectedDatasets.Count} datasets: {string.Join(", ", report.AffectedDatasets.Select(d => Last(d.Name)))}");
    }

    private static string Short(IEnumerable<DatasetId> datasets)
    {
        var names = datasets.Select(d => Last(d.Name)).ToList();
        return names.Count == 0 ? "(nothing)" : string.Join(", ", names);
    }

    private static string Last(string name) => name.StartsWith("governance_demo.", StringComparison.Ordinal) ? name["governance_demo.".Length..] : name;

    private static void Prepare(string dir)
    {
        if (Directory.Exists(dir) && Directory.EnumerateFileSystemEntries(dir).Any())
        {
            if (!File.Exists(Path.Combine(dir, Marker)))
            {
                throw new CliException($"'{dir}' exists and was not made by the demo; choose another folder with --out");
            }

            // A previous demo run: start again from an empty store so the output is the same every time.
            foreach (var entry in new[] { "events", "LOCK", "report.html", "lineage.dot", "events.ndjson" }.Select(e => Path.Combine(dir, e)))
            {
                if (Directory.Exists(entry))
                {
                    Directory.Delete(entry, recursive: true);
                }
                else if (File.Exists(entry))
                {
                    File.Delete(entry);
                }
            }
        }

        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, Marker), "This folder was written by `tributary demo`; running the demo again replaces its contents.\n");
    }
}

using Microsoft.Extensions.DependencyInjection;
using Tributary.Examples;
using Tributary.Export;
using Tributary.Model;
using Tributary.Query;
using Tributary.Storage.Lake;
using Tributary.Tracking;

// The tracking-system document's Quick Start (steps 1-5) and use cases (1-5), in C#. Run it with a folder for the
// lineage data: dotnet run --project examples/Tributary.Examples -- ./lineage-example
var path = args.Length > 0 ? args[0] : "./lineage-example";

// 1. Basic setup: metadata storage (a Parquet lake with Hive partitioning), a tracker persisting to it, made global.
var metadataRepo = new LineageMetadataRepository(path);
await using (var tracker = new LineageTracker(storageBackend: metadataRepo))
{
    LineageTracker.SetGlobalTracker(tracker);
    Console.WriteLine($"1. Tracker over {metadataRepo.Root}; global: {ReferenceEquals(LineageTracker.Global, tracker)}");

    // 2. Repository integration: the repository is registered as usual, and AddLineageTracking decorates it, so the
    //    code that calls it does not change.
    var services = new ServiceCollection()
        .AddSingleton<IEquityBarRepository, EquityBarRepository>()
        .AddLineageTracking(tracker);
    using var provider = services.BuildServiceProvider();
    var repo = provider.GetRequiredService<IEquityBarRepository>();
    repo.SaveDailyBars(EquityBarRepository.Month("AAPL"), symbol: "AAPL");
    repo.SaveDailyBars(EquityBarRepository.Month("MSFT"), symbol: "MSFT");
    var loadedData = repo.LoadSymbolData("AAPL");
    Console.WriteLine($"2. Saved AAPL and MSFT, loaded {loadedData.Count} AAPL bars; operations tracked: {tracker.Operations.Count}");

    // 3. Manual tracking of a custom operation (the document's @track_lineage on process_data): a [TrackLineage]
    //    partial method, tracked by the source generator; tracker.Track(job, () => ...) does the same for a lambda.
    var bars = new DatasetId(EquityBarRepository.Location, "equity_bars/AAPL");
    var returns = new DatasetId(EquityBarRepository.Location, "processed/AAPL");
    var processed = DataProcessing.ProcessData(loadedData, "AAPL", multiplier: 2);
    Console.WriteLine($"3. process_data produced {processed.Count} values");

    // A failing operation, for use case 1.
    try
    {
        repo.LoadSymbolData("TSLA");
    }
    catch (KeyNotFoundException)
    {
        // The repository's own error reaches the caller unchanged; the tracker recorded the failed operation.
    }

    // 4. Querying lineage.
    var queryEngine = new LineageQueryEngine(tracker);
    var repoSources = queryEngine.FindDataSources(sourceType: "repository");
    Console.WriteLine($"4. Repository sources: {string.Join(", ", repoSources.Select(s => s.Id.Name))}");
    var lineage = queryEngine.GetDataLineage(NodeId.From(returns));
    Console.WriteLine($"   Lineage of processed/AAPL: {lineage.Nodes.Count} nodes, {lineage.Edges.Count} edges");
    var flow = queryEngine.TraceDataFlow(NodeId.From(bars), NodeId.From(returns));
    Console.WriteLine($"   Paths from equity_bars/AAPL to processed/AAPL: {flow.Paths.Count}");
    var volumeStats = queryEngine.AnalyzeDataVolumeFlow();
    Console.WriteLine($"   Rows written into equity_bars/AAPL: {volumeStats.Datasets.Where(d => d.Node == NodeId.From(bars)).Sum(d => d.RowsIn)}");

    // 5. Visualization.
    var visualizer = new LineageVisualizer(tracker);
    var graphData = visualizer.GenerateGraphData();
    var impact = visualizer.GenerateImpactAnalysis(NodeId.From(bars));
    var dotGraph = visualizer.ExportToDot();
    var jsonData = visualizer.ExportToJson();
    var report = visualizer.GenerateSummaryReport();
    Console.WriteLine($"5. Graph data: {graphData.Nodes.Count} nodes, {graphData.Edges.Count} edges; DOT {dotGraph.Length} characters; JSON {jsonData.Length} characters; report of {report.RunCount} runs");
    await File.WriteAllTextAsync(Path.Combine(path, "lineage.dot"), dotGraph);

    // Use case 1: data quality monitoring.
    var failedOps = tracker.Operations.Values.Where(op => op.ErrorInfo is not null).ToList();
    Console.WriteLine($"Use case 1: failed operations: {failedOps.Count} ({string.Join("; ", failedOps.Select(op => $"{op.Job.Name}: {op.ErrorInfo!.Message}"))})");

    // Use case 2: impact analysis.
    Console.WriteLine($"Use case 2: Downstream impact: {impact.TotalDownstreamNodes} nodes");

    // Use case 3: data freshness.
    var staleData = queryEngine.FindStaleData(hoursThreshold: 24.0);
    Console.WriteLine($"Use case 3: stale sources: {staleData.Count}");
    foreach (var item in staleData)
    {
        Console.WriteLine($"   Stale: {item.Dataset}");
    }

    // Use case 4: performance monitoring.
    var perfStats = queryEngine.GetOperationPerformanceStats(operationType: OperationType.Read);
    Console.WriteLine($"Use case 4: {perfStats.Count} reads, average read time: {perfStats.AvgDurationMs:0.###}ms");

    // Use case 5: compliance and auditing.
    var timeline = visualizer.GenerateTimelineData(hoursBack: 24.0);
    Console.WriteLine($"Use case 5: {timeline.Entries.Count} operations in the last 24 hours");
    await using (var html = File.CreateText(Path.Combine(path, "report.html")))
    {
        visualizer.WriteSummaryReport(ReportFormat.Html, html);
    }
}

// Disposing the tracker wrote the Parquet tables; another tracker on the same folder starts with everything kept.
await using (var reopened = new LineageTracker(storageBackend: new LineageMetadataRepository(path)))
{
    Console.WriteLine($"Reopened: {reopened.Operations.Count} operations and {reopened.Nodes.Count} data sources kept in {path}");
    foreach (var table in new[] { "lineage_operations", "lineage_nodes", "lineage_relationships" })
    {
        Console.WriteLine($"   {table}: {Directory.GetFiles(Path.Combine(path, table), "*.parquet", SearchOption.AllDirectories).Length} Parquet files");
    }
}


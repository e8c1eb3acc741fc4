using Tributary.Export;
using Tributary.Graph;
using Tributary.Model;
using Tributary.Query;
using Tributary.Storage.Lake;
using Tributary.Tracking;

namespace Tributary.Tests.Tracking;

/// <summary>The tracking-system document's Quick Start and use cases, written as a C# user would write them from it.</summary>
// Trackers made here become the global tracker, which GlobalTrackerTests checks; the collection keeps them apart.
[Collection(nameof(GlobalTrackerTests))]
public sealed class DocumentTrackerTests : IDisposable
{
    private static readonly DatasetId _bars = new("default", "equity_bars/AAPL");
    private readonly string _folder = Directory.CreateTempSubdirectory("tributary-tracker-").FullName;
    private readonly ManualTimeProvider _clock = new(Trackers.Start);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_tracker_holds_every_operation_it_tracked_as_soon_as_it_is_read()
    {
        await using var tracker = new LineageTracker(LineageConfig.Default, _clock);

        await using (var run = tracker.StartRun(Trackers.Job, OperationType.Transform, inputs: [Trackers.Orders]))
        {
            run.SetOutputRecordCount(Trackers.Report, 42);
            _clock.Advance(TimeSpan.FromMilliseconds(250));
            await run.CompleteAsync();
        }

        var operation = Assert.Single(tracker.Operations.Values);
        Assert.Equal(OperationType.Transform, operation.OperationType);
        Assert.Equal(Trackers.Orders, Assert.Single(operation.Inputs).Dataset);
        Assert.Equal(42, operation.OutputRecordCount);
        Assert.Equal(TimeSpan.FromMilliseconds(250), operation.Duration);
        Assert.Null(operation.ErrorInfo);
        Assert.Equal([NodeId.From(Trackers.Orders), NodeId.From(Trackers.Report)], tracker.Nodes.Keys.Order().ToArray());
    }

    [Fact]
    public async Task A_wrapped_repository_call_records_its_parameters_in_the_operation_and_they_survive_a_reopen()
    {
        var path = Path.Combine(_folder, "lineage_parameters");
        var longSymbol = new string('X', 300);
        await using (var tracker = new LineageTracker(storageBackend: new LineageMetadataRepository(path), timeProvider: _clock))
        {
            var repository = tracker.Wrap<IEquityBarRepository>(new EquityBarRepository());
            repository.SaveDailyBars([new EquityBar(new DateOnly(2024, 1, 15), 1, 2, 0.5m, 1.5m, 100)], "AAPL");
            repository.SaveDailyBars([new EquityBar(new DateOnly(2024, 1, 15), 1, 2, 0.5m, 1.5m, 100)], longSymbol);

            var first = tracker.Operations.Values.Single(op => op.Outputs[0].Dataset.Name == "equity_bars/AAPL");
            Assert.Equal([new("bars", "1 items of EquityBar"), new("symbol", "AAPL")], first.Parameters);
        }

        await using var reopened = new LineageTracker(storageBackend: new LineageMetadataRepository(path), timeProvider: _clock);
        var symbols = reopened.Operations.Values.Select(op => op.Parameters.Single(p => p.Key == "symbol").Value!).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal("AAPL", symbols[0]);
        Assert.Equal(new string('X', 255) + "…", symbols[1]);
    }

    [Fact]
    public async Task A_failed_operation_carries_its_error_info()
    {
        await using var tracker = new LineageTracker(LineageConfig.Default, _clock);

        Assert.Throws<InvalidOperationException>(() => tracker.Track(Trackers.Job, () => throw new InvalidOperationException("prices missing"), OperationType.Read));

        var failed = tracker.Operations.Values.Where(op => op.ErrorInfo is not null).ToList();
        Assert.Equal("prices missing", Assert.Single(failed).ErrorInfo!.Message);
        Assert.Contains("InvalidOperationException", failed[0].ErrorInfo!.StackTrace, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tracker_on_a_lake_keeps_its_operations_in_the_documents_parquet_layout_and_reads_them_back()
    {
        var path = Path.Combine(_folder, "lineage_metadata");
        await using (var tracker = new LineageTracker(storageBackend: new LineageMetadataRepository(path), timeProvider: _clock))
        {
            tracker.Wrap<IEquityBarRepository>(new EquityBarRepository()).SaveDailyBars([new EquityBar(new DateOnly(2024, 1, 15), 1, 2, 0.5m, 1.5m, 100)], "AAPL");
        }

        Assert.True(File.Exists(Path.Combine(path, "lineage_nodes", "nodes.parquet")));
        Assert.True(File.Exists(Path.Combine(path, "lineage_relationships", "relationships.parquet")));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(path, "lineage_operations", "date=2024-01-15"), "*.parquet"));
        Assert.Single(new LineageMetadataRepository(path).ReadOperations(Trackers.Start.AddDays(-1), Trackers.Start.AddDays(1)));

        await using var reopened = new LineageTracker(storageBackend: new LineageMetadataRepository(path), timeProvider: _clock);
        var saved = Assert.Single(reopened.Operations.Values);
        Assert.Equal(OperationType.Write, saved.OperationType);
        Assert.Equal(1, saved.OutputRecordCount);
    }

    [Fact]
    public async Task A_tracker_with_a_server_backend_posts_every_event_and_still_answers_from_its_own_graph()
    {
        await using var server = new LineageHttpServer(201, 201);
        await using (var tracker = new LineageTracker(server.BaseUrl, LineageConfig.Default with { Transport = new TransportConfig { ApiKey = "0123456789abcdef-key" } }, _clock))
        {
            tracker.Track(Trackers.Job, () => 1, OperationType.Transform, inputs: [Trackers.Orders]);

            Assert.Single(tracker.Operations);
            await tracker.FlushAsync();
        }

        // Delivery is at least once: on a busy machine an answer lost on a reused connection is retried, and the
        // server's dedup makes the second copy harmless; what must hold is that both events arrived.
        Assert.Equal(2, server.Requests.Select(r => Convert.ToBase64String(r.Body)).Distinct().Count());
        Assert.All(server.Requests, r => Assert.Equal(("POST", "/api/v1/lineage", "Bearer 0123456789abcdef-key"), (r.Method, r.Path, r.Authorization)));
        Assert.Throws<ArgumentException>(() => new LineageTracker(new Uri("ftp://lineage/"), LineageConfig.Default));
    }

    [Fact]
    public async Task Track_of_a_lambda_returning_a_task_of_a_value_hands_back_that_task_and_finishes_the_run_with_it()
    {
        await using var tracker = new LineageTracker(LineageConfig.Default, _clock);

        var answer = await tracker.Track(Trackers.Job, async () =>
        {
            await Task.Delay(20);
            return 42;
        }, OperationType.Transform);

        Assert.Equal(42, answer);
        Assert.Equal(RunState.Complete, Assert.Single(tracker.Operations.Values).State);
    }

    [Fact]
    public async Task Repository_data_sources_are_found_by_the_documents_source_type()
    {
        await using var tracker = new LineageTracker(LineageConfig.Default, _clock);
        var repo = tracker.Wrap<IEquityBarRepository>(new EquityBarRepository());
        repo.SaveDailyBars([new EquityBar(new DateOnly(2024, 1, 15), 1, 2, 0.5m, 1.5m, 100)], "AAPL");
        tracker.Track(Trackers.Job, () => 1, OperationType.Transform, inputs: [Trackers.Orders], outputs: [Trackers.Report]);
        var queryEngine = new LineageQueryEngine(tracker);

        Assert.Equal([_bars], queryEngine.FindDataSources(sourceType: "repository").Select(d => d.Id));
        Assert.Equal([Trackers.Orders], queryEngine.FindDataSources(sourceType: "table").Select(d => d.Id));
        Assert.Equal([Trackers.Report], queryEngine.FindDataSources(sourceType: "file").Select(d => d.Id));
        Assert.Equal(DataSourceType.Repository, tracker.Nodes[NodeId.From(_bars)].SourceType);
        var error = Assert.Throws<ArgumentException>(() => queryEngine.FindDataSources(sourceType: "warehouse"));
        Assert.StartsWith("'warehouse' is not a source type; use repository, file, database (or table), api, stream or unknown.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_query_engine_answers_the_documents_use_cases()
    {
        await using var tracker = new LineageTracker(LineageConfig.Default, _clock);
        var repo = tracker.Wrap<IEquityBarRepository>(new EquityBarRepository());
        repo.SaveDailyBars([new EquityBar(new DateOnly(2024, 1, 15), 1, 2, 0.5m, 1.5m, 100)], "AAPL");
        tracker.Track(new JobId("default", "load_a"), () => { _clock.Advance(TimeSpan.FromMilliseconds(100)); return repo.LoadSymbolData("AAPL"); }, OperationType.Read, inputs: [_bars]);
        tracker.Track(new JobId("default", "load_b"), () => { _clock.Advance(TimeSpan.FromMilliseconds(300)); return 0; }, OperationType.Read, inputs: [_bars], outputs: [Trackers.Report]);
        var queryEngine = new LineageQueryEngine(tracker);

        // Use case 4: performance; the wrapped LoadSymbolData inside load_a is a READ of 0 ms.
        var perf = queryEngine.GetOperationPerformanceStats(OperationType.Read);
        Assert.Equal(3, perf.Count);
        Assert.Equal((0 + 100 + 300) / 3.0, perf.AvgDurationMs, 6);
        Assert.Equal(0, queryEngine.GetOperationPerformanceStats(OperationType.Delete).Count);

        // Use case 3: freshness against the tracker's clock.
        Assert.Empty(queryEngine.FindStaleData(hoursThreshold: 24));
        _clock.Advance(TimeSpan.FromHours(25));
        Assert.Equal([_bars, Trackers.Report], queryEngine.FindStaleData(hoursThreshold: 24).Select(s => s.Dataset));

        // Lineage and flow.
        var lineage = queryEngine.GetDataLineage(NodeId.From(Trackers.Report));
        Assert.Contains(lineage.Nodes, n => n.Id == NodeId.From(_bars));
        Assert.NotEmpty(queryEngine.TraceDataFlow(NodeId.From(_bars), NodeId.From(Trackers.Report)).Paths);
        Assert.Contains(queryEngine.AnalyzeDataVolumeFlow().Datasets, b => b.Node == NodeId.From(_bars) && b.RowsIn == 1);
    }

    [Fact]
    public async Task The_visualizer_answers_the_documents_calls()
    {
        await using var tracker = new LineageTracker(LineageConfig.Default, _clock);
        tracker.Track(Trackers.Job, () => 1, OperationType.Transform, inputs: [Trackers.Orders], outputs: [Trackers.Report]);
        var visualizer = new LineageVisualizer(tracker);

        Assert.Equal(2, visualizer.GenerateImpactAnalysis(NodeId.From(Trackers.Orders)).TotalDownstreamNodes);
        Assert.Equal(3, visualizer.GenerateGraphData().Nodes.Count);
        Assert.Contains("public.orders", visualizer.ExportToDot(), StringComparison.Ordinal);
        Assert.Contains("daily/summary.parquet", visualizer.ExportToJson(), StringComparison.Ordinal);
        Assert.Single(visualizer.GenerateTimelineData(hoursBack: 24).Entries);
        Assert.Equal(1, visualizer.GenerateSummaryReport().RunCount);
        Assert.Throws<ArgumentOutOfRangeException>(() => visualizer.GenerateTimelineData(hoursBack: -1));
    }

    [Fact]
    public async Task Max_graph_nodes_bounds_drawings_and_queries_and_says_partial()
    {
        await using var tracker = new LineageTracker(LineageConfig.Default with { MaxGraphNodes = 2 }, _clock);
        tracker.Track(Trackers.Job, () => 1, OperationType.Transform, inputs: [Trackers.Orders, Trackers.Prices], outputs: [Trackers.Report]);

        var view = new LineageVisualizer(tracker).GenerateGraphData();
        var lineage = new LineageQueryEngine(tracker).GetDataLineage(NodeId.From(Trackers.Report));

        Assert.True(view.Partial);
        Assert.Equal(2, view.Nodes.Count);
        Assert.Contains("partial", new LineageVisualizer(tracker).ExportToDot(), StringComparison.OrdinalIgnoreCase);
        Assert.True(lineage.Partial);
        Assert.InRange(lineage.Nodes.Count, 1, 2);
    }

    [Fact]
    public async Task Set_global_tracker_makes_the_tracker_global_until_it_is_disposed()
    {
        var tracker = new LineageTracker(LineageConfig.Default, _clock);
        try
        {
            LineageTracker.SetGlobalTracker(tracker);
            Assert.Same(tracker, LineageTracker.Global);
        }
        finally
        {
            await tracker.DisposeAsync();
        }

        Assert.Same(LineageTracker.Disabled, LineageTracker.Global);
    }

    [Fact]
    public async Task A_tracker_from_the_documents_configuration_file_keeps_lineage_under_base_path_and_prints_nothing()
    {
        var file = Path.Combine(_folder, "lineage_config.json");
        await File.WriteAllTextAsync(file, $$"""
            { "base_path": {{System.Text.Json.JsonSerializer.Serialize(Path.Combine(_folder, "data"))}}, "enable_persistence": true, "track_repository_operations": true,
              "enabled_operation_types": ["read", "write", "transform"], "max_graph_nodes": 1000 }
            """);

        await using (var tracker = LineageTracker.Create(LineageConfig.FromFile(file)))
        {
            Assert.IsType<StoreTransport>(tracker.Options.Transport);
            Assert.False(tracker.StartRun(Trackers.Job, OperationType.Delete).IsRecording);
            tracker.Track(Trackers.Job, () => 1, OperationType.Write, outputs: [Trackers.Report]);
        }

        Assert.True(File.Exists(Path.Combine(_folder, "data", "lineage_nodes", "nodes.parquet")));
    }

    [Fact]
    public void A_tracker_that_only_sends_events_is_refused_by_the_query_engine_with_what_to_do()
    {
        using var sender = Trackers.InMemory(out _);

        var error = Assert.Throws<ArgumentException>(() => new LineageQueryEngine(sender));

        Assert.StartsWith("This tracker keeps no lineage graph: LineageTracker.Create(TrackerOptions) only sends events.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_environment_problem_is_reported_once()
    {
        var config = LineageConfig.FromEnvironment(new Dictionary<string, string> { ["LINEAGE_MAX_GRAPH_NODES"] = "lots", ["OPENLINEAGE_URL"] = "http://marquez:5000" });

        var problem = Assert.Single(config.Validate());

        Assert.Contains("LINEAGE_MAX_GRAPH_NODES", problem, StringComparison.Ordinal);
    }
}

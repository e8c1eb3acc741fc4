using Tributary.Export;
using Tributary.Ingest;
using Tributary.Model;
using Tributary.Tracking;
using Lake = Tributary.Storage.Lake.LineageMetadataRepository;
using Queries = Tributary.Query.LineageQueryEngine;

namespace Tributary.Tests.Tracking;

/// <summary>max_graph_nodes and operation_retention_hours: what a long-running tracker keeps in memory, and that its store keeps the rest.</summary>
[Collection(nameof(GlobalTrackerTests))]
public sealed class TrackerWindowTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tributary-window-").FullName;
    private readonly ManualTimeProvider _clock = new(Trackers.Start);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static DatasetId Table(int i) => new("postgres://db:5432", $"public.table_{i}");

    private static JobId Loader(int i) => new("etl", $"load_{i}");

    // One operation of its own job writing its own table: two new nodes.
    private void Load(LineageTracker tracker, int i)
    {
        tracker.Track(Loader(i), () => i, OperationType.Write, outputs: [Table(i)]);
        _clock.Advance(TimeSpan.FromMinutes(1));
    }

    // A tracker keeping operations for 24 hours, holding two operations `hours` apart.
    private LineageTracker TwoOperationsHoursApart(double hours)
    {
        var tracker = new LineageTracker(LineageConfig.Default with { OperationRetentionHours = 24 }, _clock);
        Load(tracker, 0);
        _clock.Advance(TimeSpan.FromHours(hours));
        Load(tracker, 1);
        Assert.Equal(2, tracker.Operations.Count);
        return tracker;
    }

    [Fact]
    public async Task The_trackers_graph_keeps_the_newest_operations_within_max_graph_nodes_while_the_store_keeps_every_one()
    {
        await using var tracker = new LineageTracker(LineageConfig.Default with { MaxGraphNodes = 8 }, _clock);
        for (var i = 0; i < 10; i++)
        {
            Load(tracker, i);
        }

        var nodes = tracker.Nodes;
        Assert.InRange(tracker.Graph!.DatasetCount + tracker.Graph.JobCount, 1, 8);
        Assert.Contains(NodeId.From(Table(9)), nodes.Keys);
        Assert.DoesNotContain(NodeId.From(Table(0)), nodes.Keys);
        Assert.Contains(tracker.Operations.Values, op => op.Job == Loader(9));
        Assert.DoesNotContain(tracker.Operations.Values, op => op.Job == Loader(0));

        // Every event is still in the store, and a graph of the store (what the CLI and server read) has all ten tables.
        Assert.Equal(20, tracker.Store!.Count);
        using var whole = await LineageReplica.OpenAsync(tracker.Store);
        Assert.Equal(10, whole.Graph.DatasetCount);
    }

    [Fact]
    public async Task An_operation_leaves_the_trackers_graph_whole_with_the_datasets_only_it_touched()
    {
        await using var tracker = new LineageTracker(LineageConfig.Default with { MaxGraphNodes = 4 }, _clock);
        for (var i = 0; i < 6; i++)
        {
            Load(tracker, i);
        }

        // Every operation kept has both its START and its COMPLETE: none is cut in half.
        Assert.All(tracker.Operations.Values, op => Assert.NotNull(op.Duration));
        Assert.All(tracker.Nodes.Keys, node => Assert.Contains(tracker.Operations.Values, op => op.Outputs.Any(o => NodeId.From(o.Dataset) == node)));
    }

    [Fact]
    public async Task Operations_older_than_the_retention_leave_the_tracker_when_its_clock_passes_them_and_the_store_keeps_them()
    {
        await using var tracker = TwoOperationsHoursApart(20);

        // 28 hours on, the first operation is past the retention and its eighth of slack; nothing new was tracked.
        _clock.Advance(TimeSpan.FromHours(8));

        var operation = Assert.Single(tracker.Operations.Values);
        Assert.Equal(Loader(1), operation.Job);
        Assert.Equal([NodeId.From(Table(1))], tracker.Nodes.Keys.ToArray());
        Assert.Equal(4, tracker.Store!.Count);
    }

    [Fact]
    public async Task Trimming_for_the_retention_waits_an_eighth_of_it_so_a_steady_stream_does_not_rebuild_on_every_event()
    {
        // The first operation is 26 hours old: past the retention, within its eighth of slack.
        await using var tracker = TwoOperationsHoursApart(26);

        _clock.Advance(TimeSpan.FromHours(1.5));
        Assert.Equal(Loader(1), Assert.Single(tracker.Operations.Values).Job);
    }

    [Fact]
    public async Task A_tracker_reopened_on_a_lake_holds_only_the_history_within_its_budget_and_compaction_still_writes_every_node()
    {
        var path = Path.Combine(_folder, "lake");
        await using (var first = new LineageTracker(new Lake(path), LineageConfig.Default with { MaxGraphNodes = 1000 }, _clock))
        {
            for (var i = 0; i < 6; i++)
            {
                Load(first, i);
            }
        }

        await using (var reopened = new LineageTracker(new Lake(path), LineageConfig.Default with { MaxGraphNodes = 4 }, _clock))
        {
            Assert.InRange(reopened.Nodes.Count + reopened.Graph!.JobCount, 1, 4);
            Assert.Contains(NodeId.From(Table(5)), reopened.Nodes.Keys);
            Load(reopened, 6);
        }

        var nodes = new Lake(path).ReadNodes();
        Assert.Equal(14, nodes.Count);
    }

    [Fact]
    public async Task Export_to_json_dot_and_mermaid_say_partial_when_max_graph_nodes_cuts_the_drawing()
    {
        await using var tracker = new LineageTracker(LineageConfig.Default with { MaxGraphNodes = 3 }, _clock);
        tracker.Track(Trackers.Job, () => 1, OperationType.Transform, inputs: [Trackers.Orders, Trackers.Prices], outputs: [Trackers.Report]);
        var visualizer = new LineageVisualizer(tracker);

        using var json = System.Text.Json.JsonDocument.Parse(visualizer.ExportToJson());

        Assert.True(json.RootElement.GetProperty("partial").GetBoolean());
        Assert.Equal(3, json.RootElement.GetProperty("graph").GetArrayLength());
        Assert.Contains("label=\"partial:", visualizer.ExportToDot(), StringComparison.Ordinal);
        Assert.Contains("%% partial:", visualizer.ExportToMermaid(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_to_json_says_not_partial_when_the_graph_fits()
    {
        await using var tracker = new LineageTracker(LineageConfig.Default, _clock);
        tracker.Track(Trackers.Job, () => 1, OperationType.Transform, inputs: [Trackers.Orders], outputs: [Trackers.Report]);

        using var json = System.Text.Json.JsonDocument.Parse(new LineageVisualizer(tracker).ExportToJson());

        Assert.False(json.RootElement.GetProperty("partial").GetBoolean());
        Assert.Equal(3, json.RootElement.GetProperty("graph").GetArrayLength());
    }

    [Fact]
    public async Task A_lineage_query_from_the_tracker_uses_max_graph_nodes_as_its_budget_and_says_partial()
    {
        await using var tracker = new LineageTracker(LineageConfig.Default with { MaxGraphNodes = 2 }, _clock);
        tracker.Track(Trackers.Job, () => 1, OperationType.Transform, inputs: [Trackers.Orders, Trackers.Prices], outputs: [Trackers.Report]);
        var engine = new Queries(tracker);

        var lineage = engine.GetDataLineage(NodeId.From(Trackers.Report));
        var wider = engine.Lineage(NodeId.From(Trackers.Report), 20, 20, new Tributary.Query.LineageQueryOptions { MaxNodes = 100 });

        Assert.True(lineage.Partial);
        Assert.False(wider.Partial);
        Assert.Equal(4, wider.Nodes.Count);
    }

    [Fact]
    public void Operation_retention_hours_is_read_from_the_documents_file_and_from_its_environment_variable()
    {
        var file = Path.Combine(_folder, "lineage_config.json");
        File.WriteAllText(file, """{ "max_graph_nodes": 500, "operation_retention_hours": 48 }""");

        var fromFile = LineageConfig.FromFile(file);
        var fromEnvironment = LineageConfig.FromEnvironment(new Dictionary<string, string> { ["LINEAGE_OPERATION_RETENTION_HOURS"] = "72", ["LINEAGE_MAX_GRAPH_NODES"] = "9" });

        Assert.Equal((500, 48), (fromFile.MaxGraphNodes, fromFile.OperationRetentionHours));
        Assert.Equal((9, 72), (fromEnvironment.MaxGraphNodes, fromEnvironment.OperationRetentionHours));
        Assert.Equal(0, LineageConfig.Default.OperationRetentionHours);
    }

    [Fact]
    public void A_negative_retention_is_reported_with_the_variable_to_change_and_refused_by_the_tracker()
    {
        var config = LineageConfig.FromEnvironment(new Dictionary<string, string> { ["LINEAGE_OPERATION_RETENTION_HOURS"] = "-5" });

        var problem = Assert.Single(config.Validate());
        var error = Assert.Throws<ArgumentException>(() => new LineageTracker(config, _clock));

        Assert.StartsWith("operation_retention_hours is -5; it must be 0 (keep every operation) or more; ", problem, StringComparison.Ordinal);
        Assert.Contains("LINEAGE_OPERATION_RETENTION_HOURS", problem, StringComparison.Ordinal);
        Assert.Contains("operation_retention_hours is -5", error.Message, StringComparison.Ordinal);
    }
}

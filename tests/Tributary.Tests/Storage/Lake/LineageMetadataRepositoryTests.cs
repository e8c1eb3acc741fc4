using System.Text;
using Tributary.Export;
using Tributary.Graph;
using Tributary.Model;
using Tributary.Storage;
using Tributary.Storage.Lake;
using Tributary.Storage.Parquet;

namespace Tributary.Tests.Storage.Lake;

public sealed class LineageMetadataRepositoryTests
{
    private const int Runs = 800;

    [Fact]
    public async Task The_lake_has_the_source_documents_layout()
    {
        using var folder = new TempFolder();
        var (store, graph) = await FilledAsync(Runs);
        var lake = new LineageMetadataRepository(folder.Path);

        await lake.CompactAsync(store, new LakeProjectionExporter(graph));

        var days = Directory.GetDirectories(Path.Combine(folder.Path, "lineage_operations")).Select(d => Path.GetFileName(d)!).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["date=2024-05-01", "date=2024-05-02", "date=2024-05-03", "date=2024-05-04", "date=2024-05-05"], days);
        Assert.True(File.Exists(Path.Combine(folder.Path, "lineage_operations", "date=2024-05-02", "operations.parquet")));
        Assert.True(File.Exists(Path.Combine(folder.Path, "lineage_nodes", "nodes.parquet")));
        Assert.True(File.Exists(Path.Combine(folder.Path, "lineage_relationships", "relationships.parquet")));
        Assert.Equal(5, Directory.GetDirectories(Path.Combine(folder.Path, "lineage_events")).Length);
        Assert.Single(Directory.GetFiles(Path.Combine(folder.Path, "lineage_events", "date=2024-05-03")), f => Path.GetFileName(f).StartsWith("events-", StringComparison.Ordinal));
        Assert.Equal(store.Count, lake.EventsThrough);
        Assert.Equal(store.Count, lake.ProjectedThrough);
        Assert.Empty(Directory.EnumerateFiles(folder.Path, ".tmp-*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Events_in_a_time_range_read_back_exactly_in_sequence_order()
    {
        using var folder = new TempFolder();
        var (store, graph) = await FilledAsync(Runs);
        var lake = new LineageMetadataRepository(folder.Path);
        await lake.CompactAsync(store, new LakeProjectionExporter(graph));
        var from = LakeEvents.Start.AddHours(20);
        var until = LakeEvents.Start.AddHours(50);

        var expected = await store.ReadByEventTimeAsync(from, until).ToListAsync();
        var actual = await lake.ReadEventsAsync(from, until).ToListAsync();

        Assert.NotEmpty(expected);
        Assert.Equal(expected.Select(e => e.Sequence), actual.Select(e => e.Sequence));
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Raw.ToArray(), actual[i].Raw.ToArray());
            Assert.Equal(expected[i].Digest, actual[i].Digest);
            Assert.Equal(expected[i].EventTime, actual[i].EventTime);
            Assert.Equal(ParquetColumnData.FromMicros(ParquetColumnData.ToMicros(expected[i].IngestTime)), actual[i].IngestTime);
        }
    }

    [Fact]
    public async Task Reading_every_event_by_sequence_gives_the_whole_store()
    {
        using var folder = new TempFolder();
        var (store, graph) = await FilledAsync(300);
        var lake = new LineageMetadataRepository(folder.Path, new LakeOptions { EventsPerBatch = 97, RowGroupSize = 40 });
        await lake.CompactAsync(store, new LakeProjectionExporter(graph));

        var all = await lake.ReadEventsAsync().ToListAsync();
        var middle = await lake.ReadEventsAsync(150, 260).ToListAsync();

        Assert.Equal(Enumerable.Range(1, 600).Select(i => (long)i), all.Select(e => e.Sequence));
        Assert.Equal(Enumerable.Range(150, 111).Select(i => (long)i), middle.Select(e => e.Sequence));
    }

    [Fact]
    public async Task A_time_range_read_skips_other_days_and_row_groups_outside_the_range()
    {
        using var folder = new TempFolder();
        var (store, graph) = await FilledAsync(Runs);
        var lake = new LineageMetadataRepository(folder.Path, new LakeOptions { RowGroupSize = 16 });
        await lake.CompactAsync(store, new LakeProjectionExporter(graph));
        var day = new DateTimeOffset(2024, 5, 3, 6, 0, 0, TimeSpan.Zero);

        lake.Counters.Reset();
        var events = await lake.ReadEventsAsync(day, day.AddHours(1)).ToListAsync();

        Assert.Equal(1, lake.Counters.FilesOpened);
        Assert.True(lake.Counters.RowGroupsRead <= 3, $"{lake.Counters.RowGroupsRead} row groups read");
        Assert.True(lake.Counters.RowGroupsSkipped > 10);
        Assert.All(events, e => Assert.InRange(e.EventTime, day, day.AddHours(1).AddTicks(-1)));
        Assert.Equal(await store.ReadByEventTimeAsync(day, day.AddHours(1)).CountAsync(), events.Count);
    }

    [Fact]
    public async Task Operations_have_one_row_per_run_with_type_state_times_volumes_and_errors()
    {
        using var folder = new TempFolder();
        var (store, graph) = await FilledAsync(Runs);
        var lake = new LineageMetadataRepository(folder.Path);
        await lake.CompactAsync(store, new LakeProjectionExporter(graph));

        var all = lake.ReadOperations(DateTimeOffset.MinValue, DateTimeOffset.MaxValue);
        Assert.Equal(Runs, all.Count);
        var run = all.Single(o => o.Run == RunId.Parse(LakeEvents.RunId(19)));
        Assert.Equal(new JobId("etl", "daily-3"), run.Job);
        Assert.Equal(OperationType.Aggregate, run.OperationType);
        Assert.Equal(RunState.Fail, run.State);
        Assert.Equal(LakeEvents.StartOf(19), run.StartedAt);
        Assert.Equal(LakeEvents.StartOf(19).AddSeconds(90), run.EndedAt);
        Assert.Equal(90_000, run.DurationMs);
        Assert.Equal("division by zero in run 19", run.ErrorMessage);
        Assert.Equal([new LakeRunDataset(new DatasetId("postgres://db:5432", "public.orders_1"), 1019, null)], run.Inputs);
        Assert.Equal([new LakeRunDataset(new DatasetId("s3://lake", "daily/3"), 519, 4096 * 19)], run.Outputs);
        Assert.Equal(1019, run.InputRows);
        Assert.Equal(519, run.OutputRows);

        var from = LakeEvents.StartOf(100);
        var some = lake.ReadOperations(from, LakeEvents.StartOf(110));
        Assert.Equal(Enumerable.Range(100, 10).Select(i => RunId.Parse(LakeEvents.RunId(i))), some.Select(o => o.Run));
    }

    [Fact]
    public async Task Nodes_and_relationships_hold_the_graphs_datasets_jobs_and_edges()
    {
        using var folder = new TempFolder();
        var (store, graph) = await FilledAsync(40);
        var lake = new LineageMetadataRepository(folder.Path);
        await lake.CompactAsync(store, new LakeProjectionExporter(graph));

        var nodes = lake.ReadNodes();
        var edges = lake.ReadRelationships();

        Assert.Equal(graph.DatasetCount + graph.JobCount + graph.FieldCount, nodes.Count);
        Assert.Equal(nodes.Select(n => n.Node.ToString()).Order(StringComparer.Ordinal), nodes.Select(n => n.Node.ToString()));
        var job = nodes.Single(n => n.Node == NodeId.From(new JobId("etl", "daily-1")));
        Assert.Equal(graph.GetJob(new JobId("etl", "daily-1"))!.FirstSeen, job.FirstSeen);
        Assert.Contains("\"runCount\":10", job.Attributes, StringComparison.Ordinal);
        Assert.Equal(graph.GetEdges().Count, edges.Count);
        var keys = edges.Select(e => (From: e.From.ToString(), To: e.To.ToString(), e.Kind)).ToList();
        Assert.Equal(keys.OrderBy(k => k.From, StringComparer.Ordinal).ThenBy(k => k.To, StringComparer.Ordinal).ThenBy(k => k.Kind, StringComparer.Ordinal), keys);
        var write = edges.Single(e => e.Kind == nameof(EdgeKind.Write) && e.To == NodeId.From(new DatasetId("s3://lake", "daily/2")));
        Assert.Equal(NodeId.From(new JobId("etl", "daily-2")), write.From);
        Assert.Equal(LakeEvents.StartOf(2).AddSeconds(90), write.FirstSeen);
        Assert.Equal(LakeEvents.StartOf(38).AddSeconds(90), write.LastSeen);
    }

    [Fact]
    public async Task Compaction_appends_only_new_events_and_the_graph_rebuilds_from_the_lake_plus_the_log_tail()
    {
        using var folder = new TempFolder();
        var (store, graph) = await FilledAsync(100);
        var lake = new LineageMetadataRepository(folder.Path);
        Assert.Equal(200, await lake.CompactAsync(store, new LakeProjectionExporter(graph)));
        Assert.Equal(0, await lake.CompactAsync(store, new LakeProjectionExporter(graph)));

        await LakeEvents.AppendAsync(store, graph, 50, first: 100);
        Assert.Equal(100, await lake.CompactAsync(store, new LakeProjectionExporter(graph)));
        await LakeEvents.AppendAsync(store, graph, 10, first: 150);

        using var rebuilt = new LineageGraph();
        long last = 0;
        await foreach (var stored in lake.ReadEventsAsync(1, long.MaxValue))
        {
            rebuilt.Apply(Tributary.Json.LineageJson.Deserialize(stored.Raw.Span), last = stored.Sequence);
        }

        await foreach (var stored in store.ReadAsync(last + 1))
        {
            rebuilt.Apply(Tributary.Json.LineageJson.Deserialize(stored.Raw.Span), last = stored.Sequence);
        }

        Assert.Equal(store.Count, last);
        Assert.Equal(300, lake.EventsThrough);
        Assert.Equal(graph.RunCount, rebuilt.RunCount);
        Assert.Equal(graph.EdgeCount, rebuilt.EdgeCount);
        Assert.Equal(graph.GetRuns().Select(r => (r.Id, r.State, r.EndedAt)), rebuilt.GetRuns().Select(r => (r.Id, r.State, r.EndedAt)));
        Assert.Equal(150, lake.ReadOperations(DateTimeOffset.MinValue, DateTimeOffset.MaxValue).Count);
    }

    [Fact]
    public async Task Leftovers_of_a_crashed_write_are_ignored_by_readers_and_cleaned_by_the_next_write()
    {
        using var folder = new TempFolder();
        var (store, graph) = await FilledAsync(100);
        var lake = new LineageMetadataRepository(folder.Path);
        await lake.CompactAsync(store, new LakeProjectionExporter(graph));
        var day = Path.Combine(folder.Path, "lineage_events", "date=2024-05-01");

        // A crash after writing a batch's file but before the manifest, and one in the middle of writing a file.
        var uncommitted = Path.Combine(day, "events-0000000000000000201-0000000000000000210.parquet");
        File.Copy(Directory.GetFiles(day, "events-*.parquet")[0], uncommitted);
        File.WriteAllBytes(Path.Combine(day, ".tmp-0123-events.parquet"), [1, 2, 3]);
        File.WriteAllBytes(Path.Combine(folder.Path, "lineage_nodes", ".tmp-4567-nodes.parquet"), "PAR1"u8.ToArray());

        Assert.Equal(200, await lake.ReadEventsAsync().CountAsync());
        Assert.Equal(100, lake.ReadOperations(DateTimeOffset.MinValue, DateTimeOffset.MaxValue).Count);

        await LakeEvents.AppendAsync(store, graph, 5, first: 100);
        await lake.CompactAsync(store, new LakeProjectionExporter(graph));

        Assert.False(File.Exists(uncommitted));
        Assert.Empty(Directory.EnumerateFiles(folder.Path, ".tmp-*", SearchOption.AllDirectories));
        Assert.Equal(Enumerable.Range(1, 210).Select(i => (long)i), (await lake.ReadEventsAsync().ToListAsync()).Select(e => e.Sequence));
    }

    [Fact]
    public async Task A_lake_whose_projections_lag_its_events_is_still_readable()
    {
        using var folder = new TempFolder();
        var (store, graph) = await FilledAsync(20);
        var lake = new LineageMetadataRepository(folder.Path);
        await lake.CompactAsync(store, new LakeProjectionExporter(graph));

        // A crash between committing events and rewriting projections leaves the manifest's projectedThrough behind.
        File.WriteAllText(Path.Combine(folder.Path, "_manifest.json"), "{\"format\":1,\"eventsThrough\":40,\"projectedThrough\":12}");

        Assert.Equal(40, lake.EventsThrough);
        Assert.Equal(12, lake.ProjectedThrough);
        Assert.Equal(40, await lake.ReadEventsAsync().CountAsync());
        Assert.Equal(20, lake.ReadOperations(DateTimeOffset.MinValue, DateTimeOffset.MaxValue).Count);
    }

    [Fact]
    public async Task Writing_explicit_events_skips_those_already_in_the_lake()
    {
        using var folder = new TempFolder();
        var (store, graph) = await FilledAsync(30);
        var lake = new LineageMetadataRepository(folder.Path);
        var events = await store.ReadAsync().ToListAsync();

        await lake.WriteAsync(events.Take(40), new LakeProjectionExporter(graph));
        await lake.WriteAsync(events, new LakeProjectionExporter(graph));

        Assert.Equal(events.Select(e => e.Sequence), (await lake.ReadEventsAsync().ToListAsync()).Select(e => e.Sequence));
        Assert.Equal(Encoding.UTF8.GetString(events[^1].Raw.Span), Encoding.UTF8.GetString((await lake.ReadEventsAsync(60, 60).SingleAsync()).Raw.Span));
    }

    [Fact]
    public async Task Events_over_many_days_and_batches_are_written_as_they_come_and_read_back_exactly()
    {
        // 90 events of 1 MB over 9 days, batches of 80: a day's file is written a row group at a time, and once the
        // days together hold 64 MB unwritten each writes what it holds, so no batch is ever held whole in memory.
        using var folder = new TempFolder();
        var lake = new LineageMetadataRepository(folder.Path, new LakeOptions { EventsPerBatch = 80, RowGroupSize = 8 });
        var day0 = new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
        var events = Enumerable.Range(1, 90).Select(i =>
        {
            var raw = Encoding.UTF8.GetBytes($"{{\"n\":{i},\"pad\":\"{new string((char)('a' + (i % 26)), 1 << 20)}\"}}");
            return new StoredEvent(i, day0.AddMinutes(i), day0.AddDays(i % 9), EventDigest.Compute(raw), raw);
        }).ToList();

        await lake.WriteAsync(events, projection: null);

        var read = await lake.ReadEventsAsync().ToListAsync();
        Assert.Equal(events.Select(e => (e.Sequence, e.EventTime, e.Digest)), read.Select(e => (e.Sequence, e.EventTime, e.Digest)));
        Assert.True(events.Zip(read).All(p => p.First.Raw.Span.SequenceEqual(p.Second.Raw.Span)));
        var files = Directory.GetFiles(Path.Combine(folder.Path, LakeTables.Events), "*.parquet", SearchOption.AllDirectories);
        Assert.Equal(9 * 2, files.Length); // every day has events in both batches (1-80, 81-90)
        Assert.Contains(files, f => Path.GetFileName(f) == LakeTables.EventFileName(1, 80));
        Assert.Contains(files, f => Path.GetFileName(f) == LakeTables.EventFileName(81, 90));
        Assert.Empty(Directory.GetFiles(folder.Path, AtomicFile.TemporaryPrefix + "*", SearchOption.AllDirectories));
        Assert.Equal(90, lake.EventsThrough);
    }

    [Fact]
    public async Task Compaction_without_a_projection_only_appends_events_and_leaves_the_projection_tables_as_they_were()
    {
        using var folder = new TempFolder();
        var (store, graph) = await FilledAsync(20);
        var lake = new LineageMetadataRepository(folder.Path);
        await lake.CompactAsync(store, new LakeProjectionExporter(graph));
        var before = ProjectionFiles(folder.Path);

        await LakeEvents.AppendAsync(store, graph, 30, first: 20);
        var appended = await lake.CompactAsync(store, null);

        Assert.Equal(60, appended);
        Assert.Equal(100, lake.EventsThrough);
        Assert.Equal(40, lake.ProjectedThrough);
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), (await lake.ReadEventsAsync().ToListAsync()).Select(e => e.Sequence));
        Assert.Equal(before, ProjectionFiles(folder.Path));
        Assert.Equal(20, lake.ReadOperations(DateTimeOffset.MinValue, DateTimeOffset.MaxValue).Count);
    }

    [Fact]
    public async Task Writing_events_without_a_projection_creates_no_projection_tables()
    {
        using var folder = new TempFolder();
        var (store, _) = await FilledAsync(10);
        var lake = new LineageMetadataRepository(folder.Path);

        await lake.WriteAsync(await store.ReadAsync().ToListAsync(), null);

        Assert.Equal(20, lake.EventsThrough);
        Assert.Equal(0, lake.ProjectedThrough);
        Assert.Equal(["_manifest.json", "lineage_events"], Directory.EnumerateFileSystemEntries(folder.Path).Select(p => Path.GetFileName(p)!).Order(StringComparer.Ordinal));
        Assert.Empty(lake.ReadOperations(DateTimeOffset.MinValue, DateTimeOffset.MaxValue));
        Assert.Empty(lake.ReadNodes());
        Assert.Empty(lake.ReadRelationships());
    }

    // Every file of the three projection tables with its bytes, so "left as they were" means byte for byte.
    private static List<(string Path, string Sha256)> ProjectionFiles(string root) =>
        [.. new[] { "lineage_operations", "lineage_nodes", "lineage_relationships" }
            .SelectMany(table => Directory.EnumerateFiles(Path.Combine(root, table), "*", SearchOption.AllDirectories))
            .Order(StringComparer.Ordinal)
            .Select(path => (Path.GetRelativePath(root, path), Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)))))];

    private static async Task<(InMemoryLineageStore Store, LineageGraph Graph)> FilledAsync(int runs)
    {
        var store = new InMemoryLineageStore();
        var graph = new LineageGraph();
        await LakeEvents.AppendAsync(store, graph, runs);
        return (store, graph);
    }
}

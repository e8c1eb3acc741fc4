using System.Text;
using Tributary.Export;
using Tributary.Graph;
using Tributary.Ingest;
using Tributary.Model;
using Tributary.Storage;
using Tributary.Tests.Export;

namespace Tributary.Tests.Storage;

public sealed class EmbeddedLineageStoreTests : IDisposable
{
    private static readonly FileLineageStoreOptions SmallSegments = new() { SegmentBytes = 4096 };
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_duplicates_original_reads_the_same_from_the_log_while_it_holds_it_and_from_the_lake_after()
    {
        // Compaction copies every event into the lake and drops the segments it covers but the one being written, whose
        // events the door then reads back from the log (their own bytes) rather than from the lake (a row group).
        var folder = _temp.Combine("store");
        await using var store = EmbeddedLineageStore.Open(folder, SmallSegments);
        await StoreEvents.AppendSmallAsync(store, 200);
        await CompactAsync(store);
        var logFrom = store.Log.FirstSequence;

        Assert.InRange(logFrom, 101, 200);
        foreach (var (from, to) in new (long, long)[] { (1, 1), (50, 60), (logFrom - 1, logFrom + 1), (logFrom, 200), (200, 200), (150, 400) })
        {
            var read = await store.ReadAsync(from, to).Select(e => (e.Sequence, Convert.ToHexString(e.Raw.Span), e.Digest)).ToListAsync();
            var originals = await ((IOriginalReader)store).ReadOriginalsAsync(from, to).Select(e => (e.Sequence, Convert.ToHexString(e.Raw.Span), e.Digest)).ToListAsync();
            Assert.Equal(read, originals);
            Assert.Equal(Math.Min(to, 200) - from + 1, originals.Count);
        }
    }

    [Fact]
    public async Task Compaction_moves_the_log_into_the_lake_and_drops_the_segments_it_covers()
    {
        var folder = _temp.Combine("store");
        await using (var store = EmbeddedLineageStore.Open(folder, SmallSegments))
        {
            await StoreEvents.AppendSmallAsync(store, 200);
            var segmentsBefore = SegmentCount(folder);

            var result = await CompactAsync(store);

            Assert.Equal(200, result.Appended);
            Assert.Equal(200, result.LakeThrough);
            Assert.True(result.DroppedFromLog > 100, $"dropped {result.DroppedFromLog}");
            Assert.Equal(1, SegmentCount(folder));
            Assert.Empty(Directory.GetFiles(Path.Combine(folder, "events"), "*.tidx")); // the dropped segments' indexes went with them
            Assert.True(segmentsBefore > 10, $"{segmentsBefore} segments");
            Assert.True(store.Log.FirstSequence > 100);
            Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), await store.ReadAsync().Select(e => e.Sequence).ToListAsync());
            await StoreEvents.AppendSmallAsync(store, 5, first: 200);
        }

        await using var reopened = EmbeddedLineageStore.Open(folder, SmallSegments);
        Assert.Equal(205, reopened.Count);
        var events = await reopened.ReadAsync().ToListAsync();
        Assert.Equal(Enumerable.Range(1, 205).Select(i => (long)i), events.Select(e => e.Sequence));
        Assert.Equal(StoreEvents.Small(150), events[150].Raw.ToArray());
        Assert.Equal([11L, 12L, 13L], await reopened.ReadByEventTimeAsync(StoreEvents.TimeOf(10), StoreEvents.TimeOf(13)).Select(e => e.Sequence).ToListAsync());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)] // what a busy server's compaction does: the events only, the projection tables left as they were
    public async Task The_graph_rebuilt_from_the_lake_and_the_tail_is_the_graph_of_every_event(bool projections)
    {
        var folder = _temp.Combine("store");
        var whole = new LineageGraph();
        await using (var store = EmbeddedLineageStore.Open(folder, SmallSegments))
        {
            await StoreEvents.AppendSmallAsync(store, 120);
            var compacted = projections ? await CompactAsync(store) : await store.CompactAsync(null);
            Assert.Equal(120, compacted.Appended);
            Assert.True(compacted.DroppedFromLog > 0);
            await StoreEvents.AppendSmallAsync(store, 30, first: 120);
            await foreach (var stored in store.ReadAsync())
            {
                whole.Apply(Tributary.Json.LineageJson.Deserialize(stored.Raw.Span));
            }
        }

        await using var reopened = EmbeddedLineageStore.Open(folder, new FileLineageStoreOptions { ReadOnly = true });
        using var replica = await LineageReplica.OpenAsync(reopened);
        var graph = replica.Graph;
        var applied = replica.Opening.Replayed;

        Assert.Equal(150, applied);
        Assert.Equal(150, graph.JobCount);
        Assert.Equal((whole.JobCount, whole.DatasetCount, whole.EdgeCount), (graph.JobCount, graph.DatasetCount, graph.EdgeCount));
    }

    [Fact]
    public async Task Duplicates_are_still_recognised_after_their_segment_left_the_log()
    {
        var folder = _temp.Combine("store");
        await using (var store = EmbeddedLineageStore.Open(folder, SmallSegments))
        {
            var ingestor = await LineageIngestor.OpenAsync(store);
            foreach (var i in Enumerable.Range(0, 60))
            {
                await ingestor.IngestAsync(StoreEvents.Small(i));
            }

            await CompactAsync(store);
        }

        await using var reopened = EmbeddedLineageStore.Open(folder, SmallSegments);
        var again = await LineageIngestor.OpenAsync(reopened);
        var result = await again.IngestAsync(StoreEvents.Small(3));

        Assert.Equal(IngestOutcome.Duplicate, result.Outcome);
        Assert.Equal(4, result.Sequence);
        Assert.True(reopened.Log.FirstSequence > 4);
    }

    [Fact]
    public async Task A_read_only_store_reads_from_the_lake_the_segments_a_writer_compacted_away_after_it_opened()
    {
        var folder = _temp.Combine("store");
        await using var writer = EmbeddedLineageStore.Open(folder, SmallSegments);
        await StoreEvents.AppendSmallAsync(writer, 200);
        await using var reader = EmbeddedLineageStore.Open(folder, new FileLineageStoreOptions { ReadOnly = true });

        var result = await CompactAsync(writer);
        var events = await reader.ReadAsync().ToListAsync();

        Assert.True(result.DroppedFromLog > 100, $"dropped {result.DroppedFromLog}");
        Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), events.Select(e => e.Sequence));
        Assert.Equal(StoreEvents.Small(42), events[42].Raw.ToArray());
    }

    [Fact]
    public async Task A_read_only_store_that_started_reading_the_log_continues_from_the_lake_when_the_rest_is_compacted_away()
    {
        var folder = _temp.Combine("store");
        await using var writer = EmbeddedLineageStore.Open(folder, SmallSegments);
        await StoreEvents.AppendSmallAsync(writer, 200);
        await using var reader = EmbeddedLineageStore.Open(folder, new FileLineageStoreOptions { ReadOnly = true });

        var sequences = new List<long>();
        await foreach (var stored in reader.ReadAsync())
        {
            sequences.Add(stored.Sequence);
            if (stored.Sequence == 3)
            {
                await CompactAsync(writer);
            }
        }

        Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), sequences);
    }

    [Fact]
    public async Task Opening_a_store_already_open_for_writing_throws_a_lock_error_naming_its_folder()
    {
        var folder = _temp.Combine("store");
        await using var writer = EmbeddedLineageStore.Open(folder);

        var locked = Assert.Throws<StoreLockedException>(() => EmbeddedLineageStore.Open(folder));

        Assert.Equal(Path.GetFullPath(folder), locked.Directory);
        Assert.IsAssignableFrom<IOException>(locked);
    }

    [Fact]
    public async Task A_crash_between_the_base_marker_and_the_deletions_is_finished_at_the_next_open()
    {
        var folder = _temp.Combine("store");
        var saved = _temp.Combine("saved");
        Directory.CreateDirectory(saved);
        await using (var store = EmbeddedLineageStore.Open(folder, SmallSegments))
        {
            await StoreEvents.AppendSmallAsync(store, 80);
            foreach (var file in Directory.GetFiles(Path.Combine(folder, "events"), "*.tlog"))
            {
                File.Copy(file, Path.Combine(saved, Path.GetFileName(file)));
            }

            await CompactAsync(store);
        }

        // The deletions never happened: every old segment is back, below the recorded base.
        foreach (var file in Directory.GetFiles(saved))
        {
            File.Copy(file, Path.Combine(folder, "events", Path.GetFileName(file)), overwrite: true);
        }

        await using var reopened = EmbeddedLineageStore.Open(folder, SmallSegments);

        Assert.Equal(1, SegmentCount(folder));
        Assert.Equal(80, reopened.Count);
        Assert.Equal(Enumerable.Range(1, 80).Select(i => (long)i), await reopened.ReadAsync().Select(e => e.Sequence).ToListAsync());
    }

    [Fact]
    public async Task A_missing_segment_above_the_base_is_still_refused()
    {
        var folder = _temp.Combine("store");
        await using (var store = FileLineageStore.Open(folder, SmallSegments))
        {
            await StoreEvents.AppendSmallAsync(store, 80);
            Assert.True(store.DropSegmentsThrough(20) > 0);
        }

        var files = Directory.GetFiles(Path.Combine(folder, "events"), "*.tlog").Order(StringComparer.Ordinal).ToList();
        File.Delete(files[1]);

        await using var reopened = FileLineageStore.Open(folder, SmallSegments);
        await Assert.ThrowsAsync<LineageStoreCorruptedException>(async () => await reopened.AppendAsync(StoreEvents.Small(80), DateTimeOffset.UnixEpoch, EventDigest.None));
        Assert.Equal(80, reopened.Count);
    }

    [Fact]
    public async Task Dropping_segments_never_removes_the_active_one_or_events_past_the_sequence_given()
    {
        var folder = _temp.Combine("store");
        await using var store = FileLineageStore.Open(folder, SmallSegments);
        await StoreEvents.AppendSmallAsync(store, 50);

        var dropped = store.DropSegmentsThrough(25);
        var everything = store.DropSegmentsThrough(long.MaxValue);

        Assert.InRange(dropped, 1, 25);
        Assert.Equal(1, SegmentCount(folder));
        Assert.Equal(50, store.Count);
        Assert.Equal(store.FirstSequence, (await store.ReadAsync().FirstAsync()).Sequence);
        Assert.Equal(50, (await store.ReadAsync().LastAsync()).Sequence);
        Assert.True(everything > 0);
    }

    [Fact]
    public async Task Retention_drops_old_raw_events_but_keeps_the_latest_run_of_every_job_and_dataset()
    {
        var now = new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
        var old = now.AddDays(-100);
        var folder = _temp.Combine("store");
        await using var store = EmbeddedLineageStore.Open(folder);
        var ingestor = await LineageIngestor.OpenAsync(store);
        string[] events =
        [
            Run("daily", 1, "START", old, "raw.orders", "staging.orders"),
            Run("daily", 1, "COMPLETE", old.AddMinutes(5), "raw.orders", "staging.orders"),
            Run("monthly", 2, "START", old.AddDays(1), "staging.orders", "mart.revenue"),
            Run("monthly", 2, "COMPLETE", old.AddDays(1).AddMinutes(5), "staging.orders", "mart.revenue"),
            Run("daily", 3, "START", now.AddDays(-1), "raw.orders", "staging.orders"),
            Run("daily", 3, "COMPLETE", now.AddDays(-1).AddMinutes(5), "raw.orders", "staging.orders"),
        ];
        foreach (var e in events)
        {
            Assert.Equal(IngestOutcome.Accepted, (await ingestor.IngestAsync(Encoding.UTF8.GetBytes(e))).Outcome);
        }

        var graph = (await LineageReplica.OpenAsync(store)).Graph;
        var result = await store.CompactAsync(new LakeProjectionExporter(graph), retainDays: 30, clock: new FixedTime(now));

        Assert.Equal(2, result.Expired);
        Assert.Equal([3L, 4L, 5L, 6L], await store.ReadAsync().Select(e => e.Sequence).ToListAsync());
        var rebuilt = (await LineageReplica.OpenAsync(store)).Graph;
        Assert.Equal(2, rebuilt.JobCount);
        Assert.Equal(3, rebuilt.DatasetCount);
        var upstream = new Tributary.Query.LineageQueryEngine(rebuilt).Upstream(NodeId.From(new DatasetId("db", "mart.revenue")), 20);
        Assert.Contains(upstream.Nodes, n => n.Id == NodeId.From(new DatasetId("db", "raw.orders")));
        Assert.Equal(6, store.Count);

        // The second pass has nothing more to drop, and the lake files DuckDB would read stay consistent.
        Assert.Equal(0, (await store.CompactAsync(new LakeProjectionExporter(rebuilt), retainDays: 30, clock: new FixedTime(now))).Expired);
        Assert.Equal(4, await store.Lake.ReadEventsAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue).CountAsync());
    }

    [Fact]
    public async Task Retention_keeps_the_latest_run_by_event_time_not_the_last_run_to_arrive()
    {
        var now = new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
        var folder = _temp.Combine("store");
        await using var store = EmbeddedLineageStore.Open(folder);
        var ingestor = await LineageIngestor.OpenAsync(store);
        string[] events =
        [
            Run("daily", 1, "START", now.AddDays(-100), "raw.orders", "staging.orders"),
            Run("daily", 1, "COMPLETE", now.AddDays(-100).AddMinutes(5), "raw.orders", "staging.orders"),
            Run("daily", 2, "START", now.AddDays(-50), "raw.orders", "staging.orders"),
            Run("daily", 2, "COMPLETE", now.AddDays(-50).AddMinutes(5), "raw.orders", "staging.orders"),

            // A backfill reported late: it arrives last but ran before run 2, so run 2 stays the current one.
            Run("daily", 3, "START", now.AddDays(-90), "raw.orders", "staging.orders"),
            Run("daily", 3, "COMPLETE", now.AddDays(-90).AddMinutes(5), "raw.orders", "staging.orders"),
        ];
        foreach (var e in events)
        {
            Assert.Equal(IngestOutcome.Accepted, (await ingestor.IngestAsync(Encoding.UTF8.GetBytes(e))).Outcome);
        }

        // No projection at all: retention decides from the events alone.
        var result = await store.CompactAsync(null, retainDays: 30, clock: new FixedTime(now));

        Assert.Equal(4, result.Expired);
        Assert.Equal([3L, 4L], await store.ReadAsync().Select(e => e.Sequence).ToListAsync());
        Assert.Equal(0, store.Lake.ProjectedThrough);
    }

    private static string Run(string job, int run, string type, DateTimeOffset time, string input, string output) =>
        $$"""{"eventType":"{{type}}","eventTime":"{{time:yyyy-MM-ddTHH:mm:ssZ}}","run":{"runId":"018f3a2c-0000-7000-8000-{{run:D12}}"},"job":{"namespace":"tests","name":"{{job}}"},"inputs":[{"namespace":"db","name":"{{input}}"}],"outputs":[{"namespace":"db","name":"{{output}}"}],"producer":"https://example.com/tests","schemaURL":"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent"}""";

    private static async Task<CompactionResult> CompactAsync(EmbeddedLineageStore store)
    {
        var graph = (await LineageReplica.OpenAsync(store)).Graph;
        return await store.CompactAsync(new LakeProjectionExporter(graph));
    }

    private static int SegmentCount(string folder) => Directory.GetFiles(Path.Combine(folder, "events"), "*.tlog").Length;
}

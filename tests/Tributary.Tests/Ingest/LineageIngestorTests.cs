using System.Text;
using Tributary.Ingest;
using Tributary.Json;
using Tributary.Model;
using Tributary.Storage;
using Tributary.Tests.Storage;

namespace Tributary.Tests.Ingest;

public sealed class LineageIngestorTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Same_event_twice_changes_nothing()
    {
        await using var store = new InMemoryLineageStore();
        var ingestor = await LineageIngestor.OpenAsync(store);
        var seen = new List<IngestedEvent>();
        using var _ = await ingestor.SubscribeAsync(seen.Add);

        var first = await ingestor.IngestAsync(StoreEvents.Small(1));
        var second = await ingestor.IngestAsync(StoreEvents.Small(1));

        Assert.Equal(IngestOutcome.Accepted, first.Outcome);
        Assert.Equal(IngestOutcome.Duplicate, second.Outcome);
        Assert.Equal(first.Sequence, second.Sequence);
        Assert.Equal(1, store.Count);
        Assert.Single(seen);
    }

    [Fact]
    public async Task Events_ingested_from_memory_point_into_it_instead_of_into_copies_of_their_own()
    {
        // A facet Tributary does not type keeps its bytes: they are the caller's, whether one event or a batch was sent.
        await using var store = new InMemoryLineageStore();
        var ingestor = await LineageIngestor.OpenAsync(store);
        var seen = new List<IngestedEvent>();
        using var _ = await ingestor.SubscribeAsync(seen.Add);
        byte[] one = Encoding.UTF8.GetBytes(EventWithCustomFacet(1));
        byte[] batch = Encoding.UTF8.GetBytes($"[{EventWithCustomFacet(2)},{EventWithCustomFacet(3)}]");

        await ingestor.IngestAsync(one);
        await ingestor.IngestManyAsync(batch);

        Assert.Equal(3, seen.Count);
        Assert.Same(one, ArrayOf(seen[0]));
        Assert.Same(batch, ArrayOf(seen[1]));
        Assert.Same(batch, ArrayOf(seen[2]));
    }

    private static string EventWithCustomFacet(int i) =>
        """{"eventType":"COMPLETE","eventTime":"2024-01-01T00:00:0%Z","run":{"runId":"00000000-0000-4000-8000-00000000000%","facets":{"custom":{"_producer":"https://example.com/p","_schemaURL":"https://example.com/s","value":%}}},"job":{"namespace":"ns","name":"job"},"inputs":[],"outputs":[],"producer":"https://example.com/p","schemaURL":"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent"}"""
            .Replace("%", i.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    // The array the event's untyped run facet reads its bytes from.
    private static byte[]? ArrayOf(IngestedEvent e) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(((RunEvent)e.Event).Run.Facets["custom"]!.SourceUtf8, out var segment) ? segment.Array : null;

    [Fact]
    public async Task A_long_input_reaches_a_listener_once_per_event_and_in_file_order_while_its_chunks_overlap()
    {
        // Three chunks and more of 4,096 events: one is staged while the two before it are written and delivered.
        await using var store = FileLineageStore.Open(_temp.Combine("store"));
        var ingestor = await LineageIngestor.OpenAsync(store);
        var seen = new List<IngestedEvent>();
        using var _ = await ingestor.SubscribeAsync(seen.Add);
        var events = Enumerable.Range(0, 13_000).Select(i => StoreEvents.Small(i)).ToList();
        var results = new List<IngestResult>();

        var summary = await ingestor.IngestManyAsync(Encoding.UTF8.GetBytes(string.Join("\n", events.Select(Encoding.UTF8.GetString))), results.Add);

        Assert.Equal(13_000, summary.Accepted);
        Assert.Equal(Enumerable.Range(1, 13_000).Select(i => (long)i), seen.Select(e => e.Sequence));
        Assert.Equal(Enumerable.Range(0, 13_000), results.Select(r => r.Index));
        Assert.Equal(events[12_999], seen[^1].Raw.ToArray());
        Assert.Equal(events[4_096], (await store.ReadAsync(4_097, 4_097).SingleAsync()).Raw.ToArray());
    }

    [Fact]
    public async Task Events_read_from_a_stream_point_into_its_blocks_and_still_read_whole_after_the_stream_is_done()
    {
        // Over 5 MB of realistic events: several blocks, each a new array the events' facets keep slices of.
        var path = _temp.Combine("realistic.ndjson");
        new global::Tributary.Cli.Commands.StoreWorkload(2_000, 200, 3).WriteNdjson(path);
        var lines = File.ReadAllLines(path);
        await using var store = new InMemoryLineageStore();
        var ingestor = await LineageIngestor.OpenAsync(store);
        var seen = new List<IngestedEvent>();
        using var _ = await ingestor.SubscribeAsync(seen.Add);

        await using (var input = File.OpenRead(path))
        {
            Assert.Equal(2_000, (await ingestor.IngestManyAsync(input)).Accepted);
        }

        GC.Collect();
        Assert.True(new FileInfo(path).Length > 5 << 20);
        for (var i = 0; i < lines.Length; i++)
        {
            var expected = LineageJson.SerializeToUtf8Bytes(LineageJson.Deserialize(Encoding.UTF8.GetBytes(lines[i])));
            Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(LineageJson.SerializeToUtf8Bytes(seen[i].Event)));
        }
    }

    [Fact]
    public async Task Same_event_formatted_differently_is_a_duplicate_but_a_changed_one_is_not()
    {
        await using var store = new InMemoryLineageStore();
        var ingestor = await LineageIngestor.OpenAsync(store);
        var compact = StoreEvents.Small(1);
        var indented = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(compact).Replace(",", ",\n   ", StringComparison.Ordinal));
        var shouting = StoreEvents.Small(1, "POSTGRES://DB:5432/");
        var changed = StoreEvents.Small(1, "postgres://other:5432");

        var results = new[]
        {
            await ingestor.IngestAsync(compact),
            await ingestor.IngestAsync(indented),
            await ingestor.IngestAsync(shouting),
            await ingestor.IngestAsync(changed),
        };

        Assert.Equal([IngestOutcome.Accepted, IngestOutcome.Duplicate, IngestOutcome.Duplicate, IngestOutcome.Accepted], results.Select(r => r.Outcome));
        Assert.Equal(2, store.Count);
    }

    [Fact]
    public async Task Duplicates_are_recognised_after_reopen()
    {
        var folder = _temp.Combine("store");
        await using (var store = FileLineageStore.Open(folder))
        {
            var ingestor = await LineageIngestor.OpenAsync(store);
            await ingestor.IngestAsync(StoreEvents.Small(1));
            await ingestor.IngestAsync(StoreEvents.Small(2));
        }

        await using var reopened = FileLineageStore.Open(folder);
        var again = await LineageIngestor.OpenAsync(reopened);
        var result = await again.IngestAsync(StoreEvents.Small(2));

        Assert.Equal(IngestOutcome.Duplicate, result.Outcome);
        Assert.Equal(2, result.Sequence);
        Assert.Equal(2, reopened.Count);
    }

    [Theory]
    [InlineData("""{"eventTime":"2024-05-01T10:00:00Z","producer":"p",""", "$")]
    [InlineData("""{"eventType":"START","eventTime":"2024-05-01T10:00:00Z","producer":"p","run":{"runId":"018f3a2c-0000-7000-8000-000000000001"},"job":{"namespace":"n","name":"j"},"inputs":[{"namespace":"db","name":"  "}]}""", "$.inputs[0].name")]
    [InlineData("""{"eventType":"START","eventTime":"2024-05-01T10:00:00Z","producer":"p","run":{"runId":"018f3a2c-0000-7000-8000-000000000001"},"job":{"namespace":"n","name":"j\u0000"}}""", "$.job.name")]
    [InlineData("""{"eventType":"START","eventTime":"yesterday","producer":"p","run":{"runId":"018f3a2c-0000-7000-8000-000000000001"},"job":{"namespace":"n","name":"j"}}""", "$.eventTime")]
    [InlineData("""{"eventType":"COMPLETE","eventTime":"2024-05-01T10:00:00Z","producer":"p","run":{"runId":"018f3a2c-0000-7000-8000-000000000001"},"job":{"namespace":"n","name":"j"},"outputs":[{"namespace":"db","name":"t","facets":{"columnLineage":{"_producer":"p","_schemaURL":"s","fields":{"a":{"inputFields":[{"namespace":"db","name":"s","field":""}]}}}}}]}""", "$.outputs[0].facets.columnLineage.fields.a.inputFields[0].field")]
    public async Task Rejected_events_change_nothing_and_say_where_they_are_wrong(string json, string path)
    {
        await using var store = new InMemoryLineageStore();
        var ingestor = await LineageIngestor.OpenAsync(store);
        var seen = new List<IngestedEvent>();
        using var _ = await ingestor.SubscribeAsync(seen.Add);

        var result = await ingestor.IngestAsync(Encoding.UTF8.GetBytes(json));

        Assert.Equal(IngestOutcome.Rejected, result.Outcome);
        Assert.Contains(result.Errors, e => e.Path.StartsWith(path, StringComparison.Ordinal));
        Assert.Equal(0, store.Count);
        Assert.Empty(seen);
    }

    [Fact]
    public async Task A_batch_reports_each_event_and_stores_the_good_ones_in_order()
    {
        await using var store = new InMemoryLineageStore();
        var ingestor = await LineageIngestor.OpenAsync(store);
        var ndjson = string.Join('\n',
            Encoding.UTF8.GetString(StoreEvents.Small(1)),
            "{not json",
            Encoding.UTF8.GetString(StoreEvents.Small(2)),
            "",
            Encoding.UTF8.GetString(StoreEvents.Small(1)),
            Encoding.UTF8.GetString(StoreEvents.Small(3)));
        var outcomes = new List<IngestResult>();

        var summary = await ingestor.IngestManyAsync(Encoding.UTF8.GetBytes(ndjson), outcomes.Add);

        Assert.Equal(3, summary.Accepted);
        Assert.Equal(1, summary.Duplicates);
        Assert.Equal(2, Assert.Single(summary.Rejected).Line);
        Assert.Equal("3 accepted, 1 duplicates, 1 rejected", summary.ToString());
        Assert.Equal(5, outcomes.Count);
        Assert.Equal([StoreEvents.Small(1), StoreEvents.Small(2), StoreEvents.Small(3)], (await store.ReadAsync().ToListAsync()).Select(e => e.Raw.ToArray()));
    }

    [Fact]
    public async Task A_large_batch_is_stored_completely_and_in_order()
    {
        await using var store = FileLineageStore.Open(_temp.Combine("store"));
        var ingestor = await LineageIngestor.OpenAsync(store);
        var content = Encoding.UTF8.GetBytes(string.Join('\n', Enumerable.Range(0, 10_000).Select(i => Encoding.UTF8.GetString(StoreEvents.Small(i)))));
        var seen = new List<long>();
        using var _ = await ingestor.SubscribeAsync(e => seen.Add(e.Sequence));

        var summary = await ingestor.IngestManyAsync(content);

        Assert.Equal(10_000, summary.Accepted);
        Assert.Equal(Enumerable.Range(1, 10_000).Select(i => (long)i), seen);
        Assert.Equal(StoreEvents.Small(9_999), (await store.ReadAsync(10_000).SingleAsync()).Raw.ToArray());
    }

    [Fact]
    public async Task A_long_input_read_with_warnings_counts_every_warned_event_and_keeps_the_first_hundred_with_their_lines()
    {
        await using var store = FileLineageStore.Open(_temp.Combine("store"));
        var ingestor = await LineageIngestor.OpenAsync(store);
        // Every other event lacks its schemaURL and names its run by a name rather than a UUID; one warned event repeats.
        var lines = Enumerable.Range(0, 300).Select(i => i % 2 == 0
            ? $$"""{"eventType":"COMPLETE","eventTime":"2024-01-01T00:00:00Z","run":{"runId":"run-{{i}}"},"job":{"namespace":"ns","name":"j"},"producer":"p"}"""
            : Encoding.UTF8.GetString(StoreEvents.Small(i))).ToList();
        lines.Add(lines[0]);

        var summary = await ingestor.IngestManyAsync(new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', lines))));

        Assert.Equal((300, 1, 0), (summary.Accepted, summary.Duplicates, summary.Rejected.Count));
        Assert.Equal(151, summary.Warned); // the duplicate's input was read leniently too
        Assert.Equal(IngestSummary.WarnedKept, summary.WarnedEvents.Count);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => 2 * i + 1), summary.WarnedEvents.Select(w => w.Line));
        Assert.Equal(["$.schemaURL", "$.run.runId"], summary.WarnedEvents[1].Warnings.Select(w => w.Path));
        Assert.Contains("'run-2' is not a UUID", summary.WarnedEvents[1].Warnings[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Summaries_added_together_count_every_warned_event_and_keep_only_the_first_hundred()
    {
        static IngestSummary Of(int first, int count) => new()
        {
            Warned = count,
            WarnedEvents = [.. Enumerable.Range(first, Math.Min(count, IngestSummary.WarnedKept)).Select(i => new WarnedEvent(i, i + 1, [new LineageError("$.schemaURL", "missing")]))],
        };

        var total = Of(0, 60) + Of(1000, 70) + Of(2000, 5);

        Assert.Equal(135, total.Warned);
        Assert.Equal([.. Enumerable.Range(0, 60), .. Enumerable.Range(1000, 40)], total.WarnedEvents.Select(w => w.Index));
    }

    [Fact]
    public async Task Real_events_are_accepted_and_kept_exactly_as_received()
    {
        await using var store = FileLineageStore.Open(_temp.Combine("store"));
        var ingestor = await LineageIngestor.OpenAsync(store);
        var files = StoreEvents.CorpusFiles();

        var results = new List<IngestResult>();
        foreach (var file in files)
        {
            results.Add(await ingestor.IngestAsync(File.ReadAllBytes(file)));
        }

        Assert.All(results, r => Assert.NotEqual(IngestOutcome.Rejected, r.Outcome));
        foreach (var (result, file) in results.Zip(files))
        {
            if (result.Outcome == IngestOutcome.Accepted)
            {
                var stored = await store.ReadAsync(result.Sequence, result.Sequence).SingleAsync();
                Assert.Equal(File.ReadAllBytes(file), stored.Raw.ToArray());
            }
        }
    }

    [Fact]
    public async Task An_event_built_in_code_is_stored_and_its_json_twin_is_a_duplicate()
    {
        await using var store = new InMemoryLineageStore();
        var ingestor = await LineageIngestor.OpenAsync(store);
        var e = new RunEvent
        {
            EventType = RunState.Start,
            EventTime = new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.Zero),
            Producer = "https://example.com/sdk",
            Run = new Run(new RunId(Guid.Parse("018f3a2c-0000-7000-8000-000000000042"))),
            Job = new Job("tests", "in-process"),
            Inputs = [new InputDataset(new DatasetId("POSTGRES://DB:5432", "public.orders"))],
        };

        var accepted = await ingestor.IngestAsync(e);
        var twin = await ingestor.IngestAsync(LineageJson.SerializeToUtf8Bytes(e));

        Assert.Equal(IngestOutcome.Accepted, accepted.Outcome);
        Assert.Equal("postgres://db:5432", ((RunEvent)accepted.Event!).Inputs[0].Id.Namespace);
        Assert.Equal(IngestOutcome.Duplicate, twin.Outcome);
        Assert.Equal(LineageJson.SerializeToUtf8Bytes(e), (await store.ReadAsync().SingleAsync()).Raw.ToArray());
    }

    [Fact]
    public async Task Subscribing_replays_what_is_stored_then_follows_live_events()
    {
        var folder = _temp.Combine("store");
        await using (var store = FileLineageStore.Open(folder))
        {
            var first = await LineageIngestor.OpenAsync(store);
            await first.IngestManyAsync(Encoding.UTF8.GetBytes(string.Join('\n', Enumerable.Range(0, 3000).Select(i => Encoding.UTF8.GetString(StoreEvents.Small(i))))));
        }

        await using var reopened = FileLineageStore.Open(folder);
        var ingestor = await LineageIngestor.OpenAsync(reopened);
        var seen = new List<IngestedEvent>();

        using (await ingestor.SubscribeAsync(seen.Add))
        {
            await ingestor.IngestAsync(StoreEvents.Small(5000));
        }

        await ingestor.IngestAsync(StoreEvents.Small(5001));

        Assert.Equal(Enumerable.Range(1, 3001).Select(i => (long)i), seen.Select(e => e.Sequence));
        Assert.Equal(new JobId("tests", "job-2999"), ((RunEvent)seen[2999].Event).Job.Id);
        Assert.Equal(StoreEvents.Small(5000), seen[^1].Raw.ToArray());
    }

    [Fact]
    public async Task A_listener_that_throws_does_not_undo_or_fail_the_ingest()
    {
        await using var store = new InMemoryLineageStore();
        var failures = new List<(long, Exception)>();
        var ingestor = await LineageIngestor.OpenAsync(store, new LineageIngestorOptions { OnDeliveryError = (s, e) => failures.Add((s, e)) });
        using var _ = await ingestor.SubscribeAsync(_ => throw new InvalidOperationException("graph bug"));

        var result = await ingestor.IngestAsync(StoreEvents.Small(1));

        Assert.Equal(IngestOutcome.Accepted, result.Outcome);
        Assert.Equal(1, store.Count);
        Assert.Equal(1, ingestor.DeliveryFailures);
        Assert.Equal("graph bug", Assert.Single(failures).Item2.Message);
    }

    [Fact]
    public async Task Warnings_can_be_made_errors()
    {
        await using var store = new InMemoryLineageStore();
        var ingestor = await LineageIngestor.OpenAsync(store, new LineageIngestorOptions { TreatWarningsAsErrors = true });
        var noSchema = Encoding.UTF8.GetString(StoreEvents.Small(1)).Replace(",\"schemaURL\":\"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent\"", "", StringComparison.Ordinal);

        var result = await ingestor.IngestAsync(Encoding.UTF8.GetBytes(noSchema));

        Assert.Equal(IngestOutcome.Rejected, result.Outcome);
        Assert.Equal("$.schemaURL", Assert.Single(result.Errors).Path);
    }

    [Fact]
    public async Task An_event_of_a_batch_array_is_warned_about_and_refused_at_its_place_in_the_array()
    {
        // The splitter reads each event of an array as it finds it; the door takes that reading as it is, and the paths
        // of what it says about the event still start at the array.
        var noSchema = Encoding.UTF8.GetString(StoreEvents.Small(2)).Replace(",\"schemaURL\":\"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent\"", "", StringComparison.Ordinal);
        var batch = Encoding.UTF8.GetBytes($"[{Encoding.UTF8.GetString(StoreEvents.Small(1))},{noSchema}]");

        await using var lenient = new InMemoryLineageStore();
        var warned = new List<IngestResult>();
        var accepted = await (await LineageIngestor.OpenAsync(lenient)).IngestManyAsync(batch, warned.Add);

        Assert.Equal(2, accepted.Accepted);
        Assert.Empty(warned[0].Warnings);
        Assert.Equal("$[1].schemaURL", Assert.Single(warned[1].Warnings).Path);

        await using var strict = new InMemoryLineageStore();
        var refused = await (await LineageIngestor.OpenAsync(strict, new LineageIngestorOptions { TreatWarningsAsErrors = true })).IngestManyAsync(batch);

        Assert.Equal(1, refused.Accepted);
        Assert.Equal("$[1].schemaURL", Assert.Single(Assert.Single(refused.Rejected).Errors).Path);
        Assert.Equal(1, strict.Count);

        // So do the door's own checks, past the reader's (a control character in a name), and its size limit.
        var bell = Encoding.UTF8.GetString(StoreEvents.Small(3)).Replace("\"name\":\"", "\"name\":\"\\u0007", StringComparison.Ordinal);
        var checkedBatch = Encoding.UTF8.GetBytes($"[{Encoding.UTF8.GetString(StoreEvents.Small(1))},{bell}]");
        await using var checkedStore = new InMemoryLineageStore();
        var door = await LineageIngestor.OpenAsync(checkedStore);
        var bellRefused = Assert.Single((await door.IngestManyAsync(checkedBatch)).Rejected);
        var small = await LineageIngestor.OpenAsync(new InMemoryLineageStore(), new LineageIngestorOptions { MaxEventBytes = 100 });
        var tooLong = (await small.IngestManyAsync(checkedBatch)).Rejected;

        Assert.Equal(["$[1].job.name", "$[1].inputs[0].name"], bellRefused.Errors.Select(e => e.Path));
        Assert.All(bellRefused.Errors, e => Assert.Equal("contains the control character U+0007", e.Message));
        Assert.Equal(["$[0]", "$[1]"], tooLong.Select(r => Assert.Single(r.Errors).Path));
    }

    [Fact]
    public async Task Concurrent_ingests_of_the_same_event_store_it_once()
    {
        await using var store = FileLineageStore.Open(_temp.Combine("store"));
        var ingestor = await LineageIngestor.OpenAsync(store);

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () => await ingestor.IngestAsync(StoreEvents.Small(7)))));

        Assert.Equal(1, results.Count(r => r.Outcome == IngestOutcome.Accepted));
        Assert.Equal(15, results.Count(r => r.Outcome == IngestOutcome.Duplicate));
        Assert.Equal(1, store.Count);
    }
}

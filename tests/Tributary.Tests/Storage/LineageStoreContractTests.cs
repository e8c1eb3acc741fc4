using Tributary.Json;
using Tributary.Model;
using Tributary.Storage;

namespace Tributary.Tests.Storage;

/// <summary>
/// What every store does alike; each test runs against the in-memory store, the file store (the log alone), and the
/// embedded store after compaction moved part of its events into the lake and dropped those log segments, and the
/// PostgreSQL store (on the cluster test.sh starts; TRIBUTARY_TEST_POSTGRES).
/// </summary>
public sealed class LineageStoreContractTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public static TheoryData<string> Stores => Support.TestPostgres.ConnectionString is null ? ["memory", "file", "lake"] : ["memory", "file", "lake", "postgres"];

    public void Dispose() => _temp.Dispose();

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Appended_events_come_back_in_order_with_their_bytes_and_times(string kind)
    {
        await using var store = await CreateAsync(kind);

        await StoreEvents.AppendSmallAsync(store, 20);
        await SettleAsync(store);
        var events = await store.ReadAsync().ToListAsync();

        Assert.Equal(20, store.Count);
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), events.Select(e => e.Sequence));
        Assert.Equal(StoreEvents.Small(7), events[7].Raw.ToArray());
        Assert.Equal(StoreEvents.TimeOf(7), events[7].EventTime);
        Assert.Equal(TimeSpan.Zero, events[7].IngestTime.Offset);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task An_event_with_non_ASCII_text_and_its_own_spacing_comes_back_byte_for_byte(string kind)
    {
        await using var store = await CreateAsync(kind);
        var raw = System.Text.Encoding.UTF8.GetBytes(
            "{\n\t\"eventType\" : \"COMPLETE\",  \"eventTime\":\"2024-05-01T10:00:00Z\",\"run\":{\"runId\":\"018f3a2c-0000-7000-8000-000000000001\"},"
            + "\"job\":{\"namespace\":\"tests\",\"name\":\"Jöb — 数据 \\u00e9 😀\"},\"inputs\":[],\"outputs\":[],"
            + "\"producer\":\"https://example.com/tests\",\"schemaURL\":\"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent\"\r\n}");

        await store.AppendAsync(raw, StoreEvents.TimeOf(0), EventDigest.Compute(raw));
        await SettleAsync(store);
        var events = await store.ReadAsync().ToListAsync();

        Assert.Equal(raw, Assert.Single(events).Raw.ToArray());
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Ranges_and_time_windows_select_the_same_events(string kind)
    {
        await using var store = await CreateAsync(kind);
        await StoreEvents.AppendSmallAsync(store, 20);
        await SettleAsync(store);

        var range = await store.ReadAsync(5, 8).ToListAsync();
        var window = await store.ReadByEventTimeAsync(StoreEvents.TimeOf(4), StoreEvents.TimeOf(8)).ToListAsync();
        var past = await store.ReadAsync(21).ToListAsync();

        Assert.Equal([5L, 6L, 7L, 8L], range.Select(e => e.Sequence));
        Assert.Equal([5L, 6L, 7L, 8L], window.Select(e => e.Sequence));
        Assert.Empty(past);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_page_by_event_time_holds_the_events_of_its_window_newest_first_and_counts_them_all(string kind)
    {
        await using var store = await CreateAsync(kind);
        await StoreEvents.AppendSmallAsync(store, 20);
        await SettleAsync(store);

        var newest = await store.ReadPageByEventTimeAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, descending: true, offset: 0, limit: 3);
        var second = await store.ReadPageByEventTimeAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, descending: true, offset: 3, limit: 3);
        var window = await store.ReadPageByEventTimeAsync(StoreEvents.TimeOf(4), StoreEvents.TimeOf(8), descending: false, offset: 1, limit: 10);

        Assert.Equal([20L, 19L, 18L], newest.Events.Select(e => e.Sequence));
        Assert.Equal([17L, 16L, 15L], second.Events.Select(e => e.Sequence));
        Assert.Equal(20, newest.TotalCount);
        Assert.Equal([6L, 7L, 8L], window.Events.Select(e => e.Sequence));
        Assert.Equal(4, window.TotalCount);
        Assert.Equal(StoreEvents.Small(19), newest.Events[0].Raw.ToArray());
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task An_event_object_is_stored_as_its_json_with_its_digest(string kind)
    {
        await using var store = await CreateAsync(kind);
        var e = LineageJson.Deserialize(StoreEvents.Small(3));

        await store.AppendAsync(e);
        await SettleAsync(store);
        var stored = await store.ReadAsync().SingleAsync();

        var expected = LineageJson.SerializeToUtf8Bytes(e);
        Assert.Equal(expected, stored.Raw.ToArray());
        Assert.Equal(EventDigest.Compute(expected), stored.Digest);
        Assert.Equal(e.EventTime, stored.EventTime);
        Assert.IsType<RunEvent>(LineageJson.Deserialize(stored.Raw.Span));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Reading_stops_when_cancelled(string kind)
    {
        await using var store = await CreateAsync(kind);
        await StoreEvents.AppendSmallAsync(store, 5);
        await SettleAsync(store);
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await store.ReadAsync(cancellationToken: cancel.Token).ToListAsync());
    }

    private async Task<ILineageStore> CreateAsync(string kind) => kind switch
    {
        "postgres" => await Tributary.Server.Postgres.PostgresLineageStore.OpenAsync(await Support.TestPostgres.CreateDatabaseAsync()),
        "memory" => new InMemoryLineageStore(),
        "file" => FileLineageStore.Open(_temp.Combine("store")),
        _ => EmbeddedLineageStore.Open(_temp.Combine("store"), new FileLineageStoreOptions { SegmentBytes = 4096 }, new Tributary.Storage.Lake.LakeOptions { EventsPerBatch = 7 }),
    };

    // The embedded store moves what it holds into the lake (all but the active log segment leave the log).
    private static async Task SettleAsync(ILineageStore store)
    {
        if (store is EmbeddedLineageStore embedded)
        {
            var graph = (await Tributary.Ingest.LineageReplica.OpenAsync(embedded)).Graph;
            await embedded.CompactAsync(new Tributary.Export.LakeProjectionExporter(graph));
        }
    }
}

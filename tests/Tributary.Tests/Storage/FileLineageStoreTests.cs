using System.Text;
using Tributary.Storage;

namespace Tributary.Tests.Storage;

public sealed class FileLineageStoreTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Acknowledged_events_are_present_after_reopen()
    {
        var folder = _temp.Combine("store");
        await using (var store = FileLineageStore.Open(folder))
        {
            await StoreEvents.AppendSmallAsync(store, 50);
        }

        await using var reopened = FileLineageStore.Open(folder);
        var events = await reopened.ReadAsync().ToListAsync();

        Assert.Null(reopened.Recovery);
        Assert.Equal(50, reopened.Count);
        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), events.Select(e => e.Sequence));
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(StoreEvents.Small(i), events[i].Raw.ToArray());
            Assert.Equal(StoreEvents.TimeOf(i), events[i].EventTime);
            Assert.Equal(EventDigest.Compute(StoreEvents.Small(i)), events[i].Digest);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_range_anywhere_in_the_log_reads_exactly_its_events_in_segments_being_written_and_sealed(bool reopened)
    {
        // Reads start at the first record asked for and stop after the last (a duplicate's original is read back one
        // at a time): ranges at, between and across the sparse index's every-1,024th records and segment boundaries.
        var folder = _temp.Combine("store");
        var options = new FileLineageStoreOptions { SegmentBytes = 400_000 };
        var store = FileLineageStore.Open(folder, options);
        await StoreEvents.AppendSmallAsync(store, 3_000);
        if (reopened)
        {
            await store.DisposeAsync();
            store = FileLineageStore.Open(folder, options with { ReadOnly = true });
        }

        await using (store)
        {
            Assert.True(Directory.GetFiles(Path.Combine(folder, "events"), "*.tlog").Length > 2);
            foreach (var (from, to) in new (long, long)[] { (1, 1), (2, 2), (1024, 1024), (1025, 1026), (1500, 1500), (2047, 2051), (1, 3000), (2999, 3000), (3000, 3000), (700, 2300), (2990, 5000) })
            {
                var read = store.Read(from, to).ToList();
                var last = Math.Min(to, 3000);
                Assert.Equal(Enumerable.Range((int)from, (int)(last - from + 1)).Select(i => (long)i), read.Select(e => e.Sequence));
                Assert.All(read, e => Assert.Equal(StoreEvents.Small((int)e.Sequence - 1), e.Raw.ToArray()));
            }
        }
    }

    [Fact]
    public async Task Raw_bytes_are_kept_exactly()
    {
        var folder = _temp.Combine("store");
        var corpus = StoreEvents.CorpusFiles().Select(File.ReadAllBytes).ToList();
        var odd = Encoding.UTF8.GetBytes("{ \"eventTime\" : \"2024-01-01T00:00:00+02:00\",\n\t\"producer\":\"x\", \"name\": \"ørsted ✓ \\u00e9\" }\r\n");
        corpus.Add(odd);
        await using (var store = FileLineageStore.Open(folder))
        {
            foreach (var raw in corpus)
            {
                await store.AppendAsync(raw, DateTimeOffset.UnixEpoch, EventDigest.None);
            }
        }

        await using var reopened = FileLineageStore.Open(folder);
        var events = await reopened.ReadAsync().ToListAsync();

        Assert.Equal(corpus.Count, events.Count);
        for (var i = 0; i < corpus.Count; i++)
        {
            Assert.True(corpus[i].AsSpan().SequenceEqual(events[i].Raw.Span), $"event {i + 1} differs");
        }
    }

    [Fact]
    public async Task Concurrent_appenders_are_all_acknowledged_in_order_with_group_commit()
    {
        var folder = _temp.Combine("store");
        const int Appenders = 8;
        const int Each = 300;
        var acks = new List<StoredEvent>[Appenders];
        await using (var store = FileLineageStore.Open(folder))
        {
            await Task.WhenAll(Enumerable.Range(0, Appenders).Select(a => Task.Run(async () =>
            {
                acks[a] = [];
                var pending = new List<ValueTask<StoredEvent>>();
                for (var i = 0; i < Each; i++)
                {
                    var n = (a * Each) + i;
                    pending.Add(store.AppendAsync(StoreEvents.Small(n), StoreEvents.TimeOf(n), EventDigest.None));
                }

                foreach (var p in pending)
                {
                    acks[a].Add(await p);
                }
            })));

            Assert.Equal(Appenders * Each, store.Count);
        }

        // Every appender's events got increasing sequence numbers in the order it appended them.
        foreach (var list in acks)
        {
            Assert.Equal(list.Select(s => s.Sequence).Order(), list.Select(s => s.Sequence));
        }

        var all = acks.SelectMany(l => l).OrderBy(s => s.Sequence).ToList();
        Assert.Equal(Enumerable.Range(1, Appenders * Each).Select(i => (long)i), all.Select(s => s.Sequence));

        // Many appends shared an fsync: the batch start of some record is not its own sequence.
        await using var reopened = FileLineageStore.Open(folder);
        var stored = await reopened.ReadAsync().ToListAsync();
        Assert.Equal(all.Select(s => s.Raw.ToArray()), stored.Select(s => s.Raw.ToArray()));
        var segment = File.ReadAllBytes(StoreEvents.OnlySegment(folder));
        Assert.Contains(RecordsOf(segment), h => h.BatchStart != h.Sequence);
    }

    [Fact]
    public async Task Dispose_writes_everything_still_queued()
    {
        var folder = _temp.Combine("store");
        var store = FileLineageStore.Open(folder);
        var pending = Enumerable.Range(0, 500).Select(i => store.AppendAsync(StoreEvents.Small(i), StoreEvents.TimeOf(i), EventDigest.None).AsTask()).ToList();

        await store.DisposeAsync();

        Assert.All(pending, t => Assert.True(t.IsCompletedSuccessfully));
        await using var reopened = FileLineageStore.Open(folder);
        Assert.Equal(500, reopened.Count);
    }

    [Fact]
    public async Task Segments_roll_and_reads_span_them()
    {
        var folder = _temp.Combine("store");
        var options = new FileLineageStoreOptions { SegmentBytes = 4096 };
        await using (var store = FileLineageStore.Open(folder, options))
        {
            await StoreEvents.AppendSmallAsync(store, 300);
        }

        await using var reopened = FileLineageStore.Open(folder, options);
        var range = await reopened.ReadAsync(50, 250).ToListAsync();
        await StoreEvents.AppendSmallAsync(reopened, 1, first: 300);

        var files = Directory.GetFiles(Path.Combine(folder, "events"), "*.tlog");
        Assert.True(files.Length > 10, $"{files.Length} segments");
        Assert.All(files, f => Assert.Matches(@"^\d{20}\.tlog$", Path.GetFileName(f)));
        // Each sealed segment has its index beside it (the segment appended to has none yet), and nothing else is there.
        var indexes = Directory.GetFiles(Path.Combine(folder, "events"), "*.tidx");
        Assert.Equal(files.Order(StringComparer.Ordinal).SkipLast(1).Select(f => Path.ChangeExtension(f, ".tidx")), indexes.Order(StringComparer.Ordinal));
        Assert.Equal(files.Length + indexes.Length, Directory.GetFiles(Path.Combine(folder, "events")).Length);
        Assert.Equal(Enumerable.Range(50, 201).Select(i => (long)i), range.Select(e => e.Sequence));
        Assert.Equal(StoreEvents.Small(49), range[0].Raw.ToArray());
        Assert.Equal(301, reopened.Count);
    }

    [Fact]
    public async Task Reads_by_sequence_range_and_by_event_time_window()
    {
        await using var store = FileLineageStore.Open(_temp.Combine("store"));
        await StoreEvents.AppendSmallAsync(store, 3000);

        var range = await store.ReadAsync(1500, 2600).ToListAsync();
        var window = await store.ReadByEventTimeAsync(StoreEvents.TimeOf(10), StoreEvents.TimeOf(13)).ToListAsync();

        Assert.Equal(Enumerable.Range(1500, 1101).Select(i => (long)i), range.Select(e => e.Sequence));

        // Event n happens n seconds after 10:00, so the window holds events 10, 11 and 12.
        Assert.Equal([11L, 12L, 13L], window.Select(e => e.Sequence));
        Assert.Empty(await store.ReadAsync(3001).ToListAsync());
    }

    [Fact]
    public async Task A_second_writer_cannot_open_the_same_folder_but_a_reader_can()
    {
        var folder = _temp.Combine("store");
        await using var store = FileLineageStore.Open(folder);
        await StoreEvents.AppendSmallAsync(store, 3);

        var error = Assert.Throws<StoreLockedException>(() => FileLineageStore.Open(folder));
        await using var reader = FileLineageStore.Open(folder, new FileLineageStoreOptions { ReadOnly = true });

        Assert.Contains("already open", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, reader.Count);
        Assert.Equal(3, (await reader.ReadAsync().ToListAsync()).Count);
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await reader.AppendAsync(StoreEvents.Small(9), default, EventDigest.None));
    }

    [Fact]
    public async Task Appends_after_dispose_are_refused()
    {
        var store = FileLineageStore.Open(_temp.Combine("store"));
        await store.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await store.AppendAsync(StoreEvents.Small(1), default, EventDigest.None));
    }

    [Fact]
    public async Task Events_larger_than_the_limit_are_refused()
    {
        await using var store = FileLineageStore.Open(_temp.Combine("store"), new FileLineageStoreOptions { MaxEventBytes = 100 });

        await Assert.ThrowsAsync<ArgumentException>(async () => await store.AppendAsync(new byte[101], default, EventDigest.None));
        Assert.Equal(0, store.Count);
    }

    internal static List<RecordHeader> RecordsOf(byte[] segment)
    {
        var headers = new List<RecordHeader>();
        var at = RecordFormat.SegmentHeaderSize;
        while (RecordFormat.TryRead(segment.AsSpan(at), RecordFormat.MaxEventBytes, out var header, out var size, out _) == RecordStatus.Valid)
        {
            headers.Add(header);
            at += size;
        }

        return headers;
    }
}

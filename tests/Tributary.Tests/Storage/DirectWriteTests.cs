using Tributary.Storage;
using Tributary.Tests.Export;

namespace Tributary.Tests.Storage;

/// <summary>
/// Large group commits go past the page cache (O_DIRECT) in whole blocks, leaving zeros after the last record until
/// the next write or the close: the files and what readers see must be as if every write had gone through the cache.
/// </summary>
public sealed class DirectWriteTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static FileLineageStoreOptions Options(bool direct, long segmentBytes = 64L << 20) => new()
    {
        BypassPageCache = direct,
        SegmentBytes = segmentBytes,
        TimeProvider = new FixedTime(new DateTimeOffset(2024, 5, 2, 0, 0, 0, TimeSpan.Zero)),
    };

    // Ranges of 700 events (about 250 KB, written directly) between single events (small groups, through the cache),
    // so groups of both kinds start and end anywhere inside a block.
    private static async Task WriteMixedAsync(FileLineageStore store, int rounds)
    {
        var n = 0;
        for (var round = 0; round < rounds; round++)
        {
            var range = new AppendRecord[700];
            for (var i = 0; i < range.Length; i++, n++)
            {
                range[i] = new AppendRecord(StoreEvents.Small(n), StoreEvents.TimeOf(n).UtcTicks, EventDigest.Compute(StoreEvents.Small(n)));
            }

            await ((IRangeAppender)store).AppendRangeAsync(range);
            for (var i = 0; i < round + 1; i++, n++)
            {
                await store.AppendAsync(StoreEvents.Small(n), StoreEvents.TimeOf(n), EventDigest.Compute(StoreEvents.Small(n)));
            }
        }
    }

    private static int EventsOf(int rounds) => (rounds * 700) + (rounds * (rounds + 1) / 2);

    [Fact]
    public async Task A_store_written_past_the_page_cache_has_the_same_files_as_one_written_through_it()
    {
        foreach (var bypass in new[] { true, false })
        {
            await using var store = FileLineageStore.Open(_temp.Combine(bypass ? "direct" : "cached"), Options(bypass, segmentBytes: 600_000));
            await WriteMixedAsync(store, 5);
        }

        var direct = Directory.GetFiles(_temp.Combine(Path.Combine("direct", "events")), "*.tlog").Order(StringComparer.Ordinal).ToArray();
        var cached = Directory.GetFiles(_temp.Combine(Path.Combine("cached", "events")), "*.tlog").Order(StringComparer.Ordinal).ToArray();
        Assert.True(direct.Length > 1, "the segments should have rolled");
        Assert.Equal(cached.Select(Path.GetFileName), direct.Select(Path.GetFileName));
        for (var i = 0; i < direct.Length; i++)
        {
            Assert.True(File.ReadAllBytes(cached[i]).AsSpan().SequenceEqual(File.ReadAllBytes(direct[i])), $"{Path.GetFileName(direct[i])} differs");
        }

        await using var reopened = FileLineageStore.Open(_temp.Combine("direct"), Options(direct: true));
        var events = await reopened.ReadAsync().ToListAsync();
        Assert.Null(reopened.Recovery);
        Assert.Equal(EventsOf(5), events.Count);
        for (var i = 0; i < events.Count; i++)
        {
            Assert.Equal(StoreEvents.Small(i), events[i].Raw.ToArray());
        }
    }

    [Fact]
    public void Groups_of_any_size_are_appended_exactly_whether_they_go_past_the_cache_or_through_it()
    {
        // Below and above the size that goes past the cache, and ending anywhere inside a block.
        int[] sizes = [1, 5_000, 200_000, 3, 131_072, 131_071, 4_096, 700_000, 10, 4_095];
        var path = _temp.Combine("appended");
        var expected = new List<byte>();
        var random = new Random(7);
        using (var file = SegmentAppender.Create(path, direct: true))
        {
            foreach (var size in sizes)
            {
                var group = new byte[size];
                random.NextBytes(group);
                group.CopyTo(file.Next(size));
                file.Write(size);
                expected.AddRange(group);
                Assert.Equal(expected.Count, file.Length);
            }
        }

        Assert.Equal(expected.ToArray(), File.ReadAllBytes(path));
    }

    [Fact]
    public async Task A_reader_of_a_live_store_reads_every_acknowledged_event_and_takes_the_zeros_after_them_for_the_end()
    {
        var folder = _temp.Combine("store");
        await using var writer = FileLineageStore.Open(folder, Options(direct: true));
        await WriteMixedAsync(writer, 2);
        var segment = StoreEvents.OnlySegment(folder);
        if (OperatingSystem.IsLinux())
        {
            // The last group was written directly: the file reaches a block boundary past its last record.
            Assert.Equal(0, new FileInfo(segment).Length % SegmentAppender.Block);
        }

        await using var reader = FileLineageStore.Open(folder, new FileLineageStoreOptions { ReadOnly = true });
        var events = await reader.ReadAsync().ToListAsync();

        Assert.Null(reader.Recovery);
        Assert.Equal(EventsOf(2), reader.Count);
        Assert.Equal(EventsOf(2), events.Count);
    }

    [Fact]
    public async Task Zeros_left_after_the_last_record_up_to_a_block_boundary_are_no_torn_write()
    {
        // What a process killed after a direct write leaves behind.
        var (folder, segment, length) = await TenEventsWithZerosAfterAsync(length => SegmentAppender.Block - (int)(length % SegmentAppender.Block));

        await using (var reopened = FileLineageStore.Open(folder, Options(direct: true)))
        {
            Assert.Null(reopened.Recovery);
            Assert.Equal(10, reopened.Count);
            await StoreEvents.AppendSmallAsync(reopened, 5, first: 10);
        }

        await using var again = FileLineageStore.Open(folder, Options(direct: true));
        var events = await again.ReadAsync().ToListAsync();
        Assert.Null(again.Recovery);
        Assert.Equal(Enumerable.Range(0, 15).Select(i => StoreEvents.Small(i)), events.Select(e => e.Raw.ToArray()));
        Assert.Equal(
            RecordFormat.SegmentHeaderSize + Enumerable.Range(0, 15).Sum(i => (long)RecordFormat.RecordSize(StoreEvents.Small(i).Length)),
            new FileInfo(segment).Length);
    }

    [Fact]
    public async Task Zeros_reaching_past_a_block_boundary_are_still_a_torn_write()
    {
        var (folder, segment, length) = await TenEventsWithZerosAfterAsync(_ => SegmentAppender.Block);

        await using var reopened = FileLineageStore.Open(folder, Options(direct: true));

        Assert.NotNull(reopened.Recovery);
        Assert.Equal(length, reopened.Recovery.Offset);
        Assert.Equal(10, reopened.Count);
        Assert.Equal(length, new FileInfo(segment).Length);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4_095)]
    [InlineData(4_096)]
    [InlineData((128 << 10) + 3)]
    [InlineData((4 << 20) - 1)]
    [InlineData(4 << 20)]
    [InlineData((4 << 20) + 1)]
    [InlineData((9 << 20) + 777)]
    public void A_file_written_durably_past_the_page_cache_holds_exactly_its_bytes(int length)
    {
        // How a graph checkpoint goes to disk: pieces of any size, 4 MB groups written directly, the last one padded.
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        var path = _temp.Combine("checkpoint.tmp");
        File.WriteAllBytes(path, new byte[123]); // what was there before is replaced
        using (var file = new DurableFileWriter(path))
        {
            for (var at = 0; at < length;)
            {
                var piece = Math.Min(length - at, ((at / 7) % (1 << 20)) + 1);
                file.Write(bytes.AsSpan(at, piece));
                at += piece;
            }

            file.Complete();
        }

        Assert.Equal(bytes, File.ReadAllBytes(path));
    }

    // A closed store of ten small events whose only segment then gets zeros appended: how many, given its length.
    private async Task<(string Folder, string Segment, long Length)> TenEventsWithZerosAfterAsync(Func<long, int> zeros)
    {
        var folder = _temp.Combine("store");
        await using (var store = FileLineageStore.Open(folder, Options(direct: true)))
        {
            await StoreEvents.AppendSmallAsync(store, 10);
        }

        var segment = StoreEvents.OnlySegment(folder);
        var length = new FileInfo(segment).Length;
        Assert.NotEqual(0, length % SegmentAppender.Block);
        using (var file = new FileStream(segment, FileMode.Append))
        {
            file.Write(new byte[zeros(length)]);
        }

        return (folder, segment, length);
    }
}

using Tributary.Storage;

namespace Tributary.Tests.Storage;

public sealed class StoreRecoveryTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Torn_last_record_is_dropped_on_reopen_wherever_the_cut_falls()
    {
        var original = _temp.Combine("original");
        await using (var store = FileLineageStore.Open(original))
        {
            await StoreEvents.AppendSmallAsync(store, 5);
        }

        var fileLength = new FileInfo(StoreEvents.OnlySegment(original)).Length;
        var lastStart = fileLength - RecordFormat.RecordSize(StoreEvents.Small(4).Length);

        for (var cut = lastStart; cut < fileLength; cut++)
        {
            var copy = _temp.Combine($"cut-{cut}");
            StoreEvents.CopyFolder(original, copy);
            using (var file = new FileStream(StoreEvents.OnlySegment(copy), FileMode.Open))
            {
                file.SetLength(cut);
            }

            await using (var store = FileLineageStore.Open(copy))
            {
                Assert.Equal(4, store.Count);
                Assert.Equal(cut == lastStart ? (long?)null : cut - lastStart, store.Recovery?.DroppedBytes);
                Assert.Equal(lastStart, new FileInfo(StoreEvents.OnlySegment(copy)).Length);

                // The store goes on after the repair, and the new event lands where the torn one was.
                await StoreEvents.AppendSmallAsync(store, 1, first: 4);
            }

            await using var reopened = FileLineageStore.Open(copy);
            Assert.Null(reopened.Recovery);
            Assert.Equal(StoreEvents.Small(4), (await reopened.ReadAsync(5).SingleAsync()).Raw.ToArray());
        }
    }

    [Fact]
    public async Task Garbage_in_the_last_record_is_dropped_as_a_torn_write()
    {
        var folder = _temp.Combine("store");
        await using (var store = FileLineageStore.Open(folder))
        {
            await StoreEvents.AppendSmallAsync(store, 5);
        }

        var segment = StoreEvents.OnlySegment(folder);
        var bytes = File.ReadAllBytes(segment);
        bytes[^10] ^= 0xFF;
        File.WriteAllBytes(segment, bytes);

        await using var reopened = FileLineageStore.Open(folder);

        Assert.Equal(4, reopened.Count);
        Assert.Equal("checksum mismatch", reopened.Recovery!.Reason);
    }

    [Fact]
    public async Task Checksum_corruption_in_an_acknowledged_record_is_reported_not_dropped()
    {
        var folder = _temp.Combine("store");
        await using (var store = FileLineageStore.Open(folder))
        {
            await StoreEvents.AppendSmallAsync(store, 5);
        }

        var segment = StoreEvents.OnlySegment(folder);
        var bytes = File.ReadAllBytes(segment);
        var secondRecord = RecordFormat.SegmentHeaderSize + RecordFormat.RecordSize(StoreEvents.Small(0).Length);
        bytes[secondRecord + 100] ^= 0x01;
        File.WriteAllBytes(segment, bytes);

        var error = Assert.Throws<LineageStoreCorruptedException>(() => FileLineageStore.Open(folder));

        Assert.Equal(secondRecord, error.Offset);
        Assert.Equal(2, error.Sequence);
        Assert.Contains("checksum mismatch", error.Message, StringComparison.Ordinal);
        Assert.Contains(segment, error.Message, StringComparison.Ordinal);
        Assert.Equal(bytes, File.ReadAllBytes(segment));
    }

    [Fact]
    public async Task Damage_inside_the_final_unacknowledged_batch_is_a_torn_write_even_with_whole_records_after_it()
    {
        // One group commit of three records, of which a crash lost the middle one's page.
        var folder = _temp.Combine("store");
        var segment = WriteSegment(folder, [(1, 1), (2, 2), (3, 2), (4, 2)]);
        var bytes = File.ReadAllBytes(segment);
        var third = RecordFormat.SegmentHeaderSize + (2 * RecordFormat.RecordSize(StoreEvents.Small(0).Length));
        bytes.AsSpan(third, 40).Clear();
        File.WriteAllBytes(segment, bytes);

        await using var store = FileLineageStore.Open(folder, new FileLineageStoreOptions { ReadOnly = true });

        Assert.Equal(2, store.Count);
        Assert.Equal(third, store.Recovery!.Offset);
    }

    [Fact]
    public void Damage_followed_by_a_later_batch_is_reported_as_corruption()
    {
        var folder = _temp.Combine("store");
        var segment = WriteSegment(folder, [(1, 1), (2, 2), (3, 2), (4, 4)]);
        var bytes = File.ReadAllBytes(segment);
        var third = RecordFormat.SegmentHeaderSize + (2 * RecordFormat.RecordSize(StoreEvents.Small(0).Length));
        bytes.AsSpan(third, 40).Clear();
        File.WriteAllBytes(segment, bytes);

        var error = Assert.Throws<LineageStoreCorruptedException>(() => FileLineageStore.Open(folder));

        Assert.Equal(3, error.Sequence);
        Assert.Contains("event 4 of a later write follows", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_segment_is_reported_by_the_first_read_and_refuses_the_first_append()
    {
        var folder = _temp.Combine("store");
        await using (var store = FileLineageStore.Open(folder, new FileLineageStoreOptions { SegmentBytes = 4096 }))
        {
            await StoreEvents.AppendSmallAsync(store, 100);
        }

        File.Delete(Directory.GetFiles(Path.Combine(folder, "events"), "*.tlog").Order(StringComparer.Ordinal).ElementAt(1));

        await using var reopened = FileLineageStore.Open(folder);
        var read = await Assert.ThrowsAsync<LineageStoreCorruptedException>(async () => await reopened.ReadAsync().CountAsync());
        var append = await Assert.ThrowsAsync<LineageStoreCorruptedException>(async () => await reopened.AppendAsync(StoreEvents.Small(100), DateTimeOffset.UnixEpoch, EventDigest.None));
        Assert.Contains("segment file is missing", read.Message, StringComparison.Ordinal);
        Assert.Contains("segment file is missing", append.Message, StringComparison.Ordinal);
        Assert.Equal(100, reopened.Count);
    }

    [Fact]
    public async Task Digests_read_from_a_reopened_store_are_every_events_in_order_from_any_start_and_its_segments_are_checked_on_the_way()
    {
        var folder = _temp.Combine("store");
        var options = new FileLineageStoreOptions { SegmentBytes = 4096 };
        var stored = new List<StoredDigest>();
        await using (var store = FileLineageStore.Open(folder, options))
        {
            for (var i = 0; i < 300; i++)
            {
                var raw = StoreEvents.Small(i);
                var digest = EventDigest.Compute(raw);
                await store.AppendAsync(raw, DateTimeOffset.UnixEpoch.AddMinutes(i), digest);
                stored.Add(new StoredDigest(i + 1, digest));
            }
        }

        // Each reopen leaves the older segments unread: the digest read indexes them (on every core) as it goes.
        foreach (var (from, to) in new[] { (1L, 300L), (137L, 300L), (5L, 9L), (290L, 1_000L) })
        {
            await using var reopened = FileLineageStore.Open(folder, options);
            var digests = reopened.ReadDigests(from, to).ToList();
            Assert.Equal(stored.Skip((int)from - 1).Take((int)(Math.Min(to, 300) - from + 1)), digests);
        }

        await using var again = FileLineageStore.Open(folder, options);
        Assert.Equal(stored, again.ReadDigests().ToList());
        Assert.Equal(stored, again.ReadDigests().ToList());
        Assert.Equal(Enumerable.Range(1, 300).Select(i => (long)i), (await again.ReadAsync().ToListAsync()).Select(e => e.Sequence));
    }

    [Fact]
    public async Task A_damaged_older_segment_fails_the_digest_read_before_it_gives_any_digest()
    {
        var folder = _temp.Combine("store");
        await using (var store = FileLineageStore.Open(folder, new FileLineageStoreOptions { SegmentBytes = 4096 }))
        {
            await StoreEvents.AppendSmallAsync(store, 100);
        }

        // One byte of an event in the third segment, which a later segment follows.
        var third = Directory.GetFiles(Path.Combine(folder, "events"), "*.tlog").Order(StringComparer.Ordinal).ElementAt(2);
        var bytes = await File.ReadAllBytesAsync(third);
        bytes[RecordFormat.SegmentHeaderSize + RecordFormat.PrefixSize + RecordFormat.BodyHeaderSize + 3] ^= 0x20;
        await File.WriteAllBytesAsync(third, bytes);

        await using var reopened = FileLineageStore.Open(folder);
        var given = new List<StoredDigest>();
        var error = Assert.Throws<LineageStoreCorruptedException>(() => given.AddRange(reopened.ReadDigests()));

        Assert.Empty(given);
        Assert.Equal(third, error.SegmentPath);
        Assert.Equal(100, reopened.Count);
    }

    [Fact]
    public async Task A_segment_cut_before_its_header_was_durable_is_recreated()
    {
        var folder = _temp.Combine("store");
        await using (var store = FileLineageStore.Open(folder, new FileLineageStoreOptions { SegmentBytes = 4096 }))
        {
            await StoreEvents.AppendSmallAsync(store, 100);
        }

        var last = Directory.GetFiles(Path.Combine(folder, "events"), "*.tlog").Order(StringComparer.Ordinal).Last();
        var expected = (await ReadAllAsync(folder)).Count(e => e.Sequence < long.Parse(Path.GetFileNameWithoutExtension(last), System.Globalization.CultureInfo.InvariantCulture));
        using (var file = new FileStream(last, FileMode.Open))
        {
            file.SetLength(0);
        }

        await using var reopened = FileLineageStore.Open(folder, new FileLineageStoreOptions { SegmentBytes = 4096 });
        await StoreEvents.AppendSmallAsync(reopened, 1, first: 500);

        Assert.Equal("segment header cut short", reopened.Recovery!.Reason);
        Assert.Equal(expected + 1, reopened.Count);
    }

    [Fact]
    public async Task A_read_only_open_skips_a_torn_tail_without_cutting_it()
    {
        var folder = _temp.Combine("store");
        var segment = WriteSegment(folder, [(1, 1), (2, 2)]);
        var length = new FileInfo(segment).Length;
        using (var file = new FileStream(segment, FileMode.Open))
        {
            file.SetLength(length - 3);
        }

        await using var store = FileLineageStore.Open(folder, new FileLineageStoreOptions { ReadOnly = true });

        Assert.Equal(1, store.Count);
        Assert.Equal(length - 3, new FileInfo(segment).Length);
    }

    [Fact]
    public async Task A_read_only_open_reads_only_the_newest_segment_and_meets_damage_in_an_older_one_when_it_reads_it()
    {
        var folder = _temp.Combine("store");
        await using (var store = FileLineageStore.Open(folder, new FileLineageStoreOptions { SegmentBytes = 4096 }))
        {
            await StoreEvents.AppendSmallAsync(store, 100);
        }

        var segments = Directory.GetFiles(Path.Combine(folder, "events"), "*.tlog").Order(StringComparer.Ordinal).ToList();
        Assert.True(segments.Count >= 3);
        var first = File.ReadAllBytes(segments[0]);
        first[RecordFormat.SegmentHeaderSize + 40] ^= 0xFF; // inside the first record
        File.WriteAllBytes(segments[0], first);
        var newest = long.Parse(Path.GetFileNameWithoutExtension(segments[^1]), System.Globalization.CultureInfo.InvariantCulture);

        await using var reader = FileLineageStore.Open(folder, new FileLineageStoreOptions { ReadOnly = true });

        Assert.Equal(100, reader.Count);
        Assert.Equal(100 - newest + 1, await reader.ReadAsync(newest).CountAsync());
        var error = await Assert.ThrowsAsync<LineageStoreCorruptedException>(async () => await reader.ReadAsync().CountAsync());
        Assert.Equal(segments[0], error.SegmentPath);
        Assert.Equal(1, error.Sequence);

        // The writer opens without reading the older segments, but checks every one before its first append, and
        // stores nothing on a damaged log.
        var before = Directory.GetFiles(Path.Combine(folder, "events"), "*.tlog").Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToList();
        await reader.DisposeAsync();
        await using var writer = FileLineageStore.Open(folder);
        Assert.Equal(100, writer.Count);
        var writerError = await Assert.ThrowsAsync<LineageStoreCorruptedException>(async () => await writer.AppendAsync(StoreEvents.Small(100), DateTimeOffset.UnixEpoch, EventDigest.None));
        Assert.Equal(segments[0], writerError.SegmentPath);
        Assert.Equal(100, writer.Count);
        Assert.Equal(before, Directory.GetFiles(Path.Combine(folder, "events"), "*.tlog").Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToList());
    }

    [Fact]
    public async Task A_reopened_store_takes_a_sealed_segments_digests_from_its_index_without_reading_it_and_meets_damage_there_when_it_reads_the_event()
    {
        var folder = _temp.Combine("store");
        var stored = await WriteSegmentsAsync(folder, 100);

        // A byte of the third segment's first event changes on disk while its last-write time stays (as bit rot would):
        // nothing that reads the index can notice, and the event itself is refused when it is read.
        var third = Directory.GetFiles(Path.Combine(folder, "events"), "*.tlog").Order(StringComparer.Ordinal).ElementAt(2);
        await StoreEvents.RotAsync(third);

        await using var reopened = FileLineageStore.Open(folder, new FileLineageStoreOptions { SegmentBytes = 4096 });

        Assert.Equal(stored, reopened.ReadDigests().ToList());
        await reopened.AppendAsync(StoreEvents.Small(100), DateTimeOffset.UnixEpoch, EventDigest.Compute(StoreEvents.Small(100)));
        var error = await Assert.ThrowsAsync<LineageStoreCorruptedException>(async () => await reopened.ReadAsync().CountAsync());
        Assert.Equal(third, error.SegmentPath);
    }

    [Fact]
    public async Task An_index_that_does_not_match_its_segment_is_not_used_and_reading_the_segment_writes_it_again()
    {
        var folder = _temp.Combine("store");
        var stored = await WriteSegmentsAsync(folder, 100);
        var events = Path.Combine(folder, "events");
        var segments = Directory.GetFiles(events, "*.tlog").Order(StringComparer.Ordinal).ToList();
        var index = Path.ChangeExtension(segments[1], ".tidx");
        var good = await File.ReadAllBytesAsync(index);

        // A damaged index; a segment written again (the same bytes, so only its time says so); a store from before
        // indexes (none at all for the fourth); and a read-only reader, which reads but writes nothing.
        var damaged = (byte[])good.Clone();
        damaged[60] ^= 0x01;
        await File.WriteAllBytesAsync(index, damaged);
        await Task.Delay(20);
        await File.WriteAllBytesAsync(segments[2], await File.ReadAllBytesAsync(segments[2]));
        var stale = await File.ReadAllBytesAsync(Path.ChangeExtension(segments[2], ".tidx"));
        File.Delete(Path.ChangeExtension(segments[3], ".tidx"));
        await using (var reader = FileLineageStore.Open(folder, new FileLineageStoreOptions { ReadOnly = true }))
        {
            Assert.Equal(stored, reader.ReadDigests().ToList());
        }

        Assert.Equal(damaged, await File.ReadAllBytesAsync(index));
        Assert.False(File.Exists(Path.ChangeExtension(segments[3], ".tidx")));

        await using (var reopened = FileLineageStore.Open(folder, new FileLineageStoreOptions { SegmentBytes = 4096 }))
        {
            Assert.Equal(stored, reopened.ReadDigests().ToList());
        }

        Assert.Equal(good, await File.ReadAllBytesAsync(index));
        Assert.NotEqual(stale, await File.ReadAllBytesAsync(Path.ChangeExtension(segments[2], ".tidx")));
        Assert.True(File.Exists(Path.ChangeExtension(segments[3], ".tidx")));
        await using var again = FileLineageStore.Open(folder, new FileLineageStoreOptions { SegmentBytes = 4096 });
        Assert.Equal(stored, again.ReadDigests().ToList());
    }

    // Appends `count` small events into 4 KB segments and closes the store; returns each event's digest.
    private static async Task<List<StoredDigest>> WriteSegmentsAsync(string folder, int count)
    {
        var stored = new List<StoredDigest>();
        await using var store = FileLineageStore.Open(folder, new FileLineageStoreOptions { SegmentBytes = 4096 });
        for (var i = 0; i < count; i++)
        {
            var digest = EventDigest.Compute(StoreEvents.Small(i));
            await store.AppendAsync(StoreEvents.Small(i), StoreEvents.TimeOf(i), digest);
            stored.Add(new StoredDigest(i + 1, digest));
        }

        return stored;
    }

    [Fact]
    public async Task Digests_read_without_the_events_match_the_events_in_the_log_and_the_lake()
    {
        var folder = _temp.Combine("embedded");
        await using (var store = EmbeddedLineageStore.Open(folder, new FileLineageStoreOptions { SegmentBytes = 4096 }))
        {
            foreach (var file in StoreEvents.CorpusFiles().Take(12))
            {
                var raw = await File.ReadAllBytesAsync(file);
                var e = Tributary.Json.LineageJson.Deserialize(raw);
                await store.AppendAsync(raw, e.EventTime, EventDigest.Compute(raw));
            }

            await store.CompactAsync(projection: null);
            await StoreEvents.AppendSmallAsync(store, 5);

            var events = await store.ReadAsync().Select(e => new StoredDigest(e.Sequence, e.Digest)).ToListAsync();
            var digests = await ((ILineageStore)store).ReadDigestsAsync().ToListAsync();

            Assert.True(store.Lake.EventsThrough >= 12);
            Assert.Equal(17, digests.Count);
            Assert.Equal(events, digests);
            Assert.Equal(events.Skip(9).Take(5), await ((ILineageStore)store).ReadDigestsAsync(10, 14).ToListAsync());
        }
    }

    private static async Task<List<StoredEvent>> ReadAllAsync(string folder)
    {
        await using var store = FileLineageStore.Open(folder, new FileLineageStoreOptions { ReadOnly = true });
        return await store.ReadAsync().ToListAsync();
    }

    // Writes a segment by hand, with chosen batch starts, to stage what a crash in the middle of a group commit leaves.
    private static string WriteSegment(string folder, (long Sequence, long BatchStart)[] records)
    {
        var events = Path.Combine(folder, "events");
        Directory.CreateDirectory(events);
        var path = Path.Combine(events, RecordFormat.SegmentFileName(1));
        using var file = new FileStream(path, FileMode.CreateNew);
        var header = new byte[RecordFormat.SegmentHeaderSize];
        RecordFormat.WriteSegmentHeader(header, 1);
        file.Write(header);
        foreach (var (sequence, batchStart) in records)
        {
            var raw = StoreEvents.Small((int)sequence);
            var record = new byte[RecordFormat.RecordSize(raw.Length)];
            RecordFormat.Write(record, new RecordHeader(sequence, batchStart, 0, 0, EventDigest.None), raw);
            file.Write(record);
        }

        return path;
    }
}

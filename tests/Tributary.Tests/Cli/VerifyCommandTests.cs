using System.Buffers.Binary;
using Tributary.Storage;
using Tributary.Tests.Storage;
using Tributary.Tests.Support;

namespace Tributary.Tests.Cli;

public sealed class VerifyCommandTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Verify_reads_every_event_of_the_lake_and_the_log_and_finds_damage_that_the_segment_indexes_do_not_show()
    {
        var folder = _temp.Combine("store");
        await using (var store = EmbeddedLineageStore.Open(folder, new FileLineageStoreOptions { SegmentBytes = 4096 }))
        {
            await StoreEvents.AppendSmallAsync(store, 120);
            await store.CompactAsync(null);
            await StoreEvents.AppendSmallAsync(store, 80, first: 120);
        }

        var intact = await CliRunner.RunAsync("verify", "--store", folder);

        // A byte of an event in a sealed segment changes while the segment keeps its length and time (as bit rot would):
        // opening the store still takes the segment's index as it is, so only reading the event finds it.
        var segments = Directory.GetFiles(Path.Combine(folder, "events"), "*.tlog").Order(StringComparer.Ordinal).ToList();
        Assert.True(segments.Count > 2, $"{segments.Count} segments");
        await StoreEvents.RotAsync(segments[1]);
        await using (var reopened = EmbeddedLineageStore.Open(folder))
        {
            Assert.Equal(200, reopened.Count);
        }

        var damaged = await CliRunner.RunAsync("verify", "--store", folder);

        // An index that matches its segment's file but holds another digest for an event (its own checksum made good).
        await File.WriteAllBytesAsync(segments[1], (await File.ReadAllBytesAsync(segments[1])).AsSpan().ToArray());
        await StoreEvents.RotAsync(segments[1]); // the bit flipped back, the time put back again
        var index = Path.ChangeExtension(segments[2], ".tidx");
        var entries = await File.ReadAllBytesAsync(index);
        entries[48 + 16 + 5] ^= 0x01; // the first event's digest
        BinaryPrimitives.WriteUInt32LittleEndian(entries.AsSpan(entries.Length - 4), Crc32C.Append(~0u, entries.AsSpan(0, entries.Length - 4)));
        await File.WriteAllBytesAsync(index, entries);
        var wrongIndex = await CliRunner.RunAsync("verify", "--store", folder);
        var firstInThird = long.Parse(Path.GetFileNameWithoutExtension(segments[2]), System.Globalization.CultureInfo.InvariantCulture);
        var missing = await CliRunner.RunAsync("verify", "--store", _temp.Combine("nothing-here"));

        Assert.Equal(0, intact.ExitCode);
        Assert.Matches(@"^verified .*: 200 events \(#1-#200\), [0-9.]+ MB, every record's checksum, order and digest as stored; no graph checkpoint, in [0-9.]+ s", intact.Output);
        Assert.Equal(1, damaged.ExitCode);
        Assert.Contains($"tributary verify: The event store is damaged in {segments[1]}", damaged.Error, StringComparison.Ordinal);
        Assert.Equal(1, wrongIndex.ExitCode);
        Assert.Contains($"the digest kept for event #{firstInThird} (a segment's index or the lake's digest column) is not the one stored with the event", wrongIndex.Error, StringComparison.Ordinal);
        Assert.Equal((1, ""), (missing.ExitCode, missing.Output));
        Assert.Contains("no lineage store at", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_checks_the_graph_checkpoint_and_finds_one_damaged_or_written_from_another_store()
    {
        var events = TestData.PathOf("openlineage", "events", "compatibility-tests", "consumer", "CLL", "events");
        var folder = _temp.Combine("store");
        var other = _temp.Combine("other");
        Assert.Equal(0, (await CliRunner.RunAsync("ingest", events, "--store", folder)).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync("ingest", Path.Combine(events, "3.json"), Path.Combine(events, "4.json"), "--store", other)).ExitCode);
        var checkpoint = Path.Combine(folder, "graph.checkpoint");
        var good = await File.ReadAllBytesAsync(checkpoint);

        var intact = await CliRunner.RunAsync("verify", "--store", folder);
        var damaged = good.ToArray();
        damaged[good.Length / 2] ^= 0x40;
        await File.WriteAllBytesAsync(checkpoint, damaged);
        var rotten = await CliRunner.RunAsync("verify", "--store", folder);
        File.Copy(Path.Combine(other, "graph.checkpoint"), checkpoint, overwrite: true);
        var foreign = await CliRunner.RunAsync("verify", "--store", folder);

        Assert.Equal(0, intact.ExitCode);
        Assert.Matches(@"^verified .*: 9 events \(#1-#9\), [0-9.]+ MB, every record's checksum, order and digest as stored; the graph checkpoint \(through #9\) as written, in [0-9.]+ s", intact.Output);
        Assert.Equal(1, rotten.ExitCode);
        Assert.Contains($"the graph checkpoint {checkpoint} is damaged (the checkpoint's checksum does not match its contents (corrupt)); no event is affected", rotten.Error, StringComparison.Ordinal);
        Assert.Equal(1, foreign.ExitCode);
        Assert.Contains($"the graph checkpoint {checkpoint} was not written from this store's events (it ends at event #2, which is another event here)", foreign.Error, StringComparison.Ordinal);

        // Verify changed nothing: the foreign checkpoint is still there, byte for byte.
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(other, "graph.checkpoint")), await File.ReadAllBytesAsync(checkpoint));
    }
}

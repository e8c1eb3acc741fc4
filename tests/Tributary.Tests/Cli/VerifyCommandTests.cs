using System.Buffers.Binary;
using Tributary.Storage;
using Tributary.Tests.Storage;

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
        Assert.Matches(@"^verified .*: 200 events \(#1-#200\), [0-9.]+ MB, every record's checksum, order and digest as stored, in [0-9.]+ s", intact.Output);
        Assert.Equal(1, damaged.ExitCode);
        Assert.Contains($"tributary verify: The event store is damaged in {segments[1]}", damaged.Error, StringComparison.Ordinal);
        Assert.Equal(1, wrongIndex.ExitCode);
        Assert.Contains($"the digest kept for event #{firstInThird} (a segment's index or the lake's digest column) is not the one stored with the event", wrongIndex.Error, StringComparison.Ordinal);
        Assert.Equal((1, ""), (missing.ExitCode, missing.Output));
        Assert.Contains("no lineage store at", missing.Error, StringComparison.Ordinal);
    }
}

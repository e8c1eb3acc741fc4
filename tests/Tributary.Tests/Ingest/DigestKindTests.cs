using System.Text;
using Tributary.Ingest;
using Tributary.Json;
using Tributary.Storage;
using Tributary.Tests.Storage;

namespace Tributary.Tests.Ingest;

/// <summary>
/// Which digest the ingest door deduplicates by: XXH3 for a new store, confirmed against the original before anything
/// is called a duplicate; SHA-256 for a store an earlier version wrote and for one that deduplicates by digest itself.
/// </summary>
public sealed class DigestKindTests
{
    private static readonly byte[] Compact = StoreEvents.Small(7);

    // The same event with other whitespace and another order of its properties: the same canonical form.
    private static readonly byte[] Reformatted = Encoding.UTF8.GetBytes(
        """
        { "producer": "https://example.com/tests", "eventTime": "2024-05-01T10:00:07Z", "eventType": "COMPLETE",
          "run": { "runId": "018f3a2c-0000-7000-8000-000000000007" }, "job": { "name": "job-7", "namespace": "tests" },
          "inputs": [ { "name": "public.orders", "namespace": "postgres://db:5432" } ], "outputs": [],
          "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent" }
        """);

    [Fact]
    public async Task A_new_store_gets_xxhash_digests_and_still_finds_the_same_event_however_formatted()
    {
        await using var store = new InMemoryLineageStore();
        var ingestor = await LineageIngestor.OpenAsync(store);

        var first = await ingestor.IngestAsync(Compact);
        var again = await ingestor.IngestAsync(Reformatted);
        var both = await ingestor.IngestManyAsync(Encoding.UTF8.GetBytes($"[{Encoding.UTF8.GetString(StoreEvents.Small(8))},{Encoding.UTF8.GetString(StoreEvents.Small(8))}]"));

        Assert.Equal(IngestOutcome.Accepted, first.Outcome);
        Assert.Equal(IngestOutcome.Duplicate, again.Outcome);
        Assert.Equal(first.Sequence, again.Sequence);
        Assert.Equal((1, 1), (both.Accepted, both.Duplicates));
        var stored = await ReadAllAsync(store);
        Assert.Equal(2, stored.Count);
        Assert.All(stored, e => Assert.True(e.Digest.IsXxHash128, e.Digest.ToString()));
        Assert.Equal(EventDigest.ComputeXxHash128(Canonical(Compact)), stored[0].Digest);
    }

    [Fact]
    public async Task A_store_an_earlier_version_wrote_keeps_sha256_so_what_it_holds_is_still_found()
    {
        await using var store = new InMemoryLineageStore();
        await store.AppendAsync(Compact, StoreEvents.TimeOf(7), EventDigest.Compute(Canonical(Compact)));
        var ingestor = await LineageIngestor.OpenAsync(store);

        var again = await ingestor.IngestAsync(Reformatted);
        var next = await ingestor.IngestAsync(StoreEvents.Small(8));

        Assert.Equal((IngestOutcome.Duplicate, 1L), (again.Outcome, again.Sequence));
        Assert.Equal(IngestOutcome.Accepted, next.Outcome);
        var stored = await ReadAllAsync(store);
        Assert.Equal(EventDigest.Compute(Canonical(StoreEvents.Small(8))), stored[1].Digest);
        Assert.False(stored[1].Digest.IsXxHash128);
    }

    [Fact]
    public async Task A_new_store_keeps_xxhash_after_an_event_is_appended_to_it_directly_with_a_sha256()
    {
        await using var store = new InMemoryLineageStore();
        var first = await LineageIngestor.OpenAsync(store);
        await first.IngestAsync(Compact);
        await store.AppendAsync(LineageJson.Deserialize(StoreEvents.Small(8)));

        var reopened = await LineageIngestor.OpenAsync(store);
        var again = await reopened.IngestAsync(Reformatted);

        Assert.False((await ReadAllAsync(store))[1].Digest.IsXxHash128);
        Assert.Equal((IngestOutcome.Duplicate, 1L), (again.Outcome, again.Sequence));
    }

    [Fact]
    public async Task A_store_that_deduplicates_by_digest_itself_gets_sha256_even_when_new()
    {
        await using var store = new FlakyStore { ByDigest = true };
        var ingestor = await LineageIngestor.OpenAsync(store);

        await ingestor.IngestAsync(Compact);

        var stored = await ReadAllAsync(store);
        Assert.Equal(EventDigest.Compute(Canonical(Compact)), stored.Single().Digest);
    }

    [Fact]
    public async Task An_event_whose_digest_names_a_different_stored_event_is_stored_not_called_its_duplicate()
    {
        // What a crafted collision looks like to the door: the record of another event under this event's digest.
        await using var store = new InMemoryLineageStore();
        var other = StoreEvents.Small(8);
        await store.AppendAsync(other, StoreEvents.TimeOf(8), EventDigest.ComputeXxHash128(Canonical(Compact)));
        var ingestor = await LineageIngestor.OpenAsync(store);

        var result = await ingestor.IngestAsync(Compact);

        Assert.Equal((IngestOutcome.Accepted, 2L), (result.Outcome, result.Sequence));
        var stored = await ReadAllAsync(store);
        Assert.Equal([other, Compact], stored.Select(e => e.Raw.ToArray()));
    }

    [Fact]
    public async Task A_true_copy_of_a_stored_event_is_confirmed_against_the_original_and_answered_as_its_duplicate()
    {
        using var temp = new TempFolder();
        await using (var first = EmbeddedLineageStore.Open(temp.Path))
        {
            var ingestor = await LineageIngestor.OpenAsync(first);
            Assert.Equal(IngestOutcome.Accepted, (await ingestor.IngestAsync(Compact)).Outcome);
        }

        // Reopened: the digest is found among the stored ones, and the original is read back to compare.
        await using var store = EmbeddedLineageStore.Open(temp.Path);
        var reopened = await LineageIngestor.OpenAsync(store);
        var again = await reopened.IngestAsync(Reformatted);

        Assert.Equal((IngestOutcome.Duplicate, 1L), (again.Outcome, again.Sequence));
        Assert.Equal(1, store.Count);
    }

    [Fact]
    public async Task Events_sent_again_far_apart_in_the_store_are_all_found_whether_as_the_same_bytes_or_reformatted()
    {
        await using var store = new InMemoryLineageStore();
        var ingestor = await LineageIngestor.OpenAsync(store);
        var first = await ingestor.IngestManyAsync(Encoding.UTF8.GetBytes(string.Join('\n', Enumerable.Range(0, 1_600).Select(n => Encoding.UTF8.GetString(StoreEvents.Small(n))))));
        Assert.Equal(1_600, first.Accepted);

        // Three runs of the store, hundreds of events apart; every other event with spaces after its colons.
        int[] again = [.. Enumerable.Range(0, 100), .. Enumerable.Range(700, 100), .. Enumerable.Range(1_500, 100)];
        var lines = again.Select(n => Encoding.UTF8.GetString(StoreEvents.Small(n)) is var line && n % 2 == 1 ? line.Replace("\":", "\": ", StringComparison.Ordinal) : line);
        var results = new List<IngestResult>();
        var summary = await ingestor.IngestManyAsync(Encoding.UTF8.GetBytes(string.Join('\n', lines)), results.Add);

        Assert.Equal((0, again.Length), (summary.Accepted, summary.Duplicates));
        Assert.Equal(again.Select(n => n + 1L), results.Select(r => r.Sequence));
        Assert.Equal(1_600, store.Count);
    }

    [Fact]
    public async Task A_batch_whose_duplicate_cannot_be_confirmed_fails_and_its_new_events_go_in_when_sent_again()
    {
        await using var store = new FlakyStore();
        var ingestor = await LineageIngestor.OpenAsync(store);
        await ingestor.IngestAsync(Compact);

        // The original cannot be read back: the batch fails as a whole, and nothing of it is stored.
        store.Unreadable = true;
        var batch = Encoding.UTF8.GetBytes($"[{Encoding.UTF8.GetString(Reformatted)},{Encoding.UTF8.GetString(StoreEvents.Small(8))}]");
        await Assert.ThrowsAsync<IOException>(() => ingestor.IngestManyAsync(batch));
        Assert.Equal(1, store.Count);

        store.Unreadable = false;
        var again = await ingestor.IngestManyAsync(batch);

        Assert.Equal((1, 1), (again.Accepted, again.Duplicates));
        Assert.Equal(2, store.Count);
    }

    private static byte[] Canonical(byte[] raw) => LineageJson.SerializeToUtf8Bytes(LineageNormalizer.Normalize(LineageJson.Deserialize(raw)));

    private static async Task<List<StoredEvent>> ReadAllAsync(ILineageStore store)
    {
        var all = new List<StoredEvent>();
        await foreach (var e in store.ReadAsync())
        {
            all.Add(e);
        }

        return all;
    }
}

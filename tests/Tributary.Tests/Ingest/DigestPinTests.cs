using Tributary.Ingest;
using Tributary.Storage;
using Tributary.Tests.Json;
using Tributary.Tests.Support;

namespace Tributary.Tests.Ingest;

/// <summary>
/// The dedup digest is part of the store's format: stores written by earlier versions hold it in every record, and a
/// resent event is a duplicate only if today's door computes the same bytes. <c>digest-pins.tsv</c> holds the digests
/// the door of 2026-12-04 (commit 2ec8ccc, before the issue-11 door rework) computed for every real corpus event it
/// accepts; any change to reading, normalising or writing the canonical form that moves one of them fails here. Those
/// are SHA-256 digests, which the door goes on computing for a store that holds them (a new store gets XXH3 digests of
/// the same canonical form): each test's store starts with one record an earlier version wrote.
/// </summary>
public sealed class DigestPinTests
{
    public static TheoryData<string> PinnedFiles()
    {
        var data = new TheoryData<string>();
        foreach (var (path, _) in Pins())
        {
            data.Add(path);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PinnedFiles))]
    public async Task A_corpus_event_gets_the_digest_earlier_versions_stored(string path)
    {
        var expected = Pins().Single(p => p.Path == path).Digests;
        var bytes = await File.ReadAllBytesAsync(EventCorpus.Resolve(path));

        await using var store = new InMemoryLineageStore();
        await WrittenBeforeAsync(store);
        var ingestor = await LineageIngestor.OpenAsync(store);
        var summary = await ingestor.IngestManyAsync(bytes);

        var digests = new List<string>();
        await foreach (var stored in store.ReadAsync(2))
        {
            digests.Add(stored.Digest.ToString());
        }

        Assert.Equal(expected.Length, summary.Accepted);
        Assert.Equal(expected, digests);
    }

    [Fact]
    public async Task Every_pinned_event_read_from_a_stream_into_a_file_store_keeps_its_digest_and_its_bytes()
    {
        using var temp = new Storage.TempFolder();
        var expected = new List<string>();
        var raws = new List<byte[]>();
        using var ndjson = new MemoryStream();
        foreach (var (path, digests) in Pins())
        {
            var bytes = await File.ReadAllBytesAsync(EventCorpus.Resolve(path));
            if (digests.Length != 1)
            {
                continue;
            }

            // NDJSON needs one event per line: the compact form has the same digest, and is what is stored.
            var compact = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(System.Text.Json.JsonDocument.Parse(bytes).RootElement);
            ndjson.Write(compact);
            ndjson.WriteByte((byte)'\n');
            raws.Add(compact);
            expected.Add(digests[0]);
        }

        ndjson.Position = 0;
        await using (var store = FileLineageStore.Open(temp.Combine("store")))
        {
            await WrittenBeforeAsync(store);
            var ingestor = await LineageIngestor.OpenAsync(store);
            var summary = await ingestor.IngestManyAsync(ndjson);
            Assert.Equal(expected.Count, summary.Accepted + summary.Duplicates);
        }

        await using (var reopened = FileLineageStore.Open(temp.Combine("store")))
        {
            var i = 0;
            foreach (var stored in reopened.Read(2))
            {
                // Duplicates within the corpus (the same event in two files) are stored once: skip to the next match.
                while (expected[i] != stored.Digest.ToString())
                {
                    i++;
                }

                Assert.Equal(raws[i], stored.Raw.ToArray());
                i++;
            }
        }
    }

    // One event as a version before 2026-12-07 stored it, with the SHA-256 of its canonical form.
    internal static Task WrittenBeforeAsync(ILineageStore store)
    {
        var raw = Storage.StoreEvents.Small(999_999);
        var canonical = global::Tributary.Json.LineageJson.SerializeToUtf8Bytes(LineageNormalizer.Normalize(global::Tributary.Json.LineageJson.Deserialize(raw)));
        return store.AppendAsync(raw, Storage.StoreEvents.TimeOf(999_999), EventDigest.Compute(canonical)).AsTask();
    }

    private static List<(string Path, string[] Digests)> Pins()
    {
        var list = new List<(string, string[])>();
        foreach (var line in File.ReadAllLines(Path.Combine(TestData.Repository, "tests", "Tributary.Tests", "Ingest", "digest-pins.tsv")))
        {
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            list.Add((line[..tab], line[(tab + 1)..].Split(',')));
        }

        return list;
    }
}

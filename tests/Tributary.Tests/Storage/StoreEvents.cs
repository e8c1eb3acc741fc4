using System.Text;
using Tributary.Storage;
using Tributary.Tests.Support;

namespace Tributary.Tests.Storage;

/// <summary>Event bytes for store tests: small synthetic ones and the real compatibility-test corpus.</summary>
public static class StoreEvents
{
    /// <summary>A small, valid run event whose content depends on <paramref name="n"/>, with its exact bytes.</summary>
    public static byte[] Small(int n, string datasetNamespace = "postgres://db:5432") => Encoding.UTF8.GetBytes(
        $$"""{"eventType":"COMPLETE","eventTime":"2024-05-01T10:{{n / 60 % 60:D2}}:{{n % 60:D2}}Z","run":{"runId":"018f3a2c-0000-7000-8000-{{n:D12}}"},"job":{"namespace":"tests","name":"job-{{n}}"},"inputs":[{"namespace":"{{datasetNamespace}}","name":"public.orders"}],"outputs":[],"producer":"https://example.com/tests","schemaURL":"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent"}""");

    /// <summary>The time encoded in <see cref="Small"/>.</summary>
    public static DateTimeOffset TimeOf(int n) => new(2024, 5, 1, 10, n / 60 % 60, n % 60, TimeSpan.Zero);

    /// <summary>Every file of the OpenLineage compatibility-test consumer corpus, sorted.</summary>
    public static IReadOnlyList<string> CorpusFiles() =>
        [.. Directory.EnumerateFiles(TestData.PathOf("openlineage", "events", "compatibility-tests", "consumer"), "*.json", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)];

    /// <summary>Appends <paramref name="count"/> small events one at a time (each its own group commit).</summary>
    public static async Task AppendSmallAsync(ILineageStore store, int count, int first = 0)
    {
        for (var i = first; i < first + count; i++)
        {
            await store.AppendAsync(Small(i), TimeOf(i), EventDigest.Compute(Small(i)));
        }
    }

    /// <summary>The single segment file of a store that has not rolled.</summary>
    public static string OnlySegment(string storeFolder) => Directory.GetFiles(Path.Combine(storeFolder, "events"), "*.tlog").Single();

    /// <summary>
    /// Flips a bit inside the first event of <paramref name="segment"/> and puts its last-write time back, as bit rot
    /// would change it: nothing that looks only at the file's length and time can notice.
    /// </summary>
    public static async Task RotAsync(string segment)
    {
        var written = File.GetLastWriteTimeUtc(segment);
        var bytes = await File.ReadAllBytesAsync(segment);
        bytes[RecordFormat.SegmentHeaderSize + RecordFormat.PrefixSize + RecordFormat.BodyHeaderSize + 3] ^= 0x20;
        await File.WriteAllBytesAsync(segment, bytes);
        File.SetLastWriteTimeUtc(segment, written);
    }

    /// <summary>Copies a store folder, so one written store can be damaged in many ways.</summary>
    public static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}

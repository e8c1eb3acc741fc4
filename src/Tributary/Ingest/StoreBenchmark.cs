using System.Diagnostics;
using System.Text;
using Tributary.Storage;

namespace Tributary.Ingest;

/// <summary>
/// The macro measurements of ingest and the embedded store, shared by the BenchmarkDotNet suite and
/// <c>tributary bench</c>: durable ingest throughput with concurrent producers, batch import throughput, and the
/// time to reopen a store and replay it into a listener.
/// </summary>
internal static class StoreBenchmark
{
    /// <summary>
    /// Ingests <paramref name="events"/> into a new file store in <paramref name="directory"/> from
    /// <paramref name="concurrency"/> producers, each sending one event at a time and waiting for it to be durable.
    /// </summary>
    public static async Task<StoreBenchmarkResult> MeasureIngestAsync(string directory, IReadOnlyList<byte[]> events, int concurrency, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        await using var store = FileLineageStore.Open(directory);
        var ingestor = await LineageIngestor.OpenAsync(store, cancellationToken: cancellationToken).ConfigureAwait(false);
        var next = -1;
        var clock = Stopwatch.StartNew();
        var producers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < events.Count)
            {
                await ingestor.IngestAsync(events[i], cancellationToken).ConfigureAwait(false);
            }
        }, cancellationToken));
        await Task.WhenAll(producers).ConfigureAwait(false);
        return new StoreBenchmarkResult($"ingest, {concurrency} producers", events.Count, clock.Elapsed);
    }

    /// <summary>Imports <paramref name="events"/> as one NDJSON batch into a new file store in <paramref name="directory"/>.</summary>
    public static async Task<StoreBenchmarkResult> MeasureBatchIngestAsync(string directory, IReadOnlyList<byte[]> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        var content = Ndjson(events);
        await using var store = FileLineageStore.Open(directory);
        var ingestor = await LineageIngestor.OpenAsync(store, cancellationToken: cancellationToken).ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        await ingestor.IngestManyAsync(content, cancellationToken: cancellationToken).ConfigureAwait(false);
        return new StoreBenchmarkResult("ingest, one NDJSON batch", events.Count, clock.Elapsed);
    }

    /// <summary>Appends raw events straight into the store (no parsing), from <paramref name="concurrency"/> appenders.</summary>
    public static async Task<StoreBenchmarkResult> MeasureAppendAsync(string directory, IReadOnlyList<byte[]> events, int concurrency, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        await using var store = FileLineageStore.Open(directory);
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < events.Count)
            {
                await store.AppendAsync(events[i], DateTimeOffset.UnixEpoch, EventDigest.None, cancellationToken).ConfigureAwait(false);
            }
        }, cancellationToken))).ConfigureAwait(false);
        return new StoreBenchmarkResult($"store append, {concurrency} appenders", events.Count, clock.Elapsed);
    }

    /// <summary>
    /// Reopens the store in <paramref name="directory"/>: verifies every record, loads the digests, and replays every
    /// event (parsed and normalised) into a listener that only counts, as the graph's rebuild would.
    /// </summary>
    public static async Task<StoreBenchmarkResult> MeasureReopenAsync(string directory, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        await using var store = FileLineageStore.Open(directory);
        var ingestor = await LineageIngestor.OpenAsync(store, cancellationToken: cancellationToken).ConfigureAwait(false);
        long count = 0;
        using (await ingestor.SubscribeAsync(_ => count++, replay: true, cancellationToken).ConfigureAwait(false))
        {
            return new StoreBenchmarkResult("reopen and replay", count, clock.Elapsed);
        }
    }

    /// <summary>Small, distinct, valid run events like the ones integrations send, as UTF-8 JSON.</summary>
    public static List<byte[]> SyntheticEvents(int count)
    {
        var events = new List<byte[]>(count);
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < count; i++)
        {
            var time = start.AddSeconds(i).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
            events.Add(Encoding.UTF8.GetBytes(
                $$"""{"eventType":"COMPLETE","eventTime":"{{time}}","run":{"runId":"{{new Guid(i, 0, 0x7000, [0x80, 0, 0, 0, 0, 0, 0, 1])}}"},"job":{"namespace":"bench","name":"job-{{i % 1000}}"},"inputs":[{"namespace":"postgres://db:5432","name":"public.source_{{i % 3000}}"}],"outputs":[{"namespace":"postgres://db:5432","name":"public.target_{{i % 3000}}"}],"producer":"https://github.com/tributary/bench","schemaURL":"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent"}"""));
        }

        return events;
    }

    private static byte[] Ndjson(IReadOnlyList<byte[]> events)
    {
        var content = new byte[events.Sum(e => e.Length + 1)];
        var at = 0;
        foreach (var e in events)
        {
            e.CopyTo(content, at);
            at += e.Length;
            content[at++] = (byte)'\n';
        }

        return content;
    }
}

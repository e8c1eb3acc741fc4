using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Tributary.Ingest;
using Tributary.Json;
using Tributary.Storage;

namespace Tributary.Benchmarks;

/// <summary>
/// The ingest door's own cost, with no disk: every real concrete corpus event (repeated to <see cref="Copies"/> copies,
/// each made distinct by its run id, so none is a duplicate) and as many small synthetic events, as NDJSON through
/// <see cref="LineageIngestor.IngestManyAsync(ReadOnlyMemory{byte}, Action{IngestResult}?, CancellationToken)"/> into an
/// in-memory store: parse, validate, normalise, digest, deduplicate, append, on every core. Beside it, the ceiling:
/// <c>JsonDocument.Parse</c> of the same events on every core. The memory diagnoser gives what the door allocates per
/// invocation (divide by the events), the threading diagnoser its lock contentions and thread-pool work items. The
/// corpus also goes through the door as JSON arrays of 100 events, one call each, as <c>POST /api/v1/lineage/batch</c>
/// hands a request's body to it.
/// </summary>
[MemoryDiagnoser]
[ThreadingDiagnoser]
[GroupBenchmarksBy(BenchmarkDotNet.Configs.BenchmarkLogicalGroupRule.ByCategory)]
public class DoorBenchmarks
{
    private byte[] _corpus = [];
    private byte[] _small = [];
    private List<(int Start, int Length)> _corpusLines = [];
    private List<(int Start, int Length)> _smallLines = [];
    private List<byte[]> _corpusBatches = [];

    /// <summary>How many times the corpus is repeated (each copy with new run ids).</summary>
    [Params(40)]
    public int Copies { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var events = BenchmarkData.CorpusEvents().Where(r => r.Event is Model.RunEvent).Select(r => r.Raw.ToArray()).ToList();

        // The corpus holds some events in more than one folder: each distinct event once per copy.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        events = [.. events.Where(e => seen.Add(Encoding.UTF8.GetString(Compact(e, 0))))];
        var corpus = new List<byte[]>(events.Count * Copies);
        for (var copy = 0; copy < Copies; copy++)
        {
            foreach (var e in events)
            {
                corpus.Add(Compact(e, copy));
            }
        }

        (_corpus, _corpusLines) = Ndjson(corpus);
        (_small, _smallLines) = Ndjson(StoreBenchmark.SyntheticEvents(corpus.Count));
        _corpusBatches = [.. corpus.Chunk(100).Select(JsonArray)];
        Console.WriteLine($"// door: {corpus.Count} corpus run events ({_corpus.Length / corpus.Count} B each), {corpus.Count} small ({_small.Length / corpus.Count} B each)");
    }

    [BenchmarkCategory("corpus")]
    [Benchmark(Baseline = true, Description = "corpus: JsonDocument.Parse, all cores (ceiling)")]
    public int ParseCorpus() => ParseAll(_corpus, _corpusLines);

    [BenchmarkCategory("corpus")]
    [Benchmark(Description = "corpus: the ingest door")]
    public Task<int> DoorCorpus() => IngestAsync(_corpus);

    [BenchmarkCategory("corpus")]
    [Benchmark(Description = "corpus: the ingest door, JSON arrays of 100")]
    public async Task<int> DoorCorpusBatches()
    {
        await using var store = new InMemoryLineageStore();
        var ingestor = await LineageIngestor.OpenAsync(store);
        var accepted = 0;
        foreach (var batch in _corpusBatches)
        {
            accepted += Checked(await ingestor.IngestManyAsync(batch));
        }

        return accepted;
    }

    [BenchmarkCategory("small")]
    [Benchmark(Baseline = true, Description = "small: JsonDocument.Parse, all cores (ceiling)")]
    public int ParseSmall() => ParseAll(_small, _smallLines);

    [BenchmarkCategory("small")]
    [Benchmark(Description = "small: the ingest door")]
    public Task<int> DoorSmall() => IngestAsync(_small);

    private static async Task<int> IngestAsync(byte[] ndjson)
    {
        await using var store = new InMemoryLineageStore();
        var ingestor = await LineageIngestor.OpenAsync(store);
        return Checked(await ingestor.IngestManyAsync(ndjson));
    }

    private static int Checked(IngestSummary summary) => summary.Rejected.Count == 0 && summary.Duplicates == 0
        ? summary.Accepted
        : throw new InvalidOperationException($"the benchmark's events must all be new and valid: {summary}");

    private static int ParseAll(byte[] content, List<(int Start, int Length)> lines)
    {
        var properties = 0;
        Parallel.For(0, lines.Count, () => 0, (i, _, local) =>
        {
            using var document = JsonDocument.Parse(content.AsMemory(lines[i].Start, lines[i].Length));
            return local + document.RootElement.GetPropertyCount();
        }, local => Interlocked.Add(ref properties, local));
        return properties;
    }

    // One line per event, with a run id of its own per copy so that no copy is a duplicate of another.
    private static byte[] Compact(byte[] raw, int copy)
    {
        using var document = JsonDocument.Parse(raw);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            document.RootElement.WriteTo(writer);
        }

        var text = Encoding.UTF8.GetString(buffer.ToArray());
        var runId = document.RootElement.GetProperty("run").GetProperty("runId").GetString()!;
        return Encoding.UTF8.GetBytes(text.Replace(runId, new Guid(copy + 1, (short)(runId.GetHashCode() & 0x7fff), 0x7000, [0x80, 0, 0, 0, 0, 0, 0, 1]).ToString(), StringComparison.Ordinal));
    }

    private static byte[] JsonArray(byte[][] events)
    {
        using var content = new MemoryStream();
        content.WriteByte((byte)'[');
        for (var i = 0; i < events.Length; i++)
        {
            if (i > 0)
            {
                content.WriteByte((byte)',');
            }

            content.Write(events[i]);
        }

        content.WriteByte((byte)']');
        return content.ToArray();
    }

    private static (byte[] Content, List<(int Start, int Length)> Lines) Ndjson(IReadOnlyList<byte[]> events)
    {
        using var content = new MemoryStream();
        var lines = new List<(int, int)>(events.Count);
        foreach (var e in events)
        {
            lines.Add(((int)content.Length, e.Length));
            content.Write(e);
            content.WriteByte((byte)'\n');
        }

        return (content.ToArray(), lines);
    }
}

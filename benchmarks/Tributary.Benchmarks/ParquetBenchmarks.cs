using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Tributary.Export;
using Tributary.Graph;
using Tributary.Ingest;
using Tributary.Json;
using Tributary.Storage;
using Tributary.Storage.Lake;
using Tributary.Storage.Parquet;

namespace Tributary.Benchmarks;

/// <summary>
/// The Parquet lake beside NDJSON for the same events: writing (with fsync) and reading them all back. Each
/// invocation handles <see cref="Events"/> events, so rows/s = Events / mean time and MB/s = the sizes printed at
/// setup / mean time. The codec alone (events table to and from memory, Snappy) is measured too.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
[MemoryDiagnoser]
public class ParquetBenchmarks
{
    private StoredEvent[] _events = [];
    private LineageGraph _graph = new();
    private string _root = "";
    private string _readLake = "";
    private string _readNdjson = "";
    private byte[] _parquetFile = [];

    /// <summary>Events per invocation.</summary>
    [Params(100_000)]
    public int Events { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var raw = StoreBenchmark.SyntheticEvents(Events);
        var ingested = DateTimeOffset.UtcNow;
        _events = [.. raw.Select((bytes, i) =>
        {
            var parsed = LineageJson.Deserialize(bytes);
            _graph.Apply(parsed);
            return new StoredEvent(i + 1, ingested, parsed.EventTime, EventDigest.Compute(bytes), bytes);
        })];
        _root = Path.Combine(Path.GetTempPath(), "tributary-bench", Guid.NewGuid().ToString("N"));
        _readLake = Path.Combine(_root, "read-lake");
        _readNdjson = Path.Combine(_root, "read.ndjson");
        new LineageMetadataRepository(_readLake).WriteAsync(_events, null).GetAwaiter().GetResult();
        WriteNdjson(_readNdjson);
        _parquetFile = EventsToParquet();
        var lakeBytes = Directory.EnumerateFiles(Path.Combine(_readLake, "lineage_events"), "*.parquet", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        Console.WriteLine($"// sizes: {Events} events; NDJSON {new FileInfo(_readNdjson).Length / 1e6:F1} MB; lake events {lakeBytes / 1e6:F1} MB (Snappy); raw JSON {_events.Sum(e => (long)e.Raw.Length) / 1e6:F1} MB");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _graph.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [Benchmark(Description = "lake write: events only (Snappy, fsync)")]
    public Task LakeWriteEvents() => new LineageMetadataRepository(Fresh()).WriteAsync(_events, null);

    [Benchmark(Description = "lake write: events + operations, nodes, relationships")]
    public Task LakeWriteWithProjections() => new LineageMetadataRepository(Fresh()).WriteAsync(_events, new LakeProjectionExporter(_graph));

    [Benchmark(Description = "NDJSON write (fsync)", Baseline = true)]
    public void NdjsonWrite() => WriteNdjson(Fresh() + ".ndjson");

    [Benchmark(Description = "lake read: all events")]
    public async Task<long> LakeReadEvents()
    {
        long bytes = 0;
        await foreach (var stored in new LineageMetadataRepository(_readLake).ReadEventsAsync())
        {
            bytes += stored.Raw.Length;
        }

        return bytes;
    }

    [Benchmark(Description = "NDJSON read: all events")]
    public long NdjsonRead()
    {
        long bytes = 0;
        var content = File.ReadAllBytes(_readNdjson).AsMemory();
        while (!content.IsEmpty)
        {
            var end = content.Span.IndexOf((byte)'\n');
            var line = end < 0 ? content : content[..end];
            bytes += line.ToArray().Length;
            content = end < 0 ? default : content[(end + 1)..];
        }

        return bytes;
    }

    [Benchmark(Description = "lake read: one hour of events (pruned)")]
    public async Task<int> LakeReadHour()
    {
        var from = new DateTimeOffset(2024, 1, 1, 12, 0, 0, TimeSpan.Zero);
        var count = 0;
        await foreach (var _ in new LineageMetadataRepository(_readLake).ReadEventsAsync(from, from.AddHours(1)))
        {
            count++;
        }

        return count;
    }

    [Benchmark(Description = "codec: write events table to memory")]
    public int CodecWrite() => EventsToParquet().Length;

    [Benchmark(Description = "codec: read events table from memory")]
    public long CodecRead()
    {
        using var reader = new ParquetReader(new MemoryStream(_parquetFile));
        return reader.ReadAll().Sum(g => (long)g[0].Count);
    }

    private byte[] EventsToParquet()
    {
        var schema = new ParquetSchema(
            new ParquetColumn("sequence", ParquetColumnType.Int64, IsNullable: false),
            new ParquetColumn("event_time", ParquetColumnType.Timestamp, IsNullable: false),
            new ParquetColumn("digest", ParquetColumnType.String),
            new ParquetColumn("raw", ParquetColumnType.String, IsNullable: false));
        using var buffer = new MemoryStream();
        using (var writer = new ParquetWriter(buffer, schema, leaveOpen: true))
        {
            foreach (var chunk in _events.Chunk(8192))
            {
                writer.WriteRowGroup(
                [
                    ParquetColumnData.FromInt64s(schema.Columns[0], [.. chunk.Select(e => (long?)e.Sequence)]),
                    ParquetColumnData.FromTimestamps(schema.Columns[1], [.. chunk.Select(e => (DateTimeOffset?)e.EventTime)]),
                    ParquetColumnData.FromStrings(schema.Columns[2], [.. chunk.Select(e => e.Digest.ToString())]),
                    ParquetColumnData.FromStrings(schema.Columns[3], [.. chunk.Select(e => System.Text.Encoding.UTF8.GetString(e.Raw.Span))]),
                ]);
            }

            writer.Complete();
        }

        return buffer.ToArray();
    }

    private void WriteNdjson(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        foreach (var stored in _events)
        {
            file.Write(stored.Raw.Span);
            file.WriteByte((byte)'\n');
        }

        file.Flush(flushToDisk: true);
    }

    private string Fresh() => Path.Combine(_root, Guid.NewGuid().ToString("N"));
}

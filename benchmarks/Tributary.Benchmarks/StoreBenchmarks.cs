using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Tributary.Ingest;

namespace Tributary.Benchmarks;

/// <summary>
/// Durable ingest into the embedded file store, and reopening it. Each invocation handles <see cref="Events"/>
/// events, so events/s = Events / mean time. Every iteration writes a fresh store (fsync per group commit), so these
/// run as a few monitored iterations rather than BenchmarkDotNet's usual thousands. The same measurements run
/// through <c>tributary bench</c> via <see cref="StoreBenchmark"/>.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
[MemoryDiagnoser]
public class StoreBenchmarks
{
    private List<byte[]> _events = [];
    private string _root = "";
    private string _reopenStore = "";

    /// <summary>Events per invocation.</summary>
    [Params(100_000)]
    public int Events { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _events = StoreBenchmark.SyntheticEvents(Events);
        _root = Path.Combine(Path.GetTempPath(), "tributary-bench", Guid.NewGuid().ToString("N"));
        _reopenStore = Path.Combine(_root, "reopen");
        StoreBenchmark.MeasureBatchIngestAsync(_reopenStore, _events).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_root, recursive: true);

    // Producers send one event at a time each and wait for it to be durable; they share fsyncs through group commit.
    [Benchmark(Description = "ingest, 1 producer")]
    public async Task<double> IngestOneProducer() =>
        (await StoreBenchmark.MeasureIngestAsync(FreshStore(), _events, 1)).EventsPerSecond;

    [Benchmark(Description = "ingest, 256 producers")]
    public async Task<double> IngestManyProducers() =>
        (await StoreBenchmark.MeasureIngestAsync(FreshStore(), _events, 256)).EventsPerSecond;

    [Benchmark(Description = "store append of raw bytes, 256 appenders")]
    public async Task<double> Append() =>
        (await StoreBenchmark.MeasureAppendAsync(FreshStore(), _events, 256)).EventsPerSecond;

    [Benchmark(Description = "ingest one NDJSON batch")]
    public async Task<double> BatchIngest() =>
        (await StoreBenchmark.MeasureBatchIngestAsync(FreshStore(), _events)).EventsPerSecond;

    [Benchmark(Description = "reopen, verify and replay")]
    public async Task<double> Reopen() =>
        (await StoreBenchmark.MeasureReopenAsync(_reopenStore)).EventsPerSecond;

    private string FreshStore() => Path.Combine(_root, Guid.NewGuid().ToString("N"));
}

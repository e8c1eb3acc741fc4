using BenchmarkDotNet.Attributes;
using Tributary.Model;
using Tributary.Tracking;

namespace Tributary.Benchmarks;

/// <summary>
/// The cost of tracking on the host's thread: one run with two inputs and one output (START and COMPLETE queued),
/// against a disabled tracker and a call through the [TrackLineage] proxy. Events are built and handed to a
/// transport that discards them on the tracker's background thread.
/// </summary>
[MemoryDiagnoser]
public class TrackingBenchmarks
{
    private static readonly JobId Job = new("bench", "join_prices");
    private static readonly DatasetId Orders = new("postgres://db:5432", "public.orders");
    private static readonly DatasetId Prices = new("postgres://db:5432", "public.prices");
    private static readonly DatasetId Report = new("s3://reports", "daily/summary.parquet");

    private LineageTracker _tracker = null!;
    private IBarWriter _proxy = null!;
    private readonly long[] _bars = new long[100];

    /// <summary>What the proxy benchmark calls.</summary>
    public interface IBarWriter
    {
        /// <summary>Saves bars for a symbol.</summary>
        [TrackLineage(OperationType.Write, Outputs = ["equity_bars/{symbol}"])]
        void SaveDailyBars(long[] bars, string symbol);
    }

    [GlobalSetup]
    public void Setup()
    {
        _tracker = LineageTracker.Create(new TrackerOptions { Transport = new DiscardTransport(), QueueCapacity = 1_000_000 });
        _proxy = _tracker.Wrap<IBarWriter>(new BarWriter());

        // MemoryDiagnoser counts every thread, the background consumer included; this line shows the caller's share.
        TrackRun();
        const int runs = 10_000;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < runs; i++)
        {
            TrackRun();
        }

        Console.WriteLine($"// caller thread: {(GC.GetAllocatedBytesForCurrentThread() - before) / runs} B allocated per tracked run");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _tracker.Dispose();
        Console.WriteLine($"// tracker: {_tracker.SentEvents} events sent, {_tracker.DroppedEvents} dropped on a full queue");
    }

    [Benchmark(Baseline = true, Description = "run, 2 inputs + 1 output")]
    public void TrackRun()
    {
        using var run = _tracker.StartRun(Job, OperationType.Join);
        run.AddInput(Orders).AddInput(Prices).AddOutput(Report);
        run.SetOutputRecordCount(Report, 1_000);
        run.Complete();
    }

    [Benchmark(Description = "same, disabled tracker")]
    public void TrackRunDisabled()
    {
        using var run = LineageTracker.Disabled.StartRun(Job, OperationType.Join);
        run.AddInput(Orders).AddInput(Prices).AddOutput(Report);
        run.SetOutputRecordCount(Report, 1_000);
        run.Complete();
    }

    [Benchmark(Description = "[TrackLineage] proxy call")]
    public void ProxyCall() => _proxy.SaveDailyBars(_bars, "AAPL");

    private sealed class BarWriter : IBarWriter
    {
        public void SaveDailyBars(long[] bars, string symbol)
        {
        }
    }

    private sealed class DiscardTransport : ILineageTransport
    {
        public ValueTask SendAsync(LineageEvent lineageEvent, CancellationToken cancellationToken) => default;
    }
}

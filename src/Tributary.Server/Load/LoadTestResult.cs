using System.Globalization;

namespace Tributary.Server.Load;

/// <summary>What a load test did: every acknowledged event's run id, and the speed.</summary>
/// <param name="Options">How it ran.</param>
/// <param name="Acknowledged">The run ids of every event the server acknowledged (201/200).</param>
/// <param name="Requests">Requests acknowledged.</param>
/// <param name="Failures">Requests that failed or were refused.</param>
/// <param name="Elapsed">Wall-clock time.</param>
/// <param name="P50Ms">Median latency of acknowledged requests, in milliseconds.</param>
/// <param name="P99Ms">99th percentile latency, in milliseconds.</param>
/// <param name="MaxMs">Slowest acknowledged request, in milliseconds.</param>
internal sealed record LoadTestResult(
    LoadTestOptions Options, IReadOnlyList<Guid> Acknowledged, long Requests, long Failures, TimeSpan Elapsed, double P50Ms, double P99Ms, double MaxMs)
{
    /// <summary>Acknowledged events per second.</summary>
    public double EventsPerSecond => Acknowledged.Count / Math.Max(Elapsed.TotalSeconds, 1e-9);

    /// <summary>One line: mode, events, rate and latencies.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{(Options.BatchSize == 1 ? "single" : $"batch of {Options.BatchSize}"),-12} {Options.Clients} clients {Elapsed.TotalSeconds,5:0.0} s: {Acknowledged.Count,8:N0} events acknowledged, {EventsPerSecond,8:N0} events/s, {Requests:N0} requests (p50 {P50Ms:0.0} ms, p99 {P99Ms:0.0} ms, max {MaxMs:0.0} ms), {Failures} failed");
}

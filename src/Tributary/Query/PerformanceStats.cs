using System.Text.Json.Serialization;

namespace Tributary.Query;

/// <summary>Run performance of one job or operation type.</summary>
/// <param name="Key">The job id (<c>namespace:name</c>) or operation type.</param>
/// <param name="Count">Finished runs (complete, failed or aborted).</param>
/// <param name="Failed">Runs that failed or were aborted.</param>
/// <param name="MeanMs">Mean duration in milliseconds.</param>
/// <param name="P50Ms">Median duration in milliseconds (nearest rank).</param>
/// <param name="P95Ms">95th percentile duration in milliseconds (nearest rank).</param>
/// <param name="MaxMs">Longest duration in milliseconds.</param>
public sealed record PerformanceStats(string Key, int Count, int Failed, double MeanMs, double P50Ms, double P95Ms, double MaxMs)
{
    /// <summary>The mean duration in milliseconds under the document's name (<c>perf_stats['avg_duration_ms']</c>); the same as <see cref="MeanMs"/>.</summary>
    [JsonIgnore]
    public double AvgDurationMs => MeanMs;

    /// <summary>The share of finished runs that failed, from 0 to 1.</summary>
    public double ErrorRate => Count == 0 ? 0 : (double)Failed / Count;
}

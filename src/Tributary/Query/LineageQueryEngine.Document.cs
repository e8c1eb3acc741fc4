using Tributary.Graph;
using Tributary.Model;
using Tributary.Tracking;

namespace Tributary.Query;

// The tracking-system document's names (find_data_sources, get_data_lineage, find_stale_data, ...), each the same
// answer as the richer method beside it.
public sealed partial class LineageQueryEngine
{
    // "Now" for freshness; a tracker's clock when made from one, so tests and replays agree with what was tracked.
    private readonly TimeProvider _time = TimeProvider.System;

    /// <summary>
    /// Creates an engine over a tracker's graph (the document's <c>LineageQueryEngine(tracker)</c>), whose queries
    /// visit at most the configuration's <c>max_graph_nodes</c> nodes unless given their own limit. Every query sees
    /// every operation tracked before it. Throws <see cref="ArgumentException"/> for a tracker that keeps no graph.
    /// </summary>
    public LineageQueryEngine(LineageTracker tracker)
        : this(GraphOf(tracker), new LineageQueryOptions { MaxNodes = tracker.Config?.MaxGraphNodes ?? LineageQueryOptions.Default.MaxNodes })
    {
        _time = tracker.Options.TimeProvider;
    }

    /// <summary>
    /// Data sources of one kind (the document's <c>find_data_sources(source_type="repository")</c>): <c>repository</c>,
    /// <c>file</c>, <c>database</c> (or <c>table</c>), <c>api</c> or <c>stream</c>, sorted by id. Throws
    /// <see cref="ArgumentException"/> for any other word.
    /// </summary>
    public IReadOnlyList<DatasetInfo> FindDataSources(string sourceType) =>
        FindDataSources(new DataSourceFilter { SourceType = DataSourceTypes.Parse(sourceType) });

    /// <summary>What feeds a node and what it feeds, both to <paramref name="depth"/> (the document's <c>get_data_lineage</c>); see <see cref="Lineage(NodeId, int, int, LineageQueryOptions?)"/>.</summary>
    public LineageResult GetDataLineage(NodeId nodeId, int depth = 20) => Lineage(nodeId, depth, depth);

    /// <summary>What feeds a node and what it feeds, both to <paramref name="depth"/>; throws <see cref="ArgumentException"/> for an unknown node.</summary>
    public LineageResult Lineage(NodeId node, int depth = 20) => Lineage(node, depth, depth);

    /// <summary>Rows and bytes in and out per job and dataset per day (the document's <c>analyze_data_volume_flow</c>); see <see cref="VolumeFlow"/>.</summary>
    public VolumeFlowReport AnalyzeDataVolumeFlow() => VolumeFlow();

    /// <summary>
    /// Datasets not written within <paramref name="hoursThreshold"/> hours of now (the document's <c>find_stale_data</c>);
    /// throws <see cref="ArgumentOutOfRangeException"/> for a negative or non-finite number of hours.
    /// </summary>
    public IReadOnlyList<StaleDataset> FindStaleData(double hoursThreshold = 24)
    {
        if (!double.IsFinite(hoursThreshold) || hoursThreshold < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(hoursThreshold), hoursThreshold, "The threshold is a number of hours, 0 or more, such as 24.");
        }

        return Stale(TimeSpan.FromHours(hoursThreshold));
    }

    /// <summary>Datasets not written within <paramref name="olderThan"/> of now (the engine's clock); see <see cref="Stale(TimeSpan, DateTimeOffset)"/>.</summary>
    public IReadOnlyList<StaleDataset> Stale(TimeSpan olderThan) => Stale(olderThan, _time.GetUtcNow());

    /// <summary>
    /// Duration statistics of every finished run of one operation type, or of all runs when null (the document's
    /// <c>get_operation_performance_stats(operation_type=...)</c>, read as <c>.AvgDurationMs</c>); all zero when none ran.
    /// </summary>
    public PerformanceStats GetOperationPerformanceStats(OperationType? operationType = null)
    {
        var key = operationType?.ToString().ToUpperInvariant() ?? "all";
        return PerformanceStats(PerformanceGrouping.All, operationType) is [var stats] ? stats : new PerformanceStats(key, 0, 0, 0, 0, 0, 0);
    }

    private static LineageGraph GraphOf(LineageTracker tracker)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        return tracker.Graph ?? throw new ArgumentException(
            "This tracker keeps no lineage graph: LineageTracker.Create(TrackerOptions) only sends events. Create it with new LineageTracker(...) to query what it tracks.", nameof(tracker));
    }
}

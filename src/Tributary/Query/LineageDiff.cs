using Tributary.Graph;
using Tributary.Model;

namespace Tributary.Query;

/// <summary>
/// What changed in the lineage between two moments (<see cref="LineageQueryEngine.Diff"/>): nodes and edges added
/// and removed, schema, owner and tag changes, jobs whose SQL changed (with a unified diff), row counts that moved,
/// and the runs and quality checks that failed in between. Every list is sorted.
/// </summary>
/// <param name="From">The earlier moment.</param>
/// <param name="To">The later moment.</param>
/// <param name="Node">The node the diff is scoped to (its lineage within the depth at either moment), or null for the whole graph.</param>
public sealed record LineageDiff(DateTimeOffset From, DateTimeOffset To, NodeId? Node)
{
    /// <summary>Datasets that exist at <see cref="To"/> but did not (or were dropped) at <see cref="From"/>.</summary>
    public IReadOnlyList<DatasetId> DatasetsAdded { get; init; } = [];

    /// <summary>Datasets that existed at <see cref="From"/> and are dropped at <see cref="To"/>.</summary>
    public IReadOnlyList<DatasetId> DatasetsRemoved { get; init; } = [];

    /// <summary>Jobs seen by <see cref="To"/> but not by <see cref="From"/>.</summary>
    public IReadOnlyList<JobId> JobsAdded { get; init; } = [];

    /// <summary>Jobs present at <see cref="From"/> and dropped at <see cref="To"/>.</summary>
    public IReadOnlyList<JobId> JobsRemoved { get; init; } = [];

    /// <summary>Fields in a dataset's schema at <see cref="To"/> that were not at <see cref="From"/>.</summary>
    public IReadOnlyList<FieldId> FieldsAdded { get; init; } = [];

    /// <summary>Fields in a dataset's schema at <see cref="From"/> that are not at <see cref="To"/>.</summary>
    public IReadOnlyList<FieldId> FieldsRemoved { get; init; } = [];

    /// <summary>Table-level edges (reads, writes) that stand at <see cref="To"/> and did not at <see cref="From"/>.</summary>
    public IReadOnlyList<EdgeChange> EdgesAdded { get; init; } = [];

    /// <summary>Table-level edges that stood at <see cref="From"/> and do not at <see cref="To"/>.</summary>
    public IReadOnlyList<EdgeChange> EdgesRemoved { get; init; } = [];

    /// <summary>Datasets whose columns were added, removed or changed type.</summary>
    public IReadOnlyList<SchemaChange> SchemaChanges { get; init; } = [];

    /// <summary>Datasets and jobs whose owners changed.</summary>
    public IReadOnlyList<ValueChange> OwnerChanges { get; init; } = [];

    /// <summary>Datasets and jobs whose tags changed.</summary>
    public IReadOnlyList<ValueChange> TagChanges { get; init; } = [];

    /// <summary>Jobs whose SQL changed, or that ran other SQL in between.</summary>
    public IReadOnlyList<SqlChange> SqlChanges { get; init; } = [];

    /// <summary>Datasets whose latest version's row count differs.</summary>
    public IReadOnlyList<RowCountChange> RowCounts { get; init; } = [];

    /// <summary>Runs that failed or aborted in between (started after <see cref="From"/>, ended by <see cref="To"/>), oldest first.</summary>
    public IReadOnlyList<RunInfo> FailedRuns { get; init; } = [];

    /// <summary>Quality assertions that failed in runs in between.</summary>
    public IReadOnlyList<FailedAssertion> FailedAssertions { get; init; } = [];

    /// <summary>True when nothing changed.</summary>
    public bool IsEmpty => DatasetsAdded.Count + DatasetsRemoved.Count + JobsAdded.Count + JobsRemoved.Count + FieldsAdded.Count + FieldsRemoved.Count
        + EdgesAdded.Count + EdgesRemoved.Count + SchemaChanges.Count + OwnerChanges.Count + TagChanges.Count + SqlChanges.Count + RowCounts.Count
        + FailedRuns.Count + FailedAssertions.Count == 0;
}

/// <summary>A table-level edge in a diff.</summary>
/// <param name="From">Where it starts.</param>
/// <param name="To">Where it ends.</param>
/// <param name="Kind">Read or write.</param>
public sealed record EdgeChange(NodeId From, NodeId To, EdgeKind Kind);

/// <summary>The schema change of one dataset.</summary>
/// <param name="Dataset">The dataset.</param>
/// <param name="Added">Columns added.</param>
/// <param name="Removed">Columns removed.</param>
/// <param name="TypeChanged">Columns whose type changed, as <c>column: before → after</c>.</param>
public sealed record SchemaChange(DatasetId Dataset, IReadOnlyList<string> Added, IReadOnlyList<string> Removed, IReadOnlyList<string> TypeChanged);

/// <summary>A list-valued property (owners, tags) of a node before and after.</summary>
/// <param name="Node">The dataset or job.</param>
/// <param name="Before">The values at the earlier moment.</param>
/// <param name="After">The values at the later moment.</param>
public sealed record ValueChange(NodeId Node, IReadOnlyList<string> Before, IReadOnlyList<string> After);

/// <summary>A job's SQL at both moments, with a unified diff, and the runs in between that ran other SQL.</summary>
/// <param name="Job">The job.</param>
/// <param name="Before">Its SQL at the earlier moment (null: none).</param>
/// <param name="After">Its SQL at the later moment.</param>
/// <param name="UnifiedDiff">The unified diff from before to after (empty when only runs in between differed).</param>
/// <param name="RunsWithOtherSql">Runs in between whose SQL was neither, with their state.</param>
public sealed record SqlChange(JobId Job, string? Before, string? After, string UnifiedDiff, IReadOnlyList<string> RunsWithOtherSql);

/// <summary>A dataset's latest row count at both moments.</summary>
/// <param name="Dataset">The dataset.</param>
/// <param name="Before">Rows at the earlier moment (null: not reported).</param>
/// <param name="After">Rows at the later moment.</param>
public sealed record RowCountChange(DatasetId Dataset, long? Before, long? After);

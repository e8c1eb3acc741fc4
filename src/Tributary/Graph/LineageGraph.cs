using Tributary.Model;

namespace Tributary.Graph;

/// <summary>
/// The in-memory lineage graph: a projection of OpenLineage events into datasets, jobs, fields and runs, with
/// read, write and column-lineage edges that remember when they were first and last seen.
/// </summary>
/// <remarks>
/// Feed it events with <see cref="Apply"/> in any order a store replays them; events of one run accumulate, a facet
/// re-sent replaces the earlier one, <c>_deleted</c> removes it, a DROP hides a dataset from traversal, and
/// renames and symlinks make every identity of a dataset resolve to one node. Nodes are interned to ints and edges
/// kept in one struct array, so a million edges cost tens of megabytes, not an object each.
/// <para>
/// Thread safety: one writer, many readers. Writes take the exclusive side of a <see cref="ReaderWriterLockSlim"/>
/// and every read (including each query of <c>LineageQueryEngine</c>) takes the shared side, so readers see a
/// consistent graph between events and never block each other.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// var graph = new LineageGraph();
/// graph.ApplyRange(events);
/// var orders = graph.GetDataset(new DatasetId("postgres://db:5432", "public.orders"));
/// </code>
/// </example>
public sealed partial class LineageGraph : IDisposable
{
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.SupportsRecursion);
    private readonly GraphStore _store = new();
    private readonly GraphProjection _projection;
    private long _version;

    /// <summary>Creates an empty graph.</summary>
    public LineageGraph()
    {
        _projection = new GraphProjection(_store);
    }

    /// <summary>Creates a graph from events, applied in order.</summary>
    public static LineageGraph From(IEnumerable<LineageEvent> events)
    {
        var graph = new LineageGraph();
        graph.ApplyRange(events);
        return graph;
    }

    /// <summary>Increases by one for every event applied, so callers can tell whether the graph changed.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>The number of datasets, aliases included.</summary>
    public int DatasetCount => Read(s => s.Datasets.Count);

    /// <summary>The number of jobs.</summary>
    public int JobCount => Read(s => s.Jobs.Count);

    /// <summary>The number of runs.</summary>
    public int RunCount => Read(s => s.Runs.Count);

    /// <summary>The number of fields.</summary>
    public int FieldCount => Read(s => s.Fields.Count);

    /// <summary>The number of distinct edges of every kind.</summary>
    public int EdgeCount => Read(s => s.EdgeCount);

    /// <summary>Projects one event onto the graph.</summary>
    public void Apply(LineageEvent lineageEvent)
    {
        ArgumentNullException.ThrowIfNull(lineageEvent);
        _lock.EnterWriteLock();
        try
        {
            _projection.Apply(lineageEvent);
            Interlocked.Increment(ref _version);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Projects events in order, holding the write lock once for the whole batch.</summary>
    public void ApplyRange(IEnumerable<LineageEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        _lock.EnterWriteLock();
        try
        {
            foreach (var lineageEvent in events)
            {
                _projection.Apply(lineageEvent);
                Interlocked.Increment(ref _version);
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Releases the lock that guards the graph.</summary>
    public void Dispose() => _lock.Dispose();

    // Runs a read under the shared lock; every reader of the store goes through here.
    internal T Read<T>(Func<GraphStore, T> read)
    {
        _lock.EnterReadLock();
        try
        {
            return read(_store);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }
}

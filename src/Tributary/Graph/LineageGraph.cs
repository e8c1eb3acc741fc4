using Tributary.Model;

namespace Tributary.Graph;

/// <summary>
/// The in-memory lineage graph: a projection of OpenLineage events into datasets, jobs, fields and runs, with
/// read, write and column-lineage edges that remember when they were first and last seen.
/// </summary>
/// <remarks>
/// Feed it events with <see cref="Apply(LineageEvent)"/> in any order a store replays them; events of one run accumulate, a facet
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
    private GraphStore _store = new();
    private GraphProjection _projection;
    private long _version;
    private long _sequence;

    // Set by the LineageTracker whose events this graph follows (see Read).
    internal Action? BeforeRead { get; set; }

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

    /// <summary>
    /// The highest store sequence applied (events applied without one are numbered after it), so a checkpoint knows
    /// where the store's tail begins.
    /// </summary>
    public long AppliedThrough => Interlocked.Read(ref _sequence);

    /// <summary>
    /// Called (under the write lock, so keep it short) when a run event reuses a runId another job already used: the
    /// two are kept as separate runs, one per job. Arguments: the runId, the job that used it first, the new job.
    /// </summary>
    public Action<RunId, JobId, JobId>? RunIdReused
    {
        get => _projection.OnRunIdReused;
        set => _projection.OnRunIdReused = value;
    }

    /// <summary>
    /// Projects one event onto the graph. State (deleted or not, schema, owners, facets, run state) follows the
    /// event's <c>eventTime</c>, ties broken by arrival, so a late event never overrides a newer state.
    /// </summary>
    public void Apply(LineageEvent lineageEvent) => Apply(lineageEvent, 0);

    /// <summary>
    /// Projects the event stored at <paramref name="sequence"/>: ties of <c>eventTime</c> are broken by this sequence,
    /// and <see cref="AppliedThrough"/> advances to it. A sequence of 0 numbers the event after the last one applied.
    /// </summary>
    public void Apply(LineageEvent lineageEvent, long sequence) => Apply(lineageEvent, sequence, 0);

    // As above, with `order` breaking ties of eventTime (the replica passes a digest of the event's content, so the
    // winner of a tie does not depend on arrival); 0 breaks ties by sequence.
    internal void Apply(LineageEvent lineageEvent, long sequence, long order)
    {
        ArgumentNullException.ThrowIfNull(lineageEvent);
        _lock.EnterWriteLock();
        try
        {
            ApplyLocked(lineageEvent, sequence, order);
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
                ApplyLocked(lineageEvent, 0, 0);
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    private void ApplyLocked(LineageEvent lineageEvent, long sequence, long order)
    {
        var at = sequence > 0 ? sequence : _sequence + 1;
        _projection.Apply(lineageEvent, at, order != 0 ? order : at);
        Interlocked.Exchange(ref _sequence, Math.Max(_sequence, at));
        Interlocked.Increment(ref _version);
    }

    /// <summary>Releases the lock that guards the graph.</summary>
    public void Dispose() => _lock.Dispose();

    // Runs a read under the shared lock; every reader of the store goes through here.
    internal T Read<T>(Func<GraphStore, T> read)
    {
        // A tracker that feeds this graph brings it up to date first, so a read sees every event tracked before it;
        // never from inside a read or a write, where waiting for the tracker's queue could wait for this very lock.
        if (BeforeRead is { } catchUp && !_lock.IsReadLockHeld && !_lock.IsWriteLockHeld)
        {
            catchUp();
        }

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

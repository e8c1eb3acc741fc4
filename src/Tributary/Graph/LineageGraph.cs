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

    // Set on a view "as of" a moment: the graph it reads (a view never holds a store of its own).
    private readonly LineageGraph? _source;

    // Set by the LineageTracker whose events this graph follows (see Read).
    internal Action? BeforeRead { get; set; }

    /// <summary>Creates an empty graph.</summary>
    public LineageGraph()
    {
        _projection = new GraphProjection(_store);
    }

    private LineageGraph(LineageGraph source, long moment)
    {
        _source = source;
        MomentTicks = moment;
        _projection = source._projection;
    }

    /// <summary>
    /// A read-only view of this graph as it stood at <paramref name="moment"/>: datasets, jobs and runs first seen
    /// after it do not exist, a job's inputs and outputs are those of its latest run then, a dataset's schema, owners
    /// and tags (and a job's SQL, owners and tags) those it had then, and a dataset dropped before it (and not created
    /// again by then) is deleted. Every read and every <c>LineageQueryEngine</c> over the view answers as of that
    /// moment; the view follows the graph, so events applied later that happened before the moment show in it.
    /// </summary>
    public LineageGraph AsOf(DateTimeOffset moment) => new(_source ?? this, moment.UtcTicks);

    /// <summary>The moment a view made by <see cref="AsOf"/> answers as of; null for the graph as it is now.</summary>
    public DateTimeOffset? Moment => MomentTicks == GraphMoment.Now ? null : new DateTimeOffset(MomentTicks, TimeSpan.Zero);

    // The moment in UTC ticks; GraphMoment.Now for the graph itself.
    internal long MomentTicks { get; } = GraphMoment.Now;

    /// <summary>
    /// The span of event time the graph covers (the first and the last moment any dataset, job or run was seen), or
    /// null while it is empty: the range a time control offers.
    /// </summary>
    public (DateTimeOffset First, DateTimeOffset Last)? TimeRange => Read(s =>
    {
        var (first, last) = (long.MaxValue, long.MinValue);
        foreach (var job in s.Jobs)
        {
            first = Math.Min(first, job.FirstSeen);
            last = Math.Max(last, job.LastSeen);
        }

        foreach (var dataset in s.Datasets)
        {
            first = Math.Min(first, dataset.FirstSeen);
            last = Math.Max(last, dataset.LastSeen);
        }

        return first > last ? ((DateTimeOffset, DateTimeOffset)?)null : (GraphViews.Time(first), GraphViews.Time(last));
    });

    /// <summary>Creates a graph from events, applied in order.</summary>
    public static LineageGraph From(IEnumerable<LineageEvent> events)
    {
        var graph = new LineageGraph();
        graph.ApplyRange(events);
        return graph;
    }

    /// <summary>Increases by one for every event applied, so callers can tell whether the graph changed.</summary>
    public long Version => _source?.Version ?? Interlocked.Read(ref _version);

    /// <summary>The number of datasets, aliases included (as of the view's moment: those seen by then).</summary>
    public int DatasetCount => Read(s => MomentTicks == GraphMoment.Now ? s.Datasets.Count : s.Datasets.Count(d => d.FirstSeen <= MomentTicks));

    /// <summary>The number of jobs (as of the view's moment: those seen by then).</summary>
    public int JobCount => Read(s => MomentTicks == GraphMoment.Now ? s.Jobs.Count : s.Jobs.Count(j => j.FirstSeen <= MomentTicks));

    /// <summary>The number of runs (as of the view's moment: those begun by then).</summary>
    public int RunCount => Read(s => MomentTicks == GraphMoment.Now ? s.Runs.Count : s.Runs.Count(r => r.FirstEvent <= MomentTicks));

    /// <summary>The number of fields (as of the view's moment: those of datasets seen by then).</summary>
    public int FieldCount => Read(s => MomentTicks == GraphMoment.Now ? s.Fields.Count : s.Fields.Count(f => s.DatasetOf(f.Dataset).FirstSeen <= MomentTicks));

    /// <summary>The number of distinct edges of every kind (as of the view's moment: those first seen by then).</summary>
    public int EdgeCount => Read(s =>
    {
        if (MomentTicks == GraphMoment.Now)
        {
            return s.EdgeCount;
        }

        var count = 0;
        foreach (ref readonly var edge in s.Edges)
        {
            count += !edge.Dead && edge.FirstSeen <= MomentTicks ? 1 : 0;
        }

        return count;
    });

    /// <summary>
    /// The highest store sequence applied (events applied without one are numbered after it), so a checkpoint knows
    /// where the store's tail begins.
    /// </summary>
    public long AppliedThrough => _source?.AppliedThrough ?? Interlocked.Read(ref _sequence);

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
        ThrowIfView();
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
        ThrowIfView();
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

    // How many nodes, edges (merged ones included) and fields the graph holds: what Reserve's room is counted in.
    internal (int Nodes, int Edges, int Fields) Size => Read(s => (s.NodeCount, s.EdgeSlots, s.Fields.Count));

    // How many nodes, edges and fields the graph's arrays have room for now.
    internal (int Nodes, int Edges, int Fields) Room => Read(s => s.Room);

    // Makes room at once for this many more nodes, edges and fields, where applying them one by one would grow the
    // graph's arrays by doubling: every doubling copies the array into a new one twice its size, which the kernel first
    // has to map, and leaves the old one to the collector.
    internal void Reserve(int nodes, int edges, int fields)
    {
        ThrowIfView();
        _lock.EnterWriteLock();
        try
        {
            _store.Reserve(nodes, edges, fields);
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

    // A view as of a moment reads its graph; events go to that graph, never through the view.
    private void ThrowIfView()
    {
        if (_source is not null)
        {
            throw new InvalidOperationException("A view of the graph as of a moment is read-only; apply events to the graph it was made from.");
        }
    }

    // Runs a read under the shared lock; every reader of the store goes through here.
    internal T Read<T>(Func<GraphStore, T> read)
    {
        if (_source is not null)
        {
            return _source.Read(read);
        }

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

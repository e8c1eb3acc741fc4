using Tributary.Graph;
using Tributary.Json;
using Tributary.Model;
using Tributary.Storage;

namespace Tributary.Ingest;

/// <summary>
/// The one way out of a store: replays its events (after the graph checkpoint, when there is one), follows new
/// appends (this process's through a <see cref="LineageIngestor"/>, other processes' by reading the store again),
/// normalises, derives column lineage from SQL, and delivers each event exactly once to the graph and to any other
/// <see cref="ILineageProjection"/>. The CLI, the server, the demo, the lake export and the SDK's in-process path
/// all read the graph it keeps, so every door answers from the same graph.
/// </summary>
/// <example>
/// <code>
/// await using var store = EmbeddedLineageStore.Open("./lineage", new FileLineageStoreOptions { ReadOnly = true });
/// using var replica = await LineageReplica.OpenAsync(store, new LineageReplicaOptions { CheckpointPath = "./lineage/graph.checkpoint" });
/// var engine = new LineageQueryEngine(replica.Graph);
/// </code>
/// </example>
public sealed partial class LineageReplica : IDisposable
{
    private const int Chunk = 4096;

    private readonly LineageReplicaOptions _options;
    private readonly Lock _applyLock = new();
    private readonly SortedSet<long> _ahead = [];
    private readonly SemaphoreSlim _checkpointing = new(1, 1);
    private ILineageProjection[] _projections = [];
    private IDisposable? _live;
    private bool _opening = true;
    private long _appliedThrough;

    // The digest of event _appliedThroughDigestAt as it was delivered, so a checkpoint's mark (the digest of the last
    // event it covers) is known without reading that event back from the store (16 ms of every `tributary ingest`'s
    // ending, measured). Set by in-order applies only; any other way of advancing leaves it for an older sequence.
    private EventDigest _appliedThroughDigest;
    private long _appliedThroughDigestAt = -1;
    private long _sinceCheckpoint;
    private bool _checkpointAsked; // a checkpoint the apply count asked for has not finished yet
    private long _checkpointAllowedAt; // Stopwatch timestamp before which the apply count asks for none
    private long _checkpointsWritten;
    private long _checkpointedThrough = -1; // what the checkpoint file covers, as far as this replica knows
    private long _failures;

    // True while a checkpoint is written and until what was delivered meanwhile is applied: deliveries are held (in
    // _held) while frozen and wait for _current after, and reads wait for _current. Written under _applyLock, read
    // without it first.
    // A task rather than an event: a thread-pool thread blocked on a task makes the pool add threads at once, so
    // readers waiting here never starve the catch-up they wait for of threads.
    private volatile bool _behind;
    private TaskCompletionSource _current = Completed();

    // True only while the graph is serialised (the first part of being behind): deliveries are then held. Once the copy
    // is taken, a delivery waits until the held ones are applied and then applies itself, in order. Returning at once
    // (held) until the replica was current took the wait off the producers, but under a steady load the door then
    // accepted events faster than the one thread applying the held ones could catch up: measured with
    // `tributary bench server`, the replica stayed behind for 26 s after a checkpoint at 736,000 events, and every
    // read of the graph waited as long. Written under _applyLock.
    private volatile bool _frozen;
    private static readonly AsyncLocal<bool> s_ownWork = new();

    // The deliveries that came while the graph was held still, already parsed, applied once it is written. Reading
    // them back from the store instead parsed every event of a checkpoint's window twice, and under a steady load the
    // catch-up chased the store's end, so reads waited long after the checkpoint. Bounded by the events' bytes; a
    // delivery past the bound is dropped (_heldDropped) and read back from the store. Under _applyLock.
    private readonly List<IngestedEvent> _held = [];
    private long _heldBytes;
    private bool _heldDropped;

    // Told how many bytes of events an ingest brings (ExpectBytes), until the graph has taken room for them. Under _applyLock.
    private GraphGrowthForecast? _forecast;

    private LineageReplica(ILineageStore store, LineageGraph graph, LineageReplicaOptions options)
    {
        Store = store;
        Graph = graph;
        _options = options;
        graph.BeforeRead += WaitUntilCurrent;
        graph.RunIdReused = (run, first, second) =>
        {
            if (!_opening)
            {
                Warn(RunIdReused(run, first, second));
            }
        };
    }

    /// <summary>The store events are read from.</summary>
    public ILineageStore Store { get; }

    /// <summary>
    /// What is said of a runId that a second job sends: the graph keeps it as a run of each job. The same words from
    /// the graph (a store's runs so far) and from <c>tributary validate</c> (the files it reads), and the same words
    /// whichever job's event came first (the jobs in order), as the graph is the same whatever the order the events
    /// came in.
    /// </summary>
    internal static string RunIdReused(RunId run, JobId first, JobId second)
    {
        var (one, other) = first.CompareTo(second) <= 0 ? (first, second) : (second, first);
        return $"runId {run} is used by two jobs, {one} and {other}; each keeps a run of its own";
    }

    /// <summary>The graph every query reads.</summary>
    public LineageGraph Graph { get; }

    /// <summary>Every stored event up to this sequence has been applied (or, if it no longer reads, skipped).</summary>
    public long AppliedThrough
    {
        get
        {
            lock (_applyLock)
            {
                return _appliedThrough;
            }
        }
    }

    /// <summary>How opening went: whether the checkpoint was used, and how many events were replayed after it.</summary>
    public ReplicaOpening Opening { get; private set; } = new(false, 0, 0, null);

    /// <summary>How many stored events could not be read or applied (each was reported through the options' callback).</summary>
    public long DeliveryFailures => Interlocked.Read(ref _failures);

    /// <summary>
    /// Opens the replica over <paramref name="store"/>: loads the checkpoint (when configured and valid), replays the
    /// events after it, and writes a fresh checkpoint when the tail was long. <paramref name="graph"/> is the graph to
    /// keep current (a new one when null).
    /// </summary>
    public static Task<LineageReplica> OpenAsync(ILineageStore store, LineageReplicaOptions? options = null, LineageGraph? graph = null, CancellationToken cancellationToken = default) =>
        OpenAsync(store, options, graph, null, cancellationToken);

    // As above, with a projection that sees every event from the first one replayed (a tracker's window, which must
    // see the history it may later drop).
    internal static async Task<LineageReplica> OpenAsync(ILineageStore store, LineageReplicaOptions? options, LineageGraph? graph, ILineageProjection? first, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var replica = new LineageReplica(store, graph ?? new LineageGraph(), options ?? LineageReplicaOptions.Default);
        if (first is not null)
        {
            replica._projections = [first];
        }

        var (used, through, problem) = await replica.LoadCheckpointAsync(cancellationToken).ConfigureAwait(false);
        var replayed = await replica.CatchUpAsync(cancellationToken).ConfigureAwait(false);
        replica._opening = false;
        replica.Opening = new ReplicaOpening(used, through, replayed, problem);
        if (replica._options.CheckpointPath is not null && replica._options.CheckpointAfterReplayOf > 0
            && ((replayed >= replica._options.CheckpointAfterReplayOf && !replica.TailIsShort) || problem is not null))
        {
            var written = await replica.TryWriteCheckpointAsync(cancellationToken).ConfigureAwait(false);
            if (written && replica._options.RelayoutAfterReplayOf > 0 && replayed >= replica._options.RelayoutAfterReplayOf)
            {
                replica.Opening = replica.Opening with { ReadBack = replica.Relayout() };
            }
        }

        return replica;
    }

    /// <summary>How many graph checkpoints this replica has written since it opened: each one serialises the whole graph.</summary>
    public long CheckpointsWritten => Interlocked.Read(ref _checkpointsWritten);

    /// <summary>
    /// Follows this process's appends: every event <paramref name="ingestor"/> accepts from now on is applied as it
    /// is acknowledged, and anything stored between opening and now is read back first. Dispose the replica to stop.
    /// </summary>
    public async Task FollowAsync(LineageIngestor ingestor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ingestor);
        // Deriving lineage from SQL is prepared on the ingesting thread, before the event joins the delivery order, so
        // a statement that takes long to analyse holds up its own request and nobody else's.
        _live = await ingestor.SubscribeAsync(e => Apply(e), Prepare, replay: false, cancellationToken).ConfigureAwait(false);
        await CatchUpAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Says that about <paramref name="bytes"/> bytes of events are about to be ingested (the files of a bulk ingest):
    /// once the first of them show how much they grow the graph, it takes room for the rest at once instead of growing
    /// its arrays step by step. Only a matter of speed and memory: the graph is the same whatever the size said, and a
    /// size far too large reserves at most 256 MB of room it does not use.
    /// </summary>
    public void ExpectBytes(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        lock (_applyLock)
        {
            _forecast = bytes > 0 ? new GraphGrowthForecast(bytes) : null;
        }
    }

    /// <summary>
    /// Adds a projection that receives every event applied from now on (not the ones already applied). Dispose the
    /// result to remove it.
    /// </summary>
    public IDisposable AddProjection(ILineageProjection projection)
    {
        ArgumentNullException.ThrowIfNull(projection);
        lock (_applyLock)
        {
            _projections = [.. _projections, projection];
        }

        return new Removal(() =>
        {
            lock (_applyLock)
            {
                _projections = [.. _projections.Where(p => !ReferenceEquals(p, projection))];
            }
        });
    }

    /// <summary>
    /// Reads the events stored after <see cref="AppliedThrough"/> (by this process or another one sharing the store)
    /// and applies them; opening and following are this same step. Returns how many were new.
    /// </summary>
    public Task<int> CatchUpAsync(CancellationToken cancellationToken = default) =>
        // While a checkpoint is written, the checkpoint's own catch-up applies what arrives meanwhile.
        _behind ? Task.FromResult(0) : CatchUpAsync(own: false, cancellationToken);

    // `own` is the catch-up that ends a checkpoint: the only one that applies while the replica is behind.
    private async Task<int> CatchUpAsync(bool own, CancellationToken cancellationToken)
    {
        var from = AppliedThrough + 1;
        var applied = 0;
        var batch = new List<StoredEvent>(Chunk);
        Task<IngestedEvent?[]>? parsing = null;
        List<StoredEvent>? parsingBatch = null;

        // Batch N is applied (one writer) while batch N+1 is parsed on the other cores.
        await foreach (var stored in Store.ReadAsync(from, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            batch.Add(stored);
            if (batch.Count == Chunk)
            {
                var next = ParseAsync(batch);
                if (parsing is not null)
                {
                    applied += ApplyParsed(parsingBatch!, await parsing.ConfigureAwait(false), own);
                }

                (parsing, parsingBatch) = (next, batch);
                batch = new List<StoredEvent>(Chunk);
            }
        }

        if (parsing is not null)
        {
            applied += ApplyParsed(parsingBatch!, await parsing.ConfigureAwait(false), own);
        }

        return applied + ApplyParsed(batch, await ParseAsync(batch).ConfigureAwait(false), own);
    }

    // Runs `action` while no event is being applied: how a projection that owns part of the graph changes it from outside a delivery.
    internal void RunExclusive(Action action)
    {
        lock (_applyLock)
        {
            action();
        }
    }

    /// <summary>Stops following the ingestor.</summary>
    public void Dispose()
    {
        _live?.Dispose();
        _live = null;
    }

    private Task<IngestedEvent?[]> ParseAsync(List<StoredEvent> batch) => Task.Run(() =>
    {
        var parsed = new IngestedEvent?[batch.Count];
        Parallel.For(0, batch.Count, i =>
        {
            var stored = batch[i];
            if (LineageJson.TryDeserialize(stored.Raw.Span, out var e, out var errors))
            {
                parsed[i] = new IngestedEvent(stored.Sequence, stored.IngestTime, LineageNormalizer.Normalize(e!), stored.Raw) { Digest = stored.Digest };
                Prepare(parsed[i]!);
            }
            else
            {
                Fail(stored.Sequence, new LineageFormatException(errors));
            }
        });
        return parsed;
    });

    private int ApplyParsed(List<StoredEvent> batch, IngestedEvent?[] parsed, bool own)
    {
        var applied = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            if (parsed[i] is { } e)
            {
                applied += Apply(e, own) ? 1 : 0;
            }
            else
            {
                Skip(batch[i].Sequence, own);
            }
        }

        return applied;
    }

    // Applies an event unless its sequence was applied already (live deliveries and catch-up may both see it), or the
    // replica is behind: while a checkpoint serialises the graph as it is, the event is held and the checkpoint's own
    // catch-up (`own`) applies it afterwards; once the copy is taken, the event first waits for that catch-up, so the
    // producers' pace is the graph's again. (A catch-up that failed, a store gone away, leaves the replica behind with
    // its wait over: the event is then held, as while frozen.)
    private bool Apply(IngestedEvent e, bool own = false)
    {
        if (!own && _behind && !_frozen && Volatile.Read(ref _current).Task is { IsCompleted: false } catchingUp)
        {
            catchingUp.Wait();
        }

        bool checkpointDue;
        lock (_applyLock)
        {
            if (_behind && !own)
            {
                Hold(e);
                return false;
            }

            if (e.Sequence == _appliedThrough + 1 && _ahead.Count == 0)
            {
                // The usual case, in order with nothing ahead: no set to add to and take back from.
                _appliedThrough++;
                (_appliedThroughDigest, _appliedThroughDigestAt) = (e.Digest, e.Sequence);
            }
            else if (e.Sequence <= _appliedThrough || !_ahead.Add(e.Sequence))
            {
                return false;
            }
            else
            {
                Advance();
            }

            var derived = Derive(e);
            try
            {
                Graph.Apply(derived.Event, derived.Sequence, derived.Digest.IsNone ? derived.Sequence : derived.Digest.TieBreak);
            }
#pragma warning disable CA1031 // The event is durable; a projection bug must not stop the others or the store.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Fail(e.Sequence, ex);
            }

            if (_forecast?.Applied(e.Raw.Length, Graph) is var (nodes, edges, fields))
            {
                _forecast = null;
                Graph.Reserve(nodes, edges, fields);
            }

            foreach (var projection in _projections)
            {
                try
                {
                    projection.Apply(derived);
                }
#pragma warning disable CA1031 // As above: one projection's failure is reported, not propagated.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    Fail(e.Sequence, ex);
                }
            }

            // One checkpoint at a time is asked for: every event applied while the one asked for has not started yet
            // used to ask again, and each of those then wrote the whole graph once more. And checkpoints take at most
            // a twentieth of the time: after one that took T, the next waits until 19T has passed (see TryWriteCheckpointAsync).
            checkpointDue = !_opening && _options.CheckpointEveryEvents > 0 && ++_sinceCheckpoint >= _options.CheckpointEveryEvents
                && !_checkpointAsked && System.Diagnostics.Stopwatch.GetTimestamp() >= _checkpointAllowedAt;
            _checkpointAsked |= checkpointDue;
        }

        if (checkpointDue)
        {
            _ = Task.Run(() => TryWriteCheckpointAsync(CancellationToken.None));
        }

        return true;
    }

    // The bound on the bytes of the deliveries held while a checkpoint is written (64 MB); settable for tests.
    internal long HeldBytesLimit { get; set; } = 64L << 20;

    // While behind: keeps a delivery to apply after the checkpoint, or drops it past the bound (it is read back).
    private void Hold(IngestedEvent e)
    {
        if (_heldDropped || _heldBytes + e.Raw.Length > HeldBytesLimit)
        {
            _heldDropped = true;
            return;
        }

        _held.Add(e);
        _heldBytes += e.Raw.Length;
    }

    private void Skip(long sequence, bool own)
    {
        lock (_applyLock)
        {
            if ((!_behind || own) && sequence > _appliedThrough && _ahead.Add(sequence))
            {
                Advance();
            }
        }
    }

    private void Advance()
    {
        while (_ahead.Remove(_appliedThrough + 1))
        {
            _appliedThrough++;
        }
    }

    private void Fail(long sequence, Exception exception)
    {
        Interlocked.Increment(ref _failures);
        _options.OnDeliveryError?.Invoke(sequence, exception);
    }

    private void Warn(string message) => _options.OnWarning?.Invoke(message);

    private sealed class Removal(Action remove) : IDisposable
    {
        private Action? _remove = remove;

        public void Dispose() => Interlocked.Exchange(ref _remove, null)?.Invoke();
    }
}

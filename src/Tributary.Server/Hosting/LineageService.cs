using Microsoft.Extensions.Options;
using Tributary.Export;
using Tributary.Graph;
using Tributary.Ingest;
using Tributary.Json;
using Tributary.Server.Postgres;
using Tributary.Query;
using Tributary.Storage;

namespace Tributary.Server.Hosting;

/// <summary>
/// Owns the server's lineage: the durable store, the single ingest door over it, and the in-memory graph kept
/// current from every accepted event. It opens while Kestrel starts (requests wait for it: see <see cref="Opened"/>)
/// and closes after Kestrel has drained its requests, so everything acknowledged is flushed and closed cleanly.
/// </summary>
public sealed class LineageService : IHostedLifecycleService, IAsyncDisposable
{
    // How long after opening the dedup digests are read when no ingest has asked for them yet.
    private static readonly TimeSpan DigestReadDelay = TimeSpan.FromSeconds(2);

    private readonly ServerOptions _options;
    private readonly ILogger<LineageService> _logger;
    private readonly List<IDisposable> _subscriptions = [];
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly CheckpointPreload? _preload;
    private readonly TaskCompletionSource _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _starting;
    private ILineageStore? _store;
    private EmbeddedLineageStore? _embedded;
    private LineageIngestor? _ingestor;
    private LineageReplica? _replica;
    private readonly Lock _compactionsGate = new();
    private Task _compactor = Task.CompletedTask;
    private (int Count, int WithProjections, TimeSpan Elapsed) _compactions;
    private Task _follower = Task.CompletedTask;

    /// <summary>
    /// Creates the service; nothing is opened until the host starts it, except the graph checkpoint
    /// <paramref name="preload"/> may already be reading.
    /// </summary>
    public LineageService(IOptions<ServerOptions> options, ILogger<LineageService> logger, EventStream stream, CheckpointPreload? preload = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _preload = preload;
        _options = options.Value;
        _options.Validate();
        _logger = logger;
        Stream = stream;
        Engine = new LineageQueryEngine(Graph, new LineageQueryOptions { MaxNodes = _options.MaxQueryNodes, ClassificationPolicies = _options.Classifications.ToPolicies() });
        Index = new EventIndex(Graph);
    }

    /// <summary>The graph every read is answered from.</summary>
    public LineageGraph Graph { get; } = new();

    /// <summary>The query engine over <see cref="Graph"/>.</summary>
    public LineageQueryEngine Engine { get; }

    /// <summary>Which stored events mention each dataset, job and run, for facet reads.</summary>
    public EventIndex Index { get; }

    /// <summary>The live stream of accepted events.</summary>
    public EventStream Stream { get; }

    /// <summary>The store events are kept in.</summary>
    public ILineageStore Store => _store ?? throw NotStarted();

    /// <summary>The ingest door every posted event goes through.</summary>
    public LineageIngestor Ingestor => _ingestor ?? throw NotStarted();

    /// <summary>Why this server stores nothing (its store could only be opened read-only), or null when it takes events.</summary>
    public string? ReadOnlyReason { get; private set; }

    /// <summary>The settings in force.</summary>
    public ServerOptions Options => _options;

    /// <summary>
    /// Every stored event up to this sequence has been applied to the graph (own ingests, replay, and, on PostgreSQL,
    /// events other servers stored).
    /// </summary>
    public long AppliedThrough => _replica?.AppliedThrough ?? 0;

    /// <summary>
    /// Completes when the service has opened its store and loaded its graph (faults when it could not), or at once
    /// when nobody has started it. Requests wait for it, so a server that listens while it opens never answers from
    /// a graph still being loaded.
    /// </summary>
    public Task Opened => Volatile.Read(ref _starting) == 0 ? Task.CompletedTask : _opened.Task;

    /// <summary>Marks the service as opening, before any hosted service (Kestrel among them) starts.</summary>
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        Volatile.Write(ref _starting, 1);
        return Task.CompletedTask;
    }

    /// <summary>Opens the store (the embedded one, or PostgreSQL when configured) and rebuilds the graph from it.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Volatile.Write(ref _starting, 1);

        // Hosts that start their services concurrently run each one's synchronous part in turn; yielding first lets
        // Kestrel start listening (and compile its request path) while the store opens and the graph loads.
        await Task.Yield();
        _ = Task.Run(WarmUp, CancellationToken.None);
        try
        {
            await OpenAsync(cancellationToken);
            _opened.TrySetResult();
        }
        catch (Exception ex)
        {
            _opened.TrySetException(ex);
            throw;
        }
    }

    // Compiles the query path while the store opens (see QueryWarmup); a failure there costs only the first answer's speed.
    private void WarmUp()
    {
        try
        {
            var status = QueryWarmup.Run();
            _logger.LogDebug("Query path warmed up (status {Status})", status);
        }
#pragma warning disable CA1031 // Nothing depends on the warm-up: it is logged, never raised.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _logger.LogDebug(ex, "The query warm-up failed: {Message}", ex.Message);
        }
    }

    /// <inheritdoc />
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task OpenAsync(CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        if (_options.UsesPostgres)
        {
            _store = await PostgresLineageStore.OpenAsync(_options.Postgres!, cancellationToken);
        }
        else
        {
            var storeOptions = new FileLineageStoreOptions { MaxEventBytes = Math.Max(_options.MaxEventBytes, 1 << 20) };
            try
            {
                _store = _embedded = EmbeddedLineageStore.Open(_options.Store, storeOptions);
            }
            catch (StoreReadOnlyException ex)
            {
                // A folder that cannot be written still has lineage to show: serve it, and say why writes are refused.
                ReadOnlyReason = $"The lineage store {Path.GetFullPath(_options.Store)} is read-only ({ex.Reason}); this server answers queries but stores nothing. Make the folder writable and restart the server.";
                _logger.LogWarning("{Reason}", ReadOnlyReason);
                _store = _embedded = EmbeddedLineageStore.Open(_options.Store, storeOptions with { ReadOnly = true });
            }
        }

        _ingestor = await LineageIngestor.OpenAsync(
            _store,
            new LineageIngestorOptions
            {
                MaxEventBytes = _options.MaxEventBytes,
                OnDeliveryError = (sequence, ex) => _logger.LogWarning(ex, "Event #{Sequence} could not be delivered", sequence),
            },
            cancellationToken);

        // One way out of the store for everything: the checkpoint and the replay after it, this server's ingests, and
        // (on PostgreSQL) the events other servers stored, which the follower reads back. Each sequence is applied once.
        _replica = await LineageReplica.OpenAsync(
            _store,
            new LineageReplicaOptions
            {
                CheckpointPath = _options.CheckpointFile,
                Preload = _preload,
                CheckpointEveryEvents = _options.CheckpointEveryEvents,
                DeriveColumnLineageFromSql = _options.DeriveColumnLineageFromSql,
                SqlBudget = new SqlDerivationBudget
                {
                    Time = TimeSpan.FromMilliseconds(_options.SqlDerivationBudgetMilliseconds),
                    MaxLength = _options.SqlDerivationMaxLength,
                },
                OnWarning = message => _logger.LogWarning("{Message}", message),
                OnDeliveryError = (sequence, ex) => _logger.LogWarning(ex, "Event #{Sequence} could not be applied to the graph", sequence),
            },
            Graph,
            cancellationToken);
        // Dedup needs the digests of every stored event. The first ingest reads them if it comes first; otherwise they
        // are read shortly after opening, once the first answers are out (reading a long log takes both cores for a
        // while), so a damaged store is still reported within seconds rather than at the first ingest.
        _ = ReadDigestsSoonAsync(_ingestor, _stopping.Token);
        lock (_lock)
        {
            _subscriptions.Add(_replica.AddProjection(new StreamProjection(Stream)));
        }

        await _replica.FollowAsync(_ingestor, cancellationToken);
        _logger.LogInformation(
            "Graph ready: {Checkpoint}, {Replayed} events replayed",
            _replica.Opening.UsedCheckpoint ? $"checkpoint through #{_replica.Opening.CheckpointThrough}" : "no checkpoint", _replica.Opening.Replayed);

        if (_embedded is { } embedded)
        {
            _logger.LogInformation(
                "Lineage store {Store} opened: {Events} events ({Lake} from the lake), {Datasets} datasets, {Jobs} jobs in {Elapsed} ms",
                Path.GetFullPath(_options.Store), embedded.Count, embedded.Lake.EventsThrough, Graph.DatasetCount, Graph.JobCount, started.ElapsedMilliseconds);
            if (ReadOnlyReason is null && (_options.CompactEveryEvents > 0 || _options.CompactEveryMinutes > 0))
            {
                _compactor = CompactPeriodicallyAsync(embedded, _stopping.Token);
            }
        }
        else
        {
            _logger.LogInformation(
                "Lineage store on PostgreSQL opened: {Events} events, {Datasets} datasets, {Jobs} jobs in {Elapsed} ms; following other servers' writes every {Interval} ms",
                _store.Count, Graph.DatasetCount, Graph.JobCount, started.ElapsedMilliseconds, _options.FollowIntervalMilliseconds);
            _follower = FollowAsync(_stopping.Token);
        }
    }

    private async Task ReadDigestsSoonAsync(LineageIngestor ingestor, CancellationToken stopping)
    {
        try
        {
            await Task.Delay(DigestReadDelay, stopping);
            await ingestor.Ready; // at once when an ingest has already read them
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopped before the digests were needed.
        }
#pragma warning disable CA1031 // Whatever went wrong is the store's damage: said here, and again by every ingest.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _logger.LogError(ex, "The store's events could not be read for deduplication; ingests will fail: {Message}", ex.Message);
        }
    }

    /// <summary>
    /// Reads the events stored after <see cref="AppliedThrough"/> (by other servers sharing the database) and applies
    /// them to the graph, the facet index and the live stream. The follower does this every
    /// <see cref="ServerOptions.FollowIntervalMilliseconds"/>; returns how many events were new to this server.
    /// </summary>
    public Task<int> CatchUpAsync(CancellationToken cancellationToken = default) =>
        (_replica ?? throw NotStarted()).CatchUpAsync(cancellationToken);

    private async Task FollowAsync(CancellationToken stopping)
    {
        var interval = TimeSpan.FromMilliseconds(_options.FollowIntervalMilliseconds);
        var failing = false;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, stopping);
                await CatchUpAsync(stopping);
                if (failing)
                {
                    _logger.LogInformation("The lineage store is reachable again; following resumed at #{Sequence}", AppliedThrough);
                    failing = false;
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The follower must outlive any failure of the database: it retries at the next interval.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                if (!failing)
                {
                    _logger.LogWarning(ex, "Following the lineage store failed; retrying every {Interval} ms", _options.FollowIntervalMilliseconds);
                    failing = true;
                }
            }
        }
    }

    /// <summary>
    /// Compacts the log into the lake now (with the configured retention), rewrites the lake's projection tables, and
    /// drops the log segments the lake covers. The server also does this by itself (see <see cref="CompactionSchedule"/>):
    /// every <see cref="ServerOptions.CompactEveryEvents"/> events (while events keep arriving, only the events) and
    /// every <see cref="ServerOptions.CompactEveryMinutes"/> minutes.
    /// </summary>
    public Task<CompactionResult> CompactAsync(CancellationToken cancellationToken = default) => CompactAsync(projections: true, upkeep: false, cancellationToken);

    /// <summary>The compactions this server ran since it started (manual ones included): how many, how many of them rewrote the projection tables, and how long they took in all.</summary>
    internal (int Count, int WithProjections, TimeSpan Elapsed) Compactions
    {
        get
        {
            lock (_compactionsGate)
            {
                return _compactions;
            }
        }
    }

    /// <summary>The graph checkpoints this server wrote since it started (by event count, after compactions, at stop).</summary>
    internal long CheckpointsWritten => _replica?.CheckpointsWritten ?? 0;

    // `upkeep`: the lake's part runs below the requests' priority (the periodic compaction).
    private async Task<CompactionResult> CompactAsync(bool projections, bool upkeep, CancellationToken cancellationToken)
    {
        var store = _embedded ?? throw new InvalidOperationException("Compaction into the lake applies to the embedded store; this server keeps its events in PostgreSQL.");
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var exporter = projections ? new LakeProjectionExporter(Graph) : null;
        var result = upkeep
            ? await BackgroundPriority.RunAsync(() => store.CompactAsync(exporter, _options.RetainDays, cancellationToken: cancellationToken))
            : await store.CompactAsync(exporter, _options.RetainDays, cancellationToken: cancellationToken);
        if (projections)
        {
            // The replica writes its own checkpoints as events arrive; after a whole compaction the graph is read
            // anyway, and a restart then starts from here rather than reading the events just moved from the lake.
            await (_replica?.TryWriteCheckpointAsync(cancellationToken) ?? Task.FromResult(false));
        }

        _logger.LogInformation(
            "Compacted the log into the lake: {Appended} events appended (through #{Through}), {Expired} expired, {Dropped} dropped from the log; projection tables {Projections}",
            result.Appended, result.LakeThrough, result.Expired, result.DroppedFromLog, projections ? "rewritten" : "left for a quieter moment");
        lock (_compactionsGate)
        {
            var (count, withProjections, elapsed) = _compactions;
            _compactions = (count + 1, withProjections + (projections ? 1 : 0), elapsed + System.Diagnostics.Stopwatch.GetElapsedTime(started));
        }

        return result;
    }

    private async Task CompactPeriodicallyAsync(EmbeddedLineageStore store, CancellationToken stopping)
    {
        var lastCount = store.Lake.EventsThrough;
        var projectedAt = DateTimeOffset.UtcNow;
        var projectionBehind = store.Lake.ProjectedThrough < lastCount;
        var seen = store.Count;
        var earliest = DateTimeOffset.MinValue;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), stopping);
                var count = store.Count;
                var step = CompactionSchedule.Next(_options, count - lastCount, quiet: count == seen, DateTimeOffset.UtcNow - projectedAt, projectionBehind);
                seen = count;

                // Compaction takes at most a tenth of the time: after one that took T, the next waits until 9T has
                // passed, so a busy server keeps its cores for ingest and answers while the log grows a little longer.
                // And it runs below their priority (BackgroundPriority), taking what they leave of the cores; on busy
                // cores it then takes longer, and the next waits longer too. Spaced by its CPU time instead, it ran
                // eleven times in a 30 s phase of batches instead of one or two, and batches were slower for it.
                if (step != CompactionStep.None && DateTimeOffset.UtcNow >= earliest)
                {
                    var started = DateTimeOffset.UtcNow;
                    var projections = step == CompactionStep.EventsAndProjections;
                    var result = await CompactAsync(projections, upkeep: true, stopping);
                    lastCount = result.LakeThrough;
                    var ended = DateTimeOffset.UtcNow;
                    if (projections)
                    {
                        projectedAt = ended;
                        projectionBehind = false;
                    }
                    else
                    {
                        projectionBehind |= result.Appended > 0;
                    }

                    earliest = ended + (9 * (ended - started));
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                // The lake is at worst one compaction behind and the log still holds everything: retry later.
                _logger.LogError(ex, "Compacting the lineage store failed; retrying at the next interval");
                projectedAt = DateTimeOffset.UtcNow;
            }
        }
    }

    /// <summary>Stops the live stream and closes the store; every acknowledged event is already durable.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Stream.Complete();
        await DisposeAsync();
    }

    /// <summary>Closes the store (idempotent).</summary>
    public async ValueTask DisposeAsync()
    {
        // The host's stop and the container's disposal may both get here, possibly at once: only the first closes.
        IDisposable[] subscriptions;
        ILineageStore? store;
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync();
        }

        await _compactor;
        await _follower;
        if (_replica is { } replica)
        {
            // A clean stop leaves a checkpoint covering everything, so the next start replays nothing.
            replica.Dispose();
            await replica.TryWriteCheckpointAsync(CancellationToken.None);
        }

        lock (_lock)
        {
            subscriptions = [.. _subscriptions];
            _subscriptions.Clear();
            store = _store;
            _store = null;
            _replica = null;
            _embedded = null;
        }

        foreach (var subscription in subscriptions)
        {
            subscription.Dispose();
        }

        if (store is not null)
        {
            await store.DisposeAsync();
            _logger.LogInformation("Lineage store closed");
        }
    }

    /// <summary>Logs a stored event that does not read even leniently (a read skips it rather than failing).</summary>
    internal void ReportUnreadable(long sequence, string problem) =>
        _logger.LogWarning("Stored event #{Sequence} does not read as JSON and was left out of the answer: {Problem}", sequence, problem);

    private static InvalidOperationException NotStarted() => new("The lineage service has not started (or has stopped).");
}

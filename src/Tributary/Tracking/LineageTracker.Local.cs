using Microsoft.Extensions.Logging;
using Tributary.Graph;
using Tributary.Model;
using Tributary.Storage;
using Tributary.Storage.Lake;

namespace Tributary.Tracking;

// The tracking-system document's tracker: it owns a lineage graph, fed through the same ingest door and replica as
// every other door, and optionally keeps its events in a store or sends them to a server as well.
public sealed partial class LineageTracker
{
    private readonly LocalLineage? _local;

    /// <summary>
    /// Creates a tracker that keeps lineage in memory: its <see cref="Operations"/>, <see cref="Nodes"/> and
    /// <see cref="Graph"/> answer at once, and nothing is written anywhere. Dispose it to stop its background queue.
    /// </summary>
    public LineageTracker()
        : this(Open(new InMemoryLineageStore(), ownsStore: true, null, null, null, null))
    {
    }

    /// <summary>
    /// Creates a tracker that keeps its lineage in a Parquet lake (the document's <c>LineageTracker(storage_backend=LineageMetadataRepository(path))</c>):
    /// events go durably into the lake's <c>_log</c> folder through the ingest door, and disposing the tracker (or
    /// <see cref="CompactAsync"/>) writes <c>lineage_operations/date=…</c>, <c>lineage_nodes</c> and
    /// <c>lineage_relationships</c> at the lake's root. A tracker opened again on the same lake starts with everything
    /// kept there. Throws <see cref="ArgumentException"/> when <paramref name="config"/> is not valid, and
    /// <see cref="IOException"/> when the lake's folder cannot be used or another process holds it.
    /// </summary>
    /// <param name="storageBackend">The lake; null keeps lineage in memory only.</param>
    /// <param name="config">What to track (operation types, repositories, node budget, namespace); default <see cref="LineageConfig.Default"/>.</param>
    /// <param name="timeProvider">Where event times and "now" come from; default the system clock.</param>
    /// <param name="loggerFactory">Where the tracker logs (category <c>Tributary</c>); default none.</param>
    public LineageTracker(LineageMetadataRepository? storageBackend, LineageConfig? config = null, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
        : this(Open(storageBackend is null ? new InMemoryLineageStore() : EmbeddedLineageStore.Open(storageBackend), ownsStore: true, null, config, timeProvider, loggerFactory))
    {
    }

    /// <summary>
    /// Creates a tracker that keeps its lineage in a store you opened (the embedded store of <c>tributary --store</c>,
    /// PostgreSQL, or in memory); the tracker does not dispose it. Throws <see cref="ArgumentException"/> when
    /// <paramref name="config"/> is not valid.
    /// </summary>
    public LineageTracker(ILineageStore storageBackend, LineageConfig? config = null, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
        : this(Open(storageBackend ?? throw new ArgumentNullException(nameof(storageBackend)), ownsStore: false, null, config, timeProvider, loggerFactory))
    {
    }

    /// <summary>
    /// Creates a tracker that sends every event to a lineage server (<c>POST {url}/api/v1/lineage</c>, with the API key
    /// of <paramref name="config"/>'s transport, if any) and keeps its own lineage in memory for
    /// <see cref="Operations"/> and queries. Throws <see cref="ArgumentException"/> for a URL that is not absolute
    /// http(s) or a configuration that is not valid.
    /// </summary>
    public LineageTracker(Uri server, LineageConfig? config = null, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
        : this(Open(new InMemoryLineageStore(), ownsStore: true, ServerTransport(server, config), config, timeProvider, loggerFactory))
    {
    }

    /// <summary>
    /// Creates a tracker from configuration (the document's <c>LineageConfig</c>): with <c>enable_persistence</c> it keeps
    /// lineage in the Parquet lake at <c>base_path</c>, otherwise in memory; a configured transport (a server URL, a
    /// file, the console) gets every event as well; <c>OPENLINEAGE_DISABLED</c> tracks nothing. Throws
    /// <see cref="ArgumentException"/> listing every problem <see cref="LineageConfig.Validate"/> finds.
    /// </summary>
    public LineageTracker(LineageConfig config, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
        : this(OpenFromConfig(config ?? throw new ArgumentNullException(nameof(config)), timeProvider, loggerFactory))
    {
    }

    /// <summary>The configuration the tracker was created from (<see cref="LineageConfig.Default"/> when none was given); null for trackers made by <c>Create(TrackerOptions)</c>.</summary>
    public LineageConfig? Config { get; }

    /// <summary>
    /// The tracker's lineage graph, kept by the same replica the CLI and server use; every read of it first waits for
    /// the events tracked before it. Null for trackers made by <c>Create(TrackerOptions)</c>, which only send events.
    /// </summary>
    public LineageGraph? Graph => _local?.Graph;

    /// <summary>The store the tracker's events are kept in; null for trackers made by <c>Create(TrackerOptions)</c>.</summary>
    public ILineageStore? Store => _local?.Store;

    /// <summary>
    /// Every operation the tracker holds (the document's <c>tracker.operations</c>): each run by id, with its operation
    /// type, inputs and outputs with record counts, timing and <see cref="RunInfo.ErrorInfo"/>. Operations older than
    /// <see cref="LineageConfig.OperationRetentionHours"/>, and the oldest once <see cref="LineageConfig.MaxGraphNodes"/>
    /// is passed, are no longer held (the store keeps them). Empty for a tracker that only sends events.
    /// </summary>
    public IReadOnlyDictionary<RunId, RunInfo> Operations
    {
        get
        {
            var runs = _local?.Graph.GetRuns() ?? [];
            var operations = new Dictionary<RunId, RunInfo>(runs.Count);
            foreach (var run in runs)
            {
                operations[run.Id] = run;
            }

            return operations;
        }
    }

    /// <summary>
    /// Every data source of the operations the tracker holds (the document's <c>tracker.nodes</c>), by node id, each with its
    /// <see cref="DatasetInfo.SourceType"/>, location, schema, times and version count. Empty for a tracker that only sends events.
    /// </summary>
    public IReadOnlyDictionary<NodeId, DatasetInfo> Nodes
    {
        get
        {
            var datasets = _local?.Graph.GetDatasets() ?? [];
            var nodes = new Dictionary<NodeId, DatasetInfo>(datasets.Count);
            foreach (var dataset in datasets)
            {
                nodes[dataset.Node] = dataset;
            }

            return nodes;
        }
    }

    /// <summary>
    /// Makes <paramref name="tracker"/> the process-wide tracker (the document's <c>set_global_tracker</c>): code with no
    /// tracker passed to it, and repositories registered with <c>AddLineageTracking</c>, track through it.
    /// </summary>
    public static void SetGlobalTracker(LineageTracker tracker) => Global = tracker;

    /// <summary>
    /// Writes what the tracker's store holds to its Parquet lake now (events, operations, nodes, relationships), as
    /// disposing does; returns what was written, or null when the store has no lake (memory, PostgreSQL).
    /// </summary>
    public async Task<CompactionResult?> CompactAsync(CancellationToken cancellationToken = default)
    {
        if (_local is null)
        {
            return null;
        }

        await FlushAsync(cancellationToken).ConfigureAwait(false);
        var result = await _local.CompactAsync(cancellationToken).ConfigureAwait(false);
        if (result is not null)
        {
            TrackerLog.Compacted(Logger, result.Appended, result.LakeThrough);
        }

        return result;
    }

    private static Parts Open(ILineageStore store, bool ownsStore, ILineageTransport? also, LineageConfig? config, TimeProvider? timeProvider, ILoggerFactory? loggerFactory)
    {
        config ??= LineageConfig.Default;
        config.ThrowIfInvalid();
        LocalLineage local;
        try
        {
            // Opening reads the store (and its checkpoint) asynchronously; a constructor can only wait for it. The
            // work runs on the thread pool so a caller's synchronization context cannot deadlock it.
            local = Task.Run(() => LocalLineage.OpenAsync(store, ownsStore, config, timeProvider ?? TimeProvider.System)).GetAwaiter().GetResult();
        }
        catch (Exception) when (also is IAsyncDisposable)
        {
            ((IAsyncDisposable)also).DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }

        var options = config.ToTrackerOptions(null) is var configured && configured.Enabled
            ? configured.With(also is null ? new StoreTransport(local.Ingestor) : new CompositeTransport([new StoreTransport(local.Ingestor), also]), timeProvider, loggerFactory)
            : configured.With(null, timeProvider, loggerFactory);
        var buffer = options.Enabled ? CreateBuffer(options) : null;
        return new Parts(options, buffer, local, config);
    }

    private static Parts OpenFromConfig(LineageConfig config, TimeProvider? timeProvider, ILoggerFactory? loggerFactory)
    {
        config.ThrowIfInvalid();
        var store = config.EnablePersistence
            ? (ILineageStore)EmbeddedLineageStore.Open(new LineageMetadataRepository(config.BasePath))
            : new InMemoryLineageStore();
        return Open(store, ownsStore: true, config.ConfiguredTransport(), config, timeProvider, loggerFactory);
    }

    private static HttpTransport ServerTransport(Uri server, LineageConfig? config)
    {
        ArgumentNullException.ThrowIfNull(server);
        if (!server.IsAbsoluteUri || server.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"The lineage server URL '{server}' is not an absolute http(s) URL; give one such as http://localhost:5000.", nameof(server));
        }

        return new HttpTransport(new HttpTransportOptions { Url = server, ApiKey = config?.Transport.ApiKey });
    }

    // Called before every read of the graph: the read sees every event tracked before it, and no operation older than
    // the retention. Cheap when nothing is queued or due.
    private void CatchUp()
    {
        if (Volatile.Read(ref _disposed) != 0 || BufferedTransport.OnConsumer)
        {
            return;
        }

        if (_buffer is { Pending: > 0 } buffer)
        {
            buffer.FlushAsync(CancellationToken.None).GetAwaiter().GetResult();
        }

        _local?.TrimIfDue();
    }

    private async ValueTask DisposeLocalAsync()
    {
        if (_local is not null)
        {
            _local.Graph.BeforeRead = null;
            await _local.DisposeAsync().ConfigureAwait(false);
        }
    }

    private sealed record Parts(TrackerOptions Options, BufferedTransport? Buffer, LocalLineage Local, LineageConfig Config);
}

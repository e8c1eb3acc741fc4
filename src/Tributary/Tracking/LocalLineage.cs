using Tributary.Export;
using Tributary.Graph;
using Tributary.Ingest;
using Tributary.Storage;

namespace Tributary.Tracking;

/// <summary>
/// A tracker's own lineage: a store, the ingest door into it and the replica that keeps the graph, the same three
/// parts the CLI and the server open, so the tracker's graph is built exactly as theirs is.
/// </summary>
internal sealed class LocalLineage : IAsyncDisposable
{
    private readonly bool _ownsStore;
    private int _disposed;

    private LocalLineage(ILineageStore store, bool ownsStore, LineageIngestor ingestor, LineageReplica replica, TrackerWindow window)
    {
        Store = store;
        _ownsStore = ownsStore;
        Ingestor = ingestor;
        Replica = replica;
        Window = window;
    }

    public ILineageStore Store { get; }

    public LineageIngestor Ingestor { get; }

    public LineageReplica Replica { get; }

    public LineageGraph Graph => Replica.Graph;

    // What keeps the graph within max_graph_nodes and operation_retention_hours.
    public TrackerWindow Window { get; }

    public static async Task<LocalLineage> OpenAsync(ILineageStore store, bool ownsStore, LineageConfig config, TimeProvider time, CancellationToken cancellationToken = default)
    {
        try
        {
            // Every stored event is replayed through the window (no graph checkpoint), so a reopened tracker's history
            // obeys the same node budget and retention as what it tracks next.
            var graph = new LineageGraph();
            var window = new TrackerWindow(graph, config, time);
            var ingestor = await LineageIngestor.OpenAsync(store, cancellationToken: cancellationToken).ConfigureAwait(false);
            var replica = await LineageReplica.OpenAsync(store, LineageReplicaOptions.Default, graph, window, cancellationToken).ConfigureAwait(false);
            await replica.FollowAsync(ingestor, cancellationToken).ConfigureAwait(false);
            return new LocalLineage(store, ownsStore, ingestor, replica, window);
        }
        catch (Exception) when (ownsStore)
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Applies the retention now (time passes without events too); cheap when nothing is due.</summary>
    public void TrimIfDue() => Replica.RunExclusive(Window.TrimIfDue);

    /// <summary>
    /// Writes the store's events and the operations, nodes and relationships of all of them to its Parquet lake; null
    /// for a store without one. Once the window dropped operations, the tables come from a graph of every stored
    /// event, built for the occasion, so the lake keeps what memory no longer does.
    /// </summary>
    public async Task<CompactionResult?> CompactAsync(CancellationToken cancellationToken = default)
    {
        if (Store is not EmbeddedLineageStore embedded)
        {
            return null;
        }

        if (Window.Trims == 0)
        {
            return await embedded.CompactAsync(new LakeProjectionExporter(Graph), cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        using var whole = await LineageReplica.OpenAsync(store: embedded, LineageReplicaOptions.ForStore(embedded.Directory), cancellationToken: cancellationToken).ConfigureAwait(false);
        var result = await embedded.CompactAsync(new LakeProjectionExporter(whole.Graph), cancellationToken: cancellationToken).ConfigureAwait(false);
        whole.Graph.Dispose();
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Replica.Dispose();
        if (!_ownsStore)
        {
            return;
        }

        if (Store.Count > 0)
        {
            // The document's layout (lineage_operations, lineage_nodes, lineage_relationships) is there once the
            // tracker is done.
            await CompactAsync().ConfigureAwait(false);
        }

        await Store.DisposeAsync().ConfigureAwait(false);
    }
}

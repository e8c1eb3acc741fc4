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

    private LocalLineage(ILineageStore store, bool ownsStore, LineageIngestor ingestor, LineageReplica replica)
    {
        Store = store;
        _ownsStore = ownsStore;
        Ingestor = ingestor;
        Replica = replica;
    }

    public ILineageStore Store { get; }

    public LineageIngestor Ingestor { get; }

    public LineageReplica Replica { get; }

    public LineageGraph Graph => Replica.Graph;

    public static async Task<LocalLineage> OpenAsync(ILineageStore store, bool ownsStore, CancellationToken cancellationToken = default)
    {
        try
        {
            // An embedded store keeps its graph checkpoint beside its log, so reopening replays only the tail.
            var options = store is EmbeddedLineageStore embedded ? LineageReplicaOptions.ForStore(embedded.Directory) : LineageReplicaOptions.Default;
            var ingestor = await LineageIngestor.OpenAsync(store, cancellationToken: cancellationToken).ConfigureAwait(false);
            var replica = await LineageReplica.OpenAsync(store, options, cancellationToken: cancellationToken).ConfigureAwait(false);
            await replica.FollowAsync(ingestor, cancellationToken).ConfigureAwait(false);
            return new LocalLineage(store, ownsStore, ingestor, replica);
        }
        catch (Exception) when (ownsStore)
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Writes the store's events and the graph's operations, nodes and relationships to its Parquet lake; null for a store without one.</summary>
    public async Task<CompactionResult?> CompactAsync(CancellationToken cancellationToken = default) =>
        Store is EmbeddedLineageStore embedded
            ? await embedded.CompactAsync(new LakeProjectionExporter(Graph), cancellationToken: cancellationToken).ConfigureAwait(false)
            : null;

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
            // tracker is done, and a reopen starts from the checkpoint instead of replaying.
            await CompactAsync().ConfigureAwait(false);
            await Replica.TryWriteCheckpointAsync().ConfigureAwait(false);
        }

        await Store.DisposeAsync().ConfigureAwait(false);
    }
}

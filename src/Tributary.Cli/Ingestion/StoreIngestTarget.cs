using Tributary.Ingest;
using Tributary.Model;
using Tributary.Storage;

namespace Tributary.Cli.Ingestion;

/// <summary>
/// Ingests straight into the embedded store (its log and its lake) through the ingest door, with the store's graph
/// following the ingest, so its checkpoint is current when the command ends and reused runIds are noticed.
/// </summary>
internal sealed class StoreIngestTarget : IngestTarget
{
    private readonly EmbeddedLineageStore _store;
    private readonly LineageIngestor _ingestor;
    private readonly LineageReplica _replica;
    private readonly List<string> _warnings;
    private readonly string? _checkpointPath;
    private readonly long _countAtOpen;

    private StoreIngestTarget(EmbeddedLineageStore store, LineageIngestor ingestor, LineageReplica replica, List<string> warnings, string? checkpointPath)
    {
        _store = store;
        _ingestor = ingestor;
        _replica = replica;
        _warnings = warnings;
        _checkpointPath = checkpointPath;
        _countAtOpen = store.Count;
    }

    /// <inheritdoc />
    public override string Destination => "into " + _store.Directory;

    /// <inheritdoc />
    public override IReadOnlyList<string> Warnings => _warnings;

    /// <inheritdoc />
    public override long? StoredSinceOpened => _store.Count - _countAtOpen;

    /// <summary>How many graph checkpoints this ingest has written so far.</summary>
    internal long CheckpointsWritten => _replica.CheckpointsWritten;

    // A bulk ingest writes the graph's checkpoint when it ends (CompleteAsync). One written on the way serialises the
    // whole graph while the ingest goes on (200,000 events took 3.9 s with one at 100,000, as a server writes them,
    // and 3.8 s without), and only saves the next opening a replay if this process dies first; so on the way it is
    // written only every million events, which bounds that replay.
    private const int CheckpointEveryEvents = 1_000_000;

    /// <summary>Opens the ingest door and the store's graph over <paramref name="store"/>, which the target then owns; <paramref name="deriveSqlLineage"/> false derives no column lineage from SQL.</summary>
    public static async Task<StoreIngestTarget> OpenAsync(EmbeddedLineageStore store, bool deriveSqlLineage, CancellationToken cancellationToken)
    {
        var ingestor = await LineageIngestor.OpenAsync(store, cancellationToken: cancellationToken);
        // The stored events' digests are read on another core while the graph's checkpoint loads on this one.
        _ = ingestor.Ready;
        var warnings = new List<string>();
        var options = LineageReplicaOptions.ForStore(store.Directory) with
        {
            OnWarning = warnings.Add, DeriveColumnLineageFromSql = deriveSqlLineage, CheckpointEveryEvents = CheckpointEveryEvents,
        };
        var replica = await LineageReplica.OpenAsync(store, options, cancellationToken: cancellationToken);
        try
        {
            // Warnings about events stored before are not this command's news.
            warnings.Clear();
            await replica.FollowAsync(ingestor, cancellationToken);
            return new StoreIngestTarget(store, ingestor, replica, warnings, options.CheckpointPath);
        }
        catch
        {
            replica.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public override Task<IngestSummary> IngestManyAsync(Stream content, Action<int>? progress, IngestTurn? turn, CancellationToken cancellationToken) =>
        _ingestor.IngestManyAsync(content, progress is null ? null : r => progress(r.Raw.Length + 1), turn, cancellationToken);

    /// <inheritdoc />
    public override async Task<IngestSummary> IngestAsync(IReadOnlyList<LineageEvent> events, CancellationToken cancellationToken)
    {
        int accepted = 0, duplicates = 0;
        var rejected = new List<IngestResult>();
        for (var i = 0; i < events.Count; i++)
        {
            var result = await _ingestor.IngestAsync(events[i], cancellationToken);
            switch (result.Outcome)
            {
                case IngestOutcome.Accepted: accepted++; break;
                case IngestOutcome.Duplicate: duplicates++; break;
                default: rejected.Add(new IngestResult(IngestOutcome.Rejected, i, 1, result.Raw) { Errors = result.Errors, Warnings = result.Warnings }); break;
            }
        }

        return new IngestSummary { Accepted = accepted, Duplicates = duplicates, Rejected = rejected };
    }

    /// <inheritdoc />
    public override void ExpectBytes(long bytes) => _replica.ExpectBytes(bytes);

    /// <inheritdoc />
    public override async Task CompleteAsync(CancellationToken cancellationToken)
    {
        // A few events added to a large store are left for the next opening to replay (LineageReplicaOptions.ShortTail):
        // rewriting the checkpoint for them cost 0.42 s of a 1,000-event ingest into 100,000 events.
        // The checkpoint goes to disk past the page cache, and the command after an ingest (a query, the next ingest)
        // opens it first: it is read back into the cache in the background as this command ends.
        if (await _replica.TryWriteCheckpointUnlessTailIsShortAsync(cancellationToken) && _checkpointPath is { } path)
        {
            PageCache.Prefetch(path);
        }
    }

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        _replica.Dispose();
        await _store.DisposeAsync();
    }
}

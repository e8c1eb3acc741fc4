using System.Runtime.CompilerServices;
using Tributary.Model;
using Tributary.Storage.Lake;

namespace Tributary.Storage;

/// <summary>
/// The embedded store as the CLI and the server open it: the durable log (<see cref="FileLineageStore"/>, folder
/// <c>events/</c>) that takes every append, and the Parquet lake (<see cref="LineageMetadataRepository"/>, folder
/// <c>lake/</c>) that compaction moves the log into. Reads see one sequence: the lake's events up to its
/// <c>EventsThrough</c>, then the log's. Compaction drops the log segments the lake covers, so reopening reads a
/// bounded log plus Parquet, and retention can drop old raw events from the lake.
/// </summary>
/// <example>
/// <code>
/// await using var store = EmbeddedLineageStore.Open("./lineage");
/// using var replica = await LineageReplica.OpenAsync(store, LineageReplicaOptions.ForStore("./lineage"));
/// await store.CompactAsync(new LakeProjectionExporter(graph), retainDays: 90);
/// </code>
/// </example>
public sealed class EmbeddedLineageStore : ILineageStore, IRangeAppender, IOriginalReader
{
    /// <summary>The lake's sub-folder inside the store folder: <c>lake</c>.</summary>
    public const string LakeFolder = "lake";

    /// <summary>The log's sub-folder inside a lake opened by <see cref="Open(LineageMetadataRepository, FileLineageStoreOptions?)"/>: <c>_log</c>.</summary>
    public const string LakeLogFolder = "_log";

    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _compaction = new(1, 1);
    private int _activeReads;
    private bool _changing;

    private EmbeddedLineageStore(FileLineageStore log, LineageMetadataRepository lake)
    {
        Log = log;
        Lake = lake;
    }

    /// <summary>The durable log every append goes to.</summary>
    public FileLineageStore Log { get; }

    /// <summary>The lake compaction writes to.</summary>
    public LineageMetadataRepository Lake { get; }

    /// <summary>The store's folder, as a full path.</summary>
    public string Directory => Log.Directory;

    /// <inheritdoc />
    public long Count => Log.Count;

    /// <summary>
    /// Opens the store in <paramref name="directory"/> (creating it unless read-only): the log in <c>events/</c>,
    /// checked and repaired as <see cref="FileLineageStore.Open"/> does, and the lake in <c>lake/</c>.
    /// </summary>
    public static EmbeddedLineageStore Open(string directory = FileLineageStore.DefaultDirectory, FileLineageStoreOptions? options = null, LakeOptions? lakeOptions = null)
    {
        var log = FileLineageStore.Open(directory, options);
        return Join(log, new LineageMetadataRepository(Path.Combine(log.Directory, LakeFolder), lakeOptions));
    }

    /// <summary>
    /// Opens a store whose lake is <paramref name="lake"/> (the tracking-system document's layout at the lake's root)
    /// and whose log is the lake's <c>_log</c> folder, which Spark, Trino and DuckDB skip as they skip every folder
    /// starting with <c>_</c>. This is what <c>new LineageTracker(storageBackend: lake)</c> opens.
    /// </summary>
    public static EmbeddedLineageStore Open(LineageMetadataRepository lake, FileLineageStoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(lake);
        return Join(FileLineageStore.Open(Path.Combine(lake.Root, LakeLogFolder), options), lake);
    }

    private static EmbeddedLineageStore Join(FileLineageStore log, LineageMetadataRepository lake)
    {
        var through = lake.EventsThrough;
        if (log.FirstSequence > through + 1)
        {
            var first = log.FirstSequence;
            log.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw new LineageStoreCorruptedException(Path.Combine(log.Directory, "events"), 0, through + 1,
                $"the log starts at event {first} but the lake holds events only up to {through}, so events are missing");
        }

        return new EmbeddedLineageStore(log, lake);
    }

    /// <inheritdoc />
    public ValueTask AppendAsync(LineageEvent lineageEvent, CancellationToken cancellationToken = default) =>
        Log.AppendAsync(lineageEvent, cancellationToken);

    /// <inheritdoc />
    public ValueTask<StoredEvent> AppendAsync(ReadOnlyMemory<byte> raw, DateTimeOffset eventTime, EventDigest digest, CancellationToken cancellationToken = default) =>
        Log.AppendAsync(raw, eventTime, digest, cancellationToken);

    // Its appends are its log's.
    Task<AppendedRange> IRangeAppender.AppendRangeAsync(IReadOnlyList<AppendRecord> records) => ((IRangeAppender)Log).AppendRangeAsync(records);

    /// <summary>
    /// The events with sequence numbers from <paramref name="fromSequence"/> to <paramref name="toSequence"/> (both
    /// included), in order: from the lake, then from the log. Events removed by retention are skipped.
    /// </summary>
    /// <remarks>
    /// A store opened read-only reads while another process writes: when that writer's compaction drops log
    /// segments this store had not read yet, their events are in the lake by then, so they are read from there.
    /// </remarks>
    public async IAsyncEnumerable<StoredEvent> ReadAsync(long fromSequence = 1, long toSequence = long.MaxValue, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var lakeThrough = BeginRead();
        try
        {
            var next = fromSequence;
            while (true)
            {
                if (next <= lakeThrough)
                {
                    await foreach (var stored in Lake.ReadEventsAsync(next, Math.Min(toSequence, lakeThrough), cancellationToken).ConfigureAwait(false))
                    {
                        yield return stored;
                    }

                    next = lakeThrough + 1;
                }

                if (next > toSequence)
                {
                    yield break;
                }

                var dropped = false;
                var log = Log.ReadAsync(next, toSequence, cancellationToken).GetAsyncEnumerator(cancellationToken);
                try
                {
                    while (true)
                    {
                        bool more;
                        try
                        {
                            more = await log.MoveNextAsync().ConfigureAwait(false);
                        }
                        catch (FileNotFoundException) when (Log.IsReadOnly && Lake.EventsThrough >= next)
                        {
                            // The segment holding `next` was dropped after this store opened: the lake covers it now.
                            (more, dropped) = (false, true);
                        }

                        if (!more)
                        {
                            break;
                        }

                        next = log.Current.Sequence + 1;
                        yield return log.Current;
                    }
                }
                finally
                {
                    await log.DisposeAsync().ConfigureAwait(false);
                }

                if (!dropped)
                {
                    yield break;
                }

                lakeThrough = Lake.EventsThrough;
            }
        }
        finally
        {
            EndRead();
        }
    }

    /// <summary>
    /// Reads as <see cref="ReadAsync"/> does, but from the log while it still holds the events: compacting copies them
    /// into the lake and leaves the segment being written, and one event read from the log costs its own bytes where
    /// the lake decodes a row group. 5,000 duplicates sent one per request to a server whose store was just compacted
    /// took 3.8-8.1 s to confirm from the lake.
    /// </summary>
    async IAsyncEnumerable<StoredEvent> IOriginalReader.ReadOriginalsAsync(long fromSequence, long toSequence)
    {
        if (!Log.IsReadOnly)
        {
            BeginRead();
            try
            {
                if (Log.FirstSequence <= fromSequence)
                {
                    foreach (var stored in Log.Read(fromSequence, toSequence))
                    {
                        yield return stored;
                    }

                    yield break;
                }
            }
            finally
            {
                EndRead();
            }
        }

        await foreach (var stored in ReadAsync(fromSequence, toSequence).ConfigureAwait(false))
        {
            yield return stored;
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<StoredDigest> ReadDigestsAsync(long fromSequence = 1, long toSequence = long.MaxValue, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (Log.IsReadOnly)
        {
            // A reader may see another process's compaction drop segments mid-read; ReadAsync knows how to follow that.
            await foreach (var stored in ReadAsync(fromSequence, toSequence, cancellationToken).ConfigureAwait(false))
            {
                yield return new StoredDigest(stored.Sequence, stored.Digest);
            }

            yield break;
        }

        var lakeThrough = BeginRead();
        try
        {
            if (fromSequence <= lakeThrough)
            {
                await foreach (var digest in Lake.ReadDigestsAsync(fromSequence, Math.Min(toSequence, lakeThrough), cancellationToken).ConfigureAwait(false))
                {
                    yield return digest;
                }
            }

            foreach (var digest in Log.ReadDigests(Math.Max(fromSequence, lakeThrough + 1), toSequence))
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return digest;
            }
        }
        finally
        {
            EndRead();
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<StoredEvent> ReadByEventTimeAsync(DateTimeOffset from, DateTimeOffset until, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var lakeThrough = BeginRead();
        try
        {
            await foreach (var stored in Lake.ReadEventsAsync(from, until, cancellationToken).ConfigureAwait(false))
            {
                if (stored.Sequence <= lakeThrough)
                {
                    yield return stored;
                }
            }

            await foreach (var stored in Log.ReadByEventTimeAsync(from, until, cancellationToken).ConfigureAwait(false))
            {
                if (stored.Sequence > lakeThrough)
                {
                    yield return stored;
                }
            }
        }
        finally
        {
            EndRead();
        }
    }

    /// <summary>
    /// One page of the events by event time (see <see cref="ILineageStore.ReadPageByEventTimeAsync"/>), in time
    /// proportional to the page, not the store: the lake's row groups are chosen by their statistics and only those the
    /// page falls in are read (their sequence and event-time columns; see <see cref="EventPager"/>), the log's records by
    /// its in-memory index, and then only the page's events are read, each from its own Parquet page (found through the
    /// offset index) or log record. The total comes from the footers wherever a row group lies wholly inside the range.
    /// </summary>
    public async Task<EventPage> ReadPageByEventTimeAsync(DateTimeOffset from, DateTimeOffset until, bool descending, int offset, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return ReadPage(from, until, descending, offset, limit, cancellationToken);
            }
            catch (FileNotFoundException) when (Log.IsReadOnly && attempt < FileLineageStore.ReadOnlyRetries)
            {
                // Another process's compaction moved log segments into the lake mid-read: the lake holds them now.
                await Task.Delay(Math.Min(attempt, 50), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private EventPage ReadPage(DateTimeOffset from, DateTimeOffset until, bool descending, int offset, int limit, CancellationToken cancellationToken)
    {
        var lakeThrough = BeginRead();
        try
        {
            var runs = Lake.EventRuns(from, until, lakeThrough);
            runs.AddRange(Log.EventRuns(lakeThrough, from.UtcTicks, until.UtcTicks));
            cancellationToken.ThrowIfCancellationRequested();
            var (places, total) = EventPager.Page(runs, descending, offset, limit);

            var inLake = new List<LakeLocation>();
            foreach (var place in places)
            {
                if (place.InLake)
                {
                    inLake.Add(place.Lake);
                }
            }

            cancellationToken.ThrowIfCancellationRequested();
            var lakeEvents = Lake.ReadAt(inLake);
            var page = new List<StoredEvent>(places.Count);
            var next = 0;
            foreach (var place in places)
            {
                page.Add(place.InLake ? lakeEvents[next++] : FileLineageStore.ReadRecord(place.Log));
            }

            return new EventPage(page, total);
        }
        finally
        {
            EndRead();
        }
    }

    /// <summary>
    /// Compacts the log into the lake: appends the events the lake lacks, rewrites the lake's projection tables from
    /// <paramref name="projection"/> (which should reflect the store; with null they stay as they were), then, with
    /// <paramref name="retainDays"/>, drops raw events older than that many days from the lake (keeping, from the
    /// events alone, each job's and dataset's latest run, so whatever is rebuilt from them keeps what is current),
    /// and finally deletes the log segments the lake covers. Safe to interrupt and repeat.
    /// </summary>
    public async Task<CompactionResult> CompactAsync(ILakeProjection? projection, int? retainDays = null, TimeProvider? clock = null, CancellationToken cancellationToken = default)
    {
        if (retainDays is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(retainDays), retainDays, "Keep raw events for at least one day.");
        }

        await _compaction.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var appended = await Lake.CompactAsync(Log, projection, cancellationToken).ConfigureAwait(false);
            var expired = 0L;
            if (retainDays is { } days)
            {
                var cutoff = (clock ?? TimeProvider.System).GetUtcNow() - TimeSpan.FromDays(days);
                expired = await Lake.DropEventsBeforeAsync(cutoff, cancellationToken).ConfigureAwait(false);
            }

            var through = Lake.EventsThrough;
            var dropped = await DropCoveredSegmentsAsync(through, cancellationToken).ConfigureAwait(false);
            return new CompactionResult(appended, expired, dropped, through);
        }
        finally
        {
            _compaction.Release();
        }
    }

    /// <summary>Closes the log; everything acknowledged is durable.</summary>
    public ValueTask DisposeAsync() => Log.DisposeAsync();

    private long BeginRead()
    {
        var spin = default(SpinWait);
        while (true)
        {
            lock (_gate)
            {
                if (!_changing)
                {
                    _activeReads++;
                    return Lake.EventsThrough;
                }
            }

            spin.SpinOnce();
        }
    }

    private void EndRead()
    {
        lock (_gate)
        {
            _activeReads--;
        }
    }

    // Log files a reader may be about to open are removed only while no read is under way (new reads wait the few
    // milliseconds it takes). Under a constant stream of reads the drop gives up and the next compaction retries.
    private async Task<long> DropCoveredSegmentsAsync(long through, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (true)
        {
            lock (_gate)
            {
                if (_activeReads == 0)
                {
                    _changing = true;
                    break;
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                return 0;
            }

            await Task.Delay(5, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            return Log.DropSegmentsThrough(through);
        }
        finally
        {
            lock (_gate)
            {
                _changing = false;
            }
        }
    }
}

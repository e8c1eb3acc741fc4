using Tributary.Json;
using Tributary.Storage.Parquet;

namespace Tributary.Storage.Lake;

/// <summary>
/// The lineage lake: Hive-partitioned Parquet files that Spark, Trino and DuckDB read directly, in the first source
/// document's layout. <c>lineage_events/date=YYYY-MM-DD/</c> keeps every raw event (the facts);
/// <c>lineage_operations/date=YYYY-MM-DD/operations.parquet</c> has one row per run;
/// <c>lineage_nodes/nodes.parquet</c> and <c>lineage_relationships/relationships.parquet</c> hold the datasets,
/// jobs, fields and edges. The three projection tables are written from an <see cref="ILakeProjection"/> (the lake
/// keeps events and does not derive them). <c>_manifest.json</c> records how far the lake is committed.
/// </summary>
/// <remarks>
/// Every file is replaced atomically (temporary file, fsync, rename, fsync of the folder), and event files only
/// count once the manifest that vouches for them is written, so a crash at any moment leaves a readable lake that
/// is at worst one compaction behind. One process writes at a time; any number read. Time-range reads skip date
/// partitions by folder name and row groups by their min/max statistics. Raw events are stored as UTF-8 strings
/// and times with microsecond precision.
/// </remarks>
/// <example>
/// <code>
/// var lake = new LineageMetadataRepository("/data/lineage-lake");
/// await lake.CompactAsync(store, new LakeProjectionExporter(graph)); // append the store's new events, rewrite the projections
/// await lake.CompactAsync(store, null);                              // append the store's new events only
/// await foreach (var e in lake.ReadEventsAsync(from, until)) { /* ... */ }
/// var failed = lake.ReadOperations(from, until).Where(o => o.State == RunState.Fail);
/// </code>
/// </example>
public sealed partial class LineageMetadataRepository
{
    private const int EventPageSize = 64 * 1024;

    private readonly LakeOptions _options;
    private readonly SemaphoreSlim _writer = new(1, 1);

    /// <summary>Opens (or prepares to create) the lake in folder <paramref name="root"/>; nothing is written until the first write.</summary>
    public LineageMetadataRepository(string root, LakeOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        Root = Path.GetFullPath(root);
        _options = options ?? LakeOptions.Default;
        if (_options.RowGroupSize <= 0 || _options.EventsPerBatch <= 0)
        {
            throw new ArgumentException("RowGroupSize and EventsPerBatch must be positive.", nameof(options));
        }
    }

    /// <summary>The lake's folder (absolute).</summary>
    public string Root { get; }

    /// <summary>The sequence of the last event committed to the lake (0 for an empty lake); a store's tail starts after it.</summary>
    public long EventsThrough => LakeManifest.Read(Root).EventsThrough;

    /// <summary>The event sequence the operations, nodes and relationships were last written for (0 if never).</summary>
    public long ProjectedThrough => LakeManifest.Read(Root).ProjectedThrough;

    internal LakeScanCounters Counters { get; } = new();

    /// <summary>
    /// Appends <paramref name="events"/> (those past <see cref="EventsThrough"/>; earlier ones are already in the lake
    /// and skipped) and, given a <paramref name="projection"/> (which should reflect those events), rewrites the
    /// operations, nodes and relationships from it. With a null projection only the events are appended and the
    /// projection tables stay as they were (so <see cref="ProjectedThrough"/> lags).
    /// </summary>
    public async Task WriteAsync(IEnumerable<StoredEvent> events, ILakeProjection? projection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var manifest = PrepareForWrite();
            var batch = new EventBatches(this, manifest);
            try
            {
                foreach (var stored in events.Where(e => e.Sequence > manifest.EventsThrough).OrderBy(e => e.Sequence))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    batch.Add(stored);
                }

                manifest = batch.Commit();
            }
            finally
            {
                batch.Dispose();
            }

            if (projection is not null)
            {
                WriteProjections(projection, manifest);
            }
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>
    /// Compacts a store into the lake: appends the store's events after <see cref="EventsThrough"/> in batches of
    /// <see cref="LakeOptions.EventsPerBatch"/>, then, given a <paramref name="projection"/> (which should reflect the
    /// store), rewrites the operations, nodes and relationships from it; with a null projection only the events are
    /// appended and the projection tables stay as they were. Returns how many events were appended. Safe to repeat,
    /// and to interrupt.
    /// </summary>
    public async Task<long> CompactAsync(ILineageStore store, ILakeProjection? projection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var manifest = PrepareForWrite();
            var start = manifest.EventsThrough;
            var until = store.Count;
            var batch = new EventBatches(this, manifest);
            try
            {
                await foreach (var stored in store.ReadAsync(start + 1, until, cancellationToken).ConfigureAwait(false))
                {
                    batch.Add(stored);
                }

                manifest = batch.Commit();
            }
            finally
            {
                batch.Dispose();
            }

            if (projection is not null)
            {
                WriteProjections(projection, manifest);
            }

            return manifest.EventsThrough - start;
        }
        finally
        {
            _writer.Release();
        }
    }

    private LakeManifest PrepareForWrite()
    {
        AtomicFile.EnsureFolder(Root);
        AtomicFile.RemoveLeftovers(Root);
        var manifest = LakeManifest.Read(Root);

        // Event files past the manifest are what a crash left of an uncommitted batch; the batch is written again.
        foreach (var file in EventFiles(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, committedOnly: false))
        {
            if (file.Last > manifest.EventsThrough)
            {
                AtomicFile.Delete(file.Path);
            }
        }

        return manifest;
    }

    private ParquetWriterOptions WriterOptions(string kind) => new()
    {
        Compression = _options.Compression,
        Metadata = new Dictionary<string, string> { ["tributary.table"] = kind },

        // Small pages in event files: reading one event (a listing's page, an event by sequence) then
        // decompresses a 64 KB page that the offset index points to, not the row group's whole raw column.
        PageSize = kind == "events" ? EventPageSize : ParquetWriterOptions.Default.PageSize,
    };

    private void WriteTable(string path, ParquetSchema schema, int rows, Func<int, int, IReadOnlyList<ParquetColumnData>> rowGroup, string kind) =>
        AtomicFile.Write(path, stream =>
        {
            using var writer = new ParquetWriter(stream, schema, WriterOptions(kind), leaveOpen: true);
            for (var from = 0; from < rows; from += _options.RowGroupSize)
            {
                writer.WriteRowGroup(rowGroup(from, Math.Min(_options.RowGroupSize, rows - from)));
            }

            writer.Complete();
        });

    private IEnumerable<T> Scan<T>(string path, IReadOnlyList<string>? columns, Func<ParquetRowGroupInfo, bool> keep, Func<IReadOnlyList<ParquetColumnData>, int, T> row)
    {
        if (!File.Exists(path))
        {
            yield break;
        }

        using var reader = ParquetReader.Open(path);
        Counters.FileOpened();
        foreach (var group in reader.RowGroups)
        {
            if (!keep(group))
            {
                Counters.RowGroupSkipped();
                continue;
            }

            Counters.RowGroupRead();
            var data = reader.ReadRowGroup(group.Index, columns);
            for (var r = 0; r < group.RowCount; r++)
            {
                yield return row(data, r);
            }
        }
    }

    private static bool Overlaps(ParquetColumnStatistics? statistics, DateTimeOffset from, DateTimeOffset until) =>
        statistics is null
        || ((statistics.Max is not DateTimeOffset max || max >= from) && (statistics.Min is not DateTimeOffset min || min < until));
}

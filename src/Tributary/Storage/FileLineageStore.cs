using System.Globalization;
using System.Runtime.CompilerServices;
using Tributary.Model;

namespace Tributary.Storage;

/// <summary>
/// The embedded default store: a folder (default <c>./.tributary</c>) holding an append-only log of events in
/// segment files, each record checksummed, every append acknowledged only after fsync, with concurrent appends
/// sharing fsyncs (group commit). Opening verifies every record, cuts off a write torn by a crash and refuses to
/// open over damage to acknowledged events (<see cref="LineageStoreCorruptedException"/>).
/// </summary>
/// <example>
/// <code>
/// await using var store = FileLineageStore.Open(".tributary");
/// await foreach (var stored in store.ReadAsync()) { ... }
/// </code>
/// </example>
public sealed class FileLineageStore : ILineageStore, IRangeAppender
{
    /// <summary>The folder used when none is given: <c>.tributary</c>.</summary>
    public const string DefaultDirectory = ".tributary";

    private const string EventsFolder = "events";
    private const string LockFileName = "LOCK";
    private const string BaseFileName = "BASE";

    /// <summary>Whether <paramref name="directory"/> holds a store (its events folder), without opening it.</summary>
    public static bool Exists(string directory) => System.IO.Directory.Exists(Path.Combine(directory, EventsFolder));

    private readonly SegmentSet _segments;
    private readonly GroupCommitWriter? _writer;
    private readonly FileStream? _lock;
    private readonly FileLineageStoreOptions _options;
    private readonly long _readOnlyCount;
    private readonly Lock _verifying = new();
    private int _disposed;
    private bool _sealedVerified;

    private FileLineageStore(string directory, SegmentSet segments, long count, FileStream? lockFile, StoreRecovery? recovery, FileLineageStoreOptions options)
    {
        Directory = directory;
        _segments = segments;
        _lock = lockFile;
        _options = options;
        _readOnlyCount = count;
        Recovery = recovery;
        if (!options.ReadOnly)
        {
            _writer = new GroupCommitWriter(Path.Combine(directory, EventsFolder), segments, count + 1, options);
        }
    }

    /// <summary>The store's folder, as a full path.</summary>
    public string Directory { get; }

    /// <summary>True when the store was opened with <see cref="FileLineageStoreOptions.ReadOnly"/>: it reads a snapshot and never writes.</summary>
    public bool IsReadOnly => _writer is null;

    /// <summary>What opening repaired (a torn last write), or null when the store was intact.</summary>
    public StoreRecovery? Recovery { get; }

    /// <inheritdoc />
    public long Count => _writer?.CommittedSequence ?? _readOnlyCount;

    /// <summary>
    /// Opens the store in <paramref name="directory"/>, creating it if needed, and checks every record of its newest
    /// segment (older ones are checked when first read, and all of them before the first append: from the index each
    /// sealed segment leaves beside it while that still matches the file, otherwise by reading it). Throws
    /// <see cref="LineageStoreCorruptedException"/> when acknowledged events are damaged, <see cref="StoreLockedException"/>
    /// (an <see cref="IOException"/>) when another process has the store open for writing, and
    /// <see cref="StoreReadOnlyException"/> when its folder cannot be written.
    /// </summary>
    public static FileLineageStore Open(string directory = DefaultDirectory, FileLineageStoreOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        options ??= FileLineageStoreOptions.Default;
        options.Validate();
        var root = Path.GetFullPath(directory);
        var folder = Path.Combine(root, EventsFolder);
        FileStream? lockFile = null;
        if (!options.ReadOnly)
        {
            try
            {
                System.IO.Directory.CreateDirectory(folder);
            }
            catch (Exception ex) when (StoreReadOnlyException.IsReadOnly(ex))
            {
                throw new StoreReadOnlyException(root, ex);
            }

            lockFile = TakeLock(root);
        }

        try
        {
            var (segments, recovery) = RecoverSegments(folder, options.ReadOnly);
            var count = segments.Count == 0 ? (System.IO.Directory.Exists(folder) ? ReadBase(folder) : 0) : segments.Last.LastSequence;
            if (segments.Count == 0 && !options.ReadOnly)
            {
                var path = Path.Combine(folder, RecordFormat.SegmentFileName(count + 1));
                CreateSegmentFile(path, count + 1).Dispose();
                segments.Add(new Segment(path, count + 1) { TailDigests = [] });
            }

            return new FileLineageStore(root, segments, count, lockFile, recovery, options);
        }
        catch
        {
            lockFile?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Appends an event by writing it as JSON. Prefer the ingest path (<c>LineageIngestor</c>), which validates,
    /// normalises and deduplicates; this stores exactly what it is given.
    /// </summary>
    public async ValueTask AppendAsync(LineageEvent lineageEvent, CancellationToken cancellationToken = default)
    {
        var (raw, digest) = StoredEventEncoding.Encode(lineageEvent);
        await AppendAsync(raw, lineageEvent.EventTime, digest, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask<StoredEvent> AppendAsync(ReadOnlyMemory<byte> raw, DateTimeOffset eventTime, EventDigest digest, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var append = Enqueue(new PendingAppend(raw, eventTime.UtcTicks, digest), nameof(raw));
        return new ValueTask<StoredEvent>(cancellationToken.CanBeCanceled ? append.Single.WaitAsync(cancellationToken) : append.Single);
    }

    /// <summary>
    /// Appends a run of records in one group commit, with consecutive sequences; the task completes once all are durable
    /// (or fails, none of them acknowledged). The ingest door appends a chunk this way: one task for the chunk, not one per event.
    /// </summary>
    Task<AppendedRange> IRangeAppender.AppendRangeAsync(IReadOnlyList<AppendRecord> records) =>
        Enqueue(new PendingAppend(records), nameof(records)).Range;

    // What every append checks before it is queued: the store takes writes, is open, every record fits, and its sealed
    // segments were verified.
    private PendingAppend Enqueue(PendingAppend append, string parameter)
    {
        if (_writer is null)
        {
            throw new InvalidOperationException($"The store in {Directory} was opened read-only.");
        }

        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        for (var i = 0; i < append.Count; i++)
        {
            if (append[i].Raw.Length > _options.MaxEventBytes)
            {
                throw new ArgumentException($"The event is {append[i].Raw.Length} bytes; the store accepts at most {_options.MaxEventBytes}.", parameter);
            }
        }

        EnsureSealedVerified();
        _writer.Append(append);
        return append;
    }

    /// <inheritdoc />
    public IAsyncEnumerable<StoredEvent> ReadAsync(long fromSequence = 1, long toSequence = long.MaxValue, CancellationToken cancellationToken = default) =>
        StoreEnumeration.ToAsync(Read(fromSequence, toSequence), cancellationToken);

    /// <summary>The events with sequence numbers from <paramref name="fromSequence"/> to <paramref name="toSequence"/>, read synchronously.</summary>
    public IEnumerable<StoredEvent> Read(long fromSequence = 1, long toSequence = long.MaxValue)
    {
        var last = Math.Min(toSequence, Count);
        var from = Math.Max(1, fromSequence);
        return from > last ? [] : Scan(_segments.ViewsFrom(from, last), from, last, long.MinValue, long.MaxValue);
    }

    /// <summary>The digests of the events from <paramref name="fromSequence"/> to <paramref name="toSequence"/>, each record checked, its bytes not copied.</summary>
    public IEnumerable<StoredDigest> ReadDigests(long fromSequence = 1, long toSequence = long.MaxValue)
    {
        var last = Math.Min(toSequence, Count);
        var from = Math.Max(1, fromSequence);
        return from > last ? [] : ReadDigestsCore(from, last);
    }

    // Older segments no reader has indexed yet are indexed first, on every core, and give their digests in that same
    // read. Listing the segments used to index (and check) each one in turn and then read it again for its digests:
    // 178-212 ms for the digests of 100,000 realistic events, where this takes 68-134 ms.
    private IEnumerable<StoredDigest> ReadDigestsCore(long from, long last)
    {
        var pending = _segments.Snapshot().FindAll(s => !s.IsIndexed && s.LastSequence >= from && s.FirstSequence <= last);
        var taken = new List<EventDigest>?[pending.Count];

        // Damage is reported before any digest, as listing the segments (which indexes them) reported it before.
        IndexInParallel(pending, taken);

        var byPath = new Dictionary<string, (Segment Segment, List<EventDigest> Digests)>(StringComparer.Ordinal);
        for (var i = 0; i < pending.Count; i++)
        {
            if (taken[i] is { } digests)
            {
                byPath[pending[i].Path] = (pending[i], digests);
            }
        }

        foreach (var view in _segments.ViewsFrom(from, last))
        {
            if (!byPath.TryGetValue(view.Path, out var read))
            {
                foreach (var digest in Scan([view], from, last, long.MinValue, long.MaxValue, static (header, _) => new StoredDigest(header.Sequence, header.Digest)))
                {
                    yield return digest;
                }

                continue;
            }

            var first = read.Segment.FirstSequence;
            for (var sequence = Math.Max(from, first); sequence <= Math.Min(last, read.Segment.LastSequence); sequence++)
            {
                yield return new StoredDigest(sequence, read.Digests[(int)(sequence - first)]);
            }
        }
    }

    /// <inheritdoc />
    public IAsyncEnumerable<StoredDigest> ReadDigestsAsync(long fromSequence = 1, long toSequence = long.MaxValue, CancellationToken cancellationToken = default) =>
        StoreEnumeration.ToAsync(ReadDigests(fromSequence, toSequence), cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<StoredEvent> ReadByEventTimeAsync(DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        var last = Count;
        var views = _segments.ViewsFrom(1).Where(v => v.MaxEventTicks >= from.UtcTicks && v.MinEventTicks < until.UtcTicks).ToList();
        return StoreEnumeration.ToAsync(Scan(views, 1, last, from.UtcTicks, until.UtcTicks), cancellationToken);
    }

    /// <summary>
    /// The log's events after <paramref name="afterSequence"/> with an event time in [<paramref name="fromTicks"/>,
    /// <paramref name="untilTicks"/>), as runs a listing pages through (see <see cref="EventPager"/>): one per 8,192
    /// records of a segment, from the in-memory record index (offsets and event times), never the records themselves.
    /// </summary>
    internal List<EventRun> EventRuns(long afterSequence, long fromTicks, long untilTicks)
    {
        const int RunLength = 8192; // as many records as a lake row group holds: a page of a time-ordered log loads one run
        var runs = new List<EventRun>();
        foreach (var segment in _segments.RecordsSnapshot())
        {
            var ticks = segment.EventTicks;
            for (var runStart = Math.Max(0, afterSequence + 1 - segment.FirstSequence); runStart < segment.Count; runStart += RunLength)
            {
                // Counted and bounded in one pass over the index; the keys are only listed if a page falls in the run.
                var start = runStart;
                var end = Math.Min(segment.Count, runStart + RunLength);
                var count = 0L;
                var (lower, upper) = (new EventKey(long.MaxValue, long.MaxValue), new EventKey(long.MinValue, long.MinValue));
                for (var i = start; i < end; i++)
                {
                    if (ticks[i] >= fromTicks && ticks[i] < untilTicks)
                    {
                        var key = EventKey.Of(ticks[i], segment.FirstSequence + i);
                        lower = key.CompareTo(lower) < 0 ? key : lower;
                        upper = key.CompareTo(upper) > 0 ? key : upper;
                        count++;
                    }
                }

                if (count == 0)
                {
                    continue;
                }

                runs.Add(new EventRun(lower, upper, count, () =>
                {
                    var keys = new List<(EventKey Key, EventPlace Place)>((int)count);
                    for (var i = start; i < end; i++)
                    {
                        if (ticks[i] >= fromTicks && ticks[i] < untilTicks)
                        {
                            keys.Add((EventKey.Of(ticks[i], segment.FirstSequence + i), new EventPlace(false, default, new LogLocation(segment.Path, segment.Offsets[i], segment.Length))));
                        }
                    }

                    return keys;
                }));
            }
        }

        return runs;
    }

    /// <summary>Reads the one record at <paramref name="location"/>, checked as every read checks it.</summary>
    internal static StoredEvent ReadRecord(LogLocation location)
    {
        using var reader = new SegmentReader(location.Path, location.Offset, location.End, bufferSize: 8192);
        if (!reader.TryNext(out var status, out var header, out var raw, out var problem) || status != RecordStatus.Valid)
        {
            throw new LineageStoreCorruptedException(location.Path, location.Offset, 0, problem ?? "the record is missing");
        }

        return header.ToStoredEvent(raw.ToArray());
    }

    /// <summary>
    /// The sequence of the first event the log still holds: 1, unless <see cref="DropSegmentsThrough"/> dropped
    /// older segments (whose events then live elsewhere, such as the lake).
    /// </summary>
    public long FirstSequence => _segments.FirstSequence;

    /// <summary>
    /// Deletes the log's segment files whose events all have sequences up to <paramref name="sequence"/> (typically
    /// the lake's <c>EventsThrough</c>), never the segment being appended to, so reopening stays quick however long
    /// the store lives. Returns how many events were dropped. Reads of the dropped sequences return nothing
    /// afterwards, so the caller must keep those events elsewhere and must not drop while a read is enumerating them.
    /// </summary>
    /// <remarks>
    /// Crash-safe: the new first sequence is first written atomically to <c>events/BASE</c>, then the files are
    /// deleted; opening deletes files a crash left behind below that base, and still refuses a gap above it.
    /// </remarks>
    public long DropSegmentsThrough(long sequence)
    {
        if (_writer is null)
        {
            throw new InvalidOperationException($"The store in {Directory} was opened read-only.");
        }

        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var removed = _segments.RemoveThrough(Math.Min(sequence, Count));
        if (removed.Count == 0)
        {
            return 0;
        }

        var folder = Path.Combine(Directory, EventsFolder);
        WriteBase(folder, removed[^1].LastSequence);
        foreach (var segment in removed)
        {
            File.Delete(segment.Path);
            SegmentIndexFile.Delete(segment.Path);
        }

        DirectorySync.Flush(folder);
        return removed.Sum(s => s.Count);
    }

    /// <summary>Writes everything queued, waits for it to be durable, and closes the files.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_writer is not null)
        {
            await _writer.StopAsync().ConfigureAwait(false);
        }

        if (_lock is not null)
        {
            await _lock.DisposeAsync().ConfigureAwait(false);
        }
    }

    internal static FileStream CreateSegmentFile(string path, long firstSequence)
    {
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 0);
        Span<byte> header = stackalloc byte[RecordFormat.SegmentHeaderSize];
        RecordFormat.WriteSegmentHeader(header, firstSequence);
        file.Write(header);
        file.Flush(flushToDisk: true);
        DirectorySync.Flush(Path.GetDirectoryName(path)!);
        return file;
    }

    // The events' bytes are copied out of the reader's buffer into shared blocks: a compaction reads every logged
    // event, and an array each made most of its allocations.
    private static IEnumerable<StoredEvent> Scan(List<SegmentView> views, long from, long to, long fromTicks, long untilTicks)
    {
        var blocks = new ByteBlocks(); // one per enumeration: an iterator's body runs for each
        foreach (var stored in Scan(views, from, to, fromTicks, untilTicks, (header, raw) => header.ToStoredEvent(blocks.Copy(raw.Span))))
        {
            yield return stored;
        }
    }

    // Reads the records of `views` in range; `make` sees each record's bytes only until it returns.
    private static IEnumerable<T> Scan<T>(List<SegmentView> views, long from, long to, long fromTicks, long untilTicks, Func<RecordHeader, ReadOnlyMemory<byte>, T> make)
    {
        foreach (var view in views)
        {
            // A buffer the size of what the view holds, up to the reader's usual 1 MB: reading back one event (the
            // original of a duplicate) allocated, zeroed and filled a whole megabyte, 0.8 ms of a server's CPU each.
            using var reader = new SegmentReader(view.Path, view.Start, view.End, (int)Math.Clamp(view.End - view.Start, 4096, SegmentReader.DefaultBufferSize));
            var lastSeen = 0L;
            while (true)
            {
                var offset = reader.Position;
                if (!reader.TryNext(out var status, out var header, out var raw, out var problem))
                {
                    break;
                }

                if (status != RecordStatus.Valid)
                {
                    throw new LineageStoreCorruptedException(view.Path, offset, lastSeen + 1, problem + " (damaged since the segment was last checked: changed on disk, or its disk failed)");
                }

                if (header.Sequence > to)
                {
                    yield break;
                }

                lastSeen = header.Sequence;

                if (header.Sequence >= from && header.EventTicks >= fromTicks && header.EventTicks < untilTicks)
                {
                    yield return make(header, raw);
                }
            }
        }
    }

    private static FileStream TakeLock(string root)
    {
        try
        {
            return new FileStream(Path.Combine(root, LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (Exception ex) when (StoreReadOnlyException.IsReadOnly(ex))
        {
            // A folder that cannot be written is no lock held elsewhere: say which it is.
            throw new StoreReadOnlyException(root, ex);
        }
        catch (IOException ex)
        {
            throw new StoreLockedException(root, ex);
        }
    }

    // How often a read-only open or read starts again when another process's compaction drops a segment under it.
    internal const int ReadOnlyRetries = 40;

    private static (SegmentSet Segments, StoreRecovery? Recovery) RecoverSegments(string folder, bool readOnly)
    {
        for (var attempt = 1; ; attempt++)
        {
            var segments = new SegmentSet();
            try
            {
                return (segments, Recover(folder, segments, readOnly));
            }
            catch (FileNotFoundException) when (readOnly && attempt < ReadOnlyRetries)
            {
                // The writer (another process) dropped segments its compaction had moved into the lake between
                // listing them here and checking them: list them again; BASE then says where the log starts. A busy
                // writer can do that several times while a slow reader checks, so back off a little each time.
                Thread.Sleep(Math.Min(attempt, 50));
            }
        }
    }

    private static StoreRecovery? Recover(string folder, SegmentSet segments, bool readOnly)
    {
        if (!System.IO.Directory.Exists(folder))
        {
            return null;
        }

        var files = SegmentFiles(folder);
        StoreRecovery? recovery = null;
        var dropped = ReadBase(folder);
        var expected = dropped + 1;

        // Segments wholly below the base were being dropped when the process stopped; finish the job.
        while (files.Count > 1 && files[1].First <= expected)
        {
            if (!readOnly)
            {
                File.Delete(files[0].Path);
                SegmentIndexFile.Delete(files[0].Path);
            }

            files.RemoveAt(0);
        }

        for (var i = 0; i < files.Count; i++)
        {
            var (first, path) = files[i];
            var isLast = i == files.Count - 1;
            if (first != expected)
            {
                throw new LineageStoreCorruptedException(path, 0, expected, $"the segment starts at event {first}, so a segment file is missing");
            }

            var length = new FileInfo(path).Length;
            // The writer's segment keeps its records' digests, for its index when it is sealed.
            var segment = new Segment(path, first) { TailDigests = readOnly || !isLast ? null : [] };
            if (!HasValidHeader(path, first))
            {
                if (!isLast || length > RecordFormat.SegmentHeaderSize)
                {
                    throw new LineageStoreCorruptedException(path, 0, first, "the segment header is not valid");
                }

                // The crash came while the segment was being created, before any record went into it.
                recovery = new StoreRecovery(path, 0, length, "segment header cut short");
                if (!readOnly)
                {
                    File.Delete(path);
                    CreateSegmentFile(path, first).Dispose();
                }

                segments.Add(segment);
                continue;
            }

            if (!isLast)
            {
                // The names say how many records an older segment holds. A reader checks them when it reads them; the
                // writer checks them all, on every core, before its first append (see EnsureSealedVerified), from their
                // index files where those match (SegmentIndexFile), and leaves one beside each it had to read.
                segments.Add(Segment.Sealed(path, first, files[i + 1].First - first, length, writesIndex: !readOnly));
                expected = files[i + 1].First;
                continue;
            }

            if (SegmentRecovery.Scan(segment, length, isLast) is { } torn)
            {
                recovery = torn;
                if (!readOnly)
                {
                    using var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.Read, bufferSize: 0);
                    file.SetLength(torn.Offset);
                    file.Flush(flushToDisk: true);
                }
            }

            segments.Add(segment);
            expected = segment.LastSequence + 1;
        }

        return recovery;
    }

    // Before the first append, every older segment is checked once (most already were, by whoever read them: the
    // ingest door reads every digest before it accepts an event). Opening does not wait for it, so a server answers
    // from its checkpoint without first reading the whole log. A segment whose index matches it (SegmentIndexFile) was
    // checked when that index was written and has not been written to since; it is not read again here, so adding a
    // day's events to a large store reads 48 bytes per stored event instead of the whole log.
    private void EnsureSealedVerified()
    {
        if (Volatile.Read(ref _sealedVerified))
        {
            return;
        }

        lock (_verifying)
        {
            if (!_sealedVerified)
            {
                VerifySealed(_segments);
                Volatile.Write(ref _sealedVerified, true);
            }
        }
    }

    // Checks every record of the sealed segments in parallel; the damage reported is the earliest one.
    private static void VerifySealed(SegmentSet segments) => IndexInParallel(segments.Snapshot(), digests: null);

    // Indexes (and so checks) `segments` on every core. With `digests`, a segment indexed by this call leaves every
    // record's digest at its place there (null where another reader had indexed it already). The damage reported is
    // the earliest segment's.
    private static void IndexInParallel(List<Segment> segments, List<EventDigest>?[]? digests)
    {
        var errors = new Exception?[segments.Count];
        Parallel.For(0, segments.Count, i =>
        {
            try
            {
                if (digests is null)
                {
                    segments[i].EnsureIndexed();
                    return;
                }

                var read = new List<EventDigest>((int)segments[i].Count);
                digests[i] = segments[i].EnsureIndexed(read) ? read : null;
            }
            catch (Exception ex) when (ex is LineageStoreCorruptedException or IOException)
            {
                errors[i] = ex;
            }
        });

        if (Array.Find(errors, e => e is not null) is { } first)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
        }
    }

    private static long ReadBase(string folder)
    {
        var path = Path.Combine(folder, BaseFileName);
        if (!File.Exists(path))
        {
            return 0;
        }

        var text = File.ReadAllText(path).Trim();
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value
            : throw new LineageStoreCorruptedException(path, 0, 1, $"the base file says '{text}', not a sequence number");
    }

    private static void WriteBase(string folder, long dropped)
    {
        var path = Path.Combine(folder, BaseFileName);
        var temporary = path + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0))
        {
            file.Write(System.Text.Encoding.ASCII.GetBytes(dropped.ToString(CultureInfo.InvariantCulture)));
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
        DirectorySync.Flush(folder);
    }

    private static List<(long First, string Path)> SegmentFiles(string folder)
    {
        var files = new List<(long, string)>();
        foreach (var path in System.IO.Directory.EnumerateFiles(folder, "*" + RecordFormat.SegmentExtension))
        {
            var name = Path.GetFileNameWithoutExtension(path);
            if (name.Length == 20 && long.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var first))
            {
                files.Add((first, path));
            }
        }

        files.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        return files;
    }

    private static bool HasValidHeader(string path, long first)
    {
        Span<byte> header = stackalloc byte[RecordFormat.SegmentHeaderSize];
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var read = RandomAccess.Read(handle, header, 0);
        return read == header.Length && RecordFormat.TryReadSegmentHeader(header, out var stored) && stored == first;
    }
}

namespace Tributary.Storage;

/// <summary>
/// One segment file and what the store knows about it without reading it: its committed length and its records (each
/// one's offset and event time), so a read of any range starts at its first record and ends after its last.
/// Mutated only by the writer, under the <see cref="SegmentSet"/> lock. A read-only store knows a sealed segment's
/// records from the file names alone and builds its index the first time a reader needs it (<see cref="Sealed"/>).
/// </summary>
internal sealed class Segment
{
    private readonly Lock _indexing = new();

    // Every record's offset and event time, so a read (or a listing by event time) reads only the records it returns. Arrays are
    // replaced (never changed below Count) when they grow, so a reader holding one may read it without the lock.
    private long[] _offsets = [];
    private long[] _eventTicks = [];
    private long _sealedCount = -1; // the record count the file names promise, until the segment is indexed
    private long _minEventTicks = long.MaxValue;
    private long _maxEventTicks = long.MinValue;

    public Segment(string path, long firstSequence)
    {
        Path = path;
        FirstSequence = firstSequence;
        Length = RecordFormat.SegmentHeaderSize;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>The sequence number of the first record in the file.</summary>
    public long FirstSequence { get; }

    /// <summary>Bytes that are durable and valid; readers never go past this.</summary>
    public long Length { get; set; }

    /// <summary>The number of records.</summary>
    public long Count { get; private set; }

    /// <summary>The smallest event time of any record, in UTC ticks.</summary>
    public long MinEventTicks
    {
        get
        {
            EnsureIndexed();
            return _minEventTicks;
        }
    }

    /// <summary>The largest event time of any record, in UTC ticks.</summary>
    public long MaxEventTicks
    {
        get
        {
            EnsureIndexed();
            return _maxEventTicks;
        }
    }

    /// <summary>The last sequence number in the file, or <c>FirstSequence - 1</c> when it is empty.</summary>
    public long LastSequence => FirstSequence + Count - 1;

    /// <summary>
    /// A sealed segment of a read-only store: <paramref name="count"/> records (the next segment's first sequence
    /// says how many) in <paramref name="length"/> bytes, indexed and verified only when first read, so opening a
    /// store to read its tail does not read every older segment.
    /// </summary>
    public static Segment Sealed(string path, long firstSequence, long count, long length, bool writesIndex = false) =>
        new(path, firstSequence) { Count = count, Length = length, _sealedCount = count, WritesIndex = writesIndex };

    /// <summary>
    /// The digest of every record, in order, while this is the segment the writer appends to (null otherwise): when it
    /// is sealed they go into its index file (<see cref="SegmentIndexFile"/>) without reading the segment back.
    /// </summary>
    public List<EventDigest>? TailDigests { get; set; }

    /// <summary>Whether reading this sealed segment whole leaves an index file beside it (a store open for writing).</summary>
    public bool WritesIndex { get; init; }

    /// <summary>Records one more record at <paramref name="offset"/>, ending at <paramref name="end"/>.</summary>
    public void Add(long offset, long end, long eventTicks, EventDigest digest)
    {
        TailDigests?.Add(digest);
        if (Count == _offsets.Length)
        {
            var capacity = Math.Max(256, _offsets.Length * 2);
            var offsets = new long[capacity];
            var ticks = new long[capacity];
            _offsets.AsSpan().CopyTo(offsets);
            _eventTicks.AsSpan().CopyTo(ticks);
            Volatile.Write(ref _offsets, offsets);
            Volatile.Write(ref _eventTicks, ticks);
        }

        _offsets[Count] = offset;
        _eventTicks[Count] = eventTicks;
        Count++;
        Length = end;
        _minEventTicks = Math.Min(_minEventTicks, eventTicks);
        _maxEventTicks = Math.Max(_maxEventTicks, eventTicks);
    }

    /// <summary>
    /// The records known now: how many, with each one's offset and event time (UTC ticks) at the same index. Read
    /// under the <see cref="SegmentSet"/> lock; the arrays may then be read without it.
    /// </summary>
    public (long Count, long[] Offsets, long[] EventTicks) Records()
    {
        EnsureIndexed();
        return (Count, _offsets, _eventTicks);
    }

    /// <summary>
    /// The offset of record <paramref name="sequence"/> (the first record's for one before it), or the segment's length
    /// for one past its last: where a read of a range starts and ends, so reading a few events reads only their bytes.
    /// </summary>
    public long OffsetOf(long sequence)
    {
        EnsureIndexed();
        var index = sequence - FirstSequence;
        if (index <= 0)
        {
            return RecordFormat.SegmentHeaderSize;
        }

        var count = Count;
        if (index >= count)
        {
            return Length;
        }

        // Offsets are written before the count that covers them, and a grown array keeps the ones before it.
        return Volatile.Read(ref _offsets)[index];
    }

    /// <summary>
    /// Reads a sealed segment's records once: their offsets and event times, each checked as opening a writable
    /// store checks them. Throws <see cref="LineageStoreCorruptedException"/> for a damaged record or a count that
    /// differs from the file names'; a reader meets the damage when it would have read it, never skipping it.
    /// </summary>
    public void EnsureIndexed() => EnsureIndexed(null);

    /// <summary>Whether the segment's records are indexed (and so checked) already.</summary>
    public bool IsIndexed => Volatile.Read(ref _sealedCount) < 0;

    /// <summary>
    /// Indexes the segment as <see cref="EnsureIndexed()"/> does; when this call is the one that reads it, every
    /// record's digest goes into <paramref name="digests"/> on the way and it returns true.
    /// </summary>
    public bool EnsureIndexed(List<EventDigest>? digests)
    {
        if (Volatile.Read(ref _sealedCount) < 0)
        {
            return false;
        }

        lock (_indexing)
        {
            var promised = _sealedCount;
            if (promised < 0)
            {
                return false;
            }

            var length = Length;
            Count = 0;
            Length = RecordFormat.SegmentHeaderSize;
            (_offsets, _eventTicks) = ([], []);
            List<EventDigest>? read = null;
            try
            {
                if (SegmentIndexFile.TryLoad(this, promised, length, digests))
                {
                    Volatile.Write(ref _sealedCount, -1);
                    return true;
                }

                // Read whole (and so checked), it leaves an index, so the next opening need not read it again.
                read = digests ?? (WritesIndex ? [] : null);
                var torn = SegmentRecovery.Scan(this, length, isLast: false, read);
                if (torn is not null || Count != promised)
                {
                    throw new LineageStoreCorruptedException(
                        Path,
                        Length,
                        FirstSequence + Count,
                        Count < promised
                            ? $"the segment ends at event {FirstSequence + Count - 1} but the next segment starts at event {FirstSequence + promised}, so a segment file is missing"
                            : $"the segment holds {Count} events, more than the next segment's name leaves room for ({promised})");
                }
            }
            catch
            {
                // Leave the promise in place, so the next reader sees the same problem instead of a half-built index.
                (_offsets, _eventTicks) = ([], []);
                (_minEventTicks, _maxEventTicks) = (long.MaxValue, long.MinValue);
                Count = promised;
                Length = length;
                digests?.Clear();
                throw;
            }

            Volatile.Write(ref _sealedCount, -1);
            if (WritesIndex)
            {
                SegmentIndexFile.TryWrite(this, read!);
            }

            return true;
        }
    }
}

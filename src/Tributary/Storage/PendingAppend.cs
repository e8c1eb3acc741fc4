namespace Tributary.Storage;

/// <summary>One record to append: an event's exact bytes, its time and its canonical digest.</summary>
internal readonly record struct AppendRecord(ReadOnlyMemory<byte> Raw, long EventTicks, EventDigest Digest);

/// <summary>Where a run of records appended together landed: consecutive sequences from the first, one ingest time.</summary>
internal readonly record struct AppendedRange(long FirstSequence, DateTimeOffset IngestTime);

/// <summary>
/// An append waiting in the group-commit queue: one record, or a run of records (the ingest door's chunk) that is written
/// in one group with consecutive sequences and completes once, so a chunk of thousands of events costs one task and one
/// continuation instead of one each. Its task completes once every record is durable.
/// </summary>
internal sealed class PendingAppend
{
    private readonly AppendRecord _one;
    private readonly IReadOnlyList<AppendRecord>? _many;
    private readonly TaskCompletionSource<StoredEvent>? _single;
    private readonly TaskCompletionSource<AppendedRange>? _range;

    public PendingAppend(ReadOnlyMemory<byte> raw, long eventTicks, EventDigest digest)
    {
        _one = new AppendRecord(raw, eventTicks, digest);
        Bytes = RecordFormat.RecordSize(raw.Length);
        // Continuations run on the thread pool, never on the writer thread, so a slow caller cannot stall the next fsync.
        _single = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public PendingAppend(IReadOnlyList<AppendRecord> records)
    {
        _many = records;
        foreach (var record in records)
        {
            Bytes += RecordFormat.RecordSize(record.Raw.Length);
        }

        _range = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>How many records.</summary>
    public int Count => _many?.Count ?? 1;

    /// <summary>The bytes all its records take in the log.</summary>
    public int Bytes { get; }

    /// <summary>The record at <paramref name="index"/>.</summary>
    public AppendRecord this[int index] => _many is null ? _one : _many[index];

    /// <summary>Completes once the single record is durable.</summary>
    public Task<StoredEvent> Single => _single!.Task;

    /// <summary>Completes once every record of the run is durable.</summary>
    public Task<AppendedRange> Range => _range!.Task;

    /// <summary>Acknowledges the records: they are durable from <paramref name="firstSequence"/> on.</summary>
    public void Complete(long firstSequence, long batchStart, long ingestTicks)
    {
        if (_single is not null)
        {
            _single.TrySetResult(new RecordHeader(firstSequence, batchStart, ingestTicks, _one.EventTicks, _one.Digest).ToStoredEvent(_one.Raw));
        }
        else
        {
            _range!.TrySetResult(new AppendedRange(firstSequence, new DateTimeOffset(ingestTicks, TimeSpan.Zero)));
        }
    }

    /// <summary>Fails the append: none of its records were acknowledged.</summary>
    public void Fail(Exception exception)
    {
        if (_single is not null)
        {
            _single.TrySetException(exception);
        }
        else
        {
            _range!.TrySetException(exception);
        }
    }
}

namespace Tributary.Storage;

/// <summary>
/// A store that takes a run of records as one append: one group commit with consecutive sequences, one task for all of
/// them. The ingest door appends a chunk this way when its store can; any other store takes the events one by one.
/// </summary>
internal interface IRangeAppender
{
    /// <summary>Appends <paramref name="records"/> together; completes once all are durable, or fails with none acknowledged.</summary>
    Task<AppendedRange> AppendRangeAsync(IReadOnlyList<AppendRecord> records);
}

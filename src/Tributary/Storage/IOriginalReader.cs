namespace Tributary.Storage;

/// <summary>
/// A store that reads a few stored events back cheaper than <see cref="ILineageStore.ReadAsync"/> does: the ingest door
/// reads a duplicate's original this way to confirm it. Any other store is read as usual.
/// </summary>
internal interface IOriginalReader
{
    /// <summary>The stored events from <paramref name="fromSequence"/> to <paramref name="toSequence"/>, in order, however they are kept.</summary>
    IAsyncEnumerable<StoredEvent> ReadOriginalsAsync(long fromSequence, long toSequence);
}

namespace Tributary.Storage;

/// <summary>The fixed fields of a stored record (see <see cref="RecordFormat"/>).</summary>
/// <param name="Sequence">The record's sequence number.</param>
/// <param name="BatchStart">The sequence of the first record written in the same group commit.</param>
/// <param name="IngestTicks">When it was accepted, in UTC ticks.</param>
/// <param name="EventTicks">The event's own time, in UTC ticks.</param>
/// <param name="Digest">The event's canonical digest.</param>
internal readonly record struct RecordHeader(long Sequence, long BatchStart, long IngestTicks, long EventTicks, EventDigest Digest)
{
    /// <summary>Turns the header and the raw bytes into the public shape.</summary>
    public StoredEvent ToStoredEvent(ReadOnlyMemory<byte> raw) => new(
        Sequence,
        new DateTimeOffset(IngestTicks, TimeSpan.Zero),
        new DateTimeOffset(EventTicks, TimeSpan.Zero),
        Digest,
        raw);
}

using Tributary.Model;
using Tributary.Storage;

namespace Tributary.Ingest;

/// <summary>An accepted event as listeners receive it: normalised, with its place in the store.</summary>
/// <param name="Sequence">Its sequence number in the store.</param>
/// <param name="IngestTime">When the store accepted it.</param>
/// <param name="Event">The normalised event, ready for projection (for example <c>LineageGraph.Apply</c>).</param>
/// <param name="Raw">Its bytes exactly as received.</param>
public sealed record IngestedEvent(long Sequence, DateTimeOffset IngestTime, LineageEvent Event, ReadOnlyMemory<byte> Raw)
{
    /// <summary>The digest of its canonical form (its identity for deduplication), or <see cref="EventDigest.None"/> when the store kept none.</summary>
    public EventDigest Digest { get; init; }
}

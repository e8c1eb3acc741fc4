using Tributary.Json;
using Tributary.Model;
using Tributary.Storage;

namespace Tributary.Ingest;

/// <summary>A valid, normalised, not yet seen event whose digest is reserved, ready to be appended.</summary>
internal sealed record PreparedEvent(
    LineageEvent Event,
    ReadOnlyMemory<byte> Raw,
    EventDigest Digest,
    IReadOnlyList<LineageError> Warnings,
    int Index,
    int Line)
{
    // True when its digest names another, earlier event (XXH3 digests can collide; see LineageIngestor.ReserveAllAsync): it
    // is stored as a new event, and the digest goes on naming the earlier one.
    public bool Collides { get; init; }

    public IngestResult Accepted(long sequence) => new(IngestOutcome.Accepted, Index, Line, Raw)
    {
        Sequence = sequence,
        Event = Event,
        Warnings = Warnings,
    };
}

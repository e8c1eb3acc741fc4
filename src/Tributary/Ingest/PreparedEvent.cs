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
    public IngestResult Accepted(long sequence) => new(IngestOutcome.Accepted, Index, Line, Raw)
    {
        Sequence = sequence,
        Event = Event,
        Warnings = Warnings,
    };
}

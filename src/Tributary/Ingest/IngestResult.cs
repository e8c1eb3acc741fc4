using Tributary.Json;
using Tributary.Model;

namespace Tributary.Ingest;

/// <summary>The outcome of ingesting one event.</summary>
public sealed record IngestResult
{
    internal IngestResult(IngestOutcome outcome, int index, int line, ReadOnlyMemory<byte> raw)
    {
        Outcome = outcome;
        Index = index;
        Line = line;
        Raw = raw;
    }

    /// <summary>Accepted, duplicate or rejected.</summary>
    public IngestOutcome Outcome { get; }

    /// <summary>The 0-based position of the event in the content it came from (0 for a single event).</summary>
    public int Index { get; }

    /// <summary>The 1-based line where the event starts in the content it came from (1 for a single event).</summary>
    public int Line { get; }

    /// <summary>
    /// For an accepted event, its sequence number in the store; for a duplicate, the sequence number of the event
    /// stored first (0 while that one is still being written); 0 for a rejected event.
    /// </summary>
    public long Sequence { get; init; }

    /// <summary>The normalised event (null when rejected).</summary>
    public LineageEvent? Event { get; init; }

    /// <summary>Why the event was rejected, each with its JSON path; empty otherwise.</summary>
    public IReadOnlyList<LineageError> Errors { get; init; } = [];

    /// <summary>What the reader accepted leniently (a missing <c>schemaURL</c>, a time without zone, ...).</summary>
    public IReadOnlyList<LineageError> Warnings { get; init; } = [];

    /// <summary>The event's bytes exactly as received.</summary>
    public ReadOnlyMemory<byte> Raw { get; }

    /// <summary>A one-line description: the outcome, the position and, when rejected, the errors.</summary>
    public override string ToString() => Outcome switch
    {
        IngestOutcome.Accepted => $"event {Index} (line {Line}): accepted as #{Sequence}",
        IngestOutcome.Duplicate => $"event {Index} (line {Line}): duplicate of #{Sequence}",
        _ => $"event {Index} (line {Line}): rejected: " + string.Join("; ", Errors),
    };
}

using Tributary.Model;

namespace Tributary.Json;

/// <summary>The outcome of reading one event out of a file or request body that may hold many.</summary>
/// <param name="Index">The 0-based position of the event in the content.</param>
/// <param name="Line">The 1-based line where the event starts.</param>
/// <param name="Event">The event, or null when it could not be read.</param>
/// <param name="Errors">Why it could not be read; empty on success.</param>
/// <param name="Warnings">What was accepted leniently (a missing <c>schemaURL</c>, a time without zone, ...).</param>
/// <param name="Raw">The event's bytes exactly as received.</param>
public sealed record LineageReadResult(
    int Index,
    int Line,
    LineageEvent? Event,
    IReadOnlyList<LineageError> Errors,
    IReadOnlyList<LineageError> Warnings,
    ReadOnlyMemory<byte> Raw)
{
    /// <summary>True when the event was read.</summary>
    public bool IsSuccess => Event is not null;
}

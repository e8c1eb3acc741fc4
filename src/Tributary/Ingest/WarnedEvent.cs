using Tributary.Json;

namespace Tributary.Ingest;

/// <summary>
/// An event taken (stored, or found already stored) although its reader accepted part of it leniently: where it was in
/// its input, and each warning with its JSON path.
/// </summary>
/// <param name="Index">The 0-based position of the event in the content it came from.</param>
/// <param name="Line">The 1-based line where the event starts in the content it came from.</param>
/// <param name="Warnings">What was accepted leniently (a missing <c>schemaURL</c>, a runId that is not a UUID, ...).</param>
public sealed record WarnedEvent(int Index, int Line, IReadOnlyList<LineageError> Warnings);

namespace Tributary.Json;

/// <summary>One event's place in a file or body, before it is parsed.</summary>
/// <param name="Index">The 0-based position of the event.</param>
/// <param name="Line">The 1-based line where it starts.</param>
/// <param name="Raw">Its bytes exactly as received.</param>
/// <param name="InArray">True for an item of a JSON array, whose error paths start with its index (<see cref="Path"/>).</param>
/// <param name="Failure">Why the content around it could not be split (malformed JSON), or null.</param>
/// <param name="Kept">
/// True when <paramref name="Raw"/> lies in memory the splitter made and will not reuse, so the read event may point
/// into it instead of into a copy of its own.
/// </param>
internal readonly record struct EventSlice(int Index, int Line, ReadOnlyMemory<byte> Raw, bool InArray, LineageError? Failure, bool Kept = false)
{
    /// <summary>
    /// The event already read by the splitter in the same pass that found its end (a request-sized array, see
    /// <see cref="EventSplitter.Slices"/>), with the warnings that reading gave (paths from the event's root), or null
    /// when the slice is still to be read.
    /// </summary>
    public (Model.LineageEvent Event, IReadOnlyList<LineageError> Warnings)? Read { get; init; }

    /// <summary>True for an item of the array of an events list (<c>{"events": [...]}</c>, see <see cref="EventEnvelope"/>).</summary>
    public bool InEventsList { get; init; }

    /// <summary>Where the event is in its content, as error paths start: <c>$</c>, <c>$[3]</c>, or <c>$.events[3]</c> in an events list.</summary>
    public ItemPath Path => new(Index, InArray, InEventsList);
}

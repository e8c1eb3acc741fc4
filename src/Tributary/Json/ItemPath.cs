using System.Globalization;

namespace Tributary.Json;

/// <summary>
/// Where an event is in its content, as its error paths start: <c>$</c> for a single event or a line of NDJSON,
/// <c>$[3]</c> for an item of a JSON array, <c>$.events[3]</c> for one of an events list. A value, so a slice carries
/// it for free; the text is made only for an error.
/// </summary>
internal readonly record struct ItemPath(int Index, bool InArray, bool InEventsList)
{
    /// <summary>The path of item <paramref name="index"/> of an array, or of an events list's array.</summary>
    public static ItemPath Item(int index, bool inEventsList) => new(index, true, inEventsList);

    /// <summary>The path's text: <c>$</c>, <c>$[3]</c> or <c>$.events[3]</c>.</summary>
    public override string ToString() =>
        !InArray ? "$" : (InEventsList ? "$.events[" : "$[") + Index.ToString(CultureInfo.InvariantCulture) + "]";
}

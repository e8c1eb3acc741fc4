namespace Tributary.Json;

// The event list of Marquez's (and Tributary's own) GET /api/v1/events/lineage: {"events": [...], "totalCount": N}.
// What a user migrating from Marquez has to hand, so the door reads it as the array of events it holds. Recognised by
// its shape only: an object whose members are "events" (an array) and at most a numeric "totalCount", in either
// order, without escapes in their names (as both servers write it). Anything else is read as it was.
internal static class EventEnvelope
{
    private static ReadOnlySpan<byte> Events => "\"events\""u8;

    private static ReadOnlySpan<byte> TotalCount => "\"totalCount\""u8;

    /// <summary>
    /// Where the events array of an envelope starting at <paramref name="start"/> opens ('['), and whether its
    /// totalCount came before it; null when the content does not start as one.
    /// </summary>
    public static (int ArrayStart, bool CountFirst)? Find(ReadOnlySpan<byte> content, int start)
    {
        var p = Blank(content, start);
        if (p >= content.Length || content[p] != (byte)'{')
        {
            return null;
        }

        p = Blank(content, p + 1);
        var countFirst = content[p..].StartsWith(TotalCount);
        if (countFirst)
        {
            // {"totalCount": N, "events": [...]}
            p = Number(content, Colon(content, p + TotalCount.Length));
            if (p < 0 || (p = Blank(content, p)) >= content.Length || content[p] != (byte)',')
            {
                return null;
            }

            p = Blank(content, p + 1);
        }

        if (!content[p..].StartsWith(Events))
        {
            return null;
        }

        p = Colon(content, p + Events.Length);
        return p >= 0 && p < content.Length && content[p] == (byte)'[' ? (p, countFirst) : null;
    }

    /// <summary>
    /// Whether <paramref name="tail"/>, what follows the events array's closing bracket, closes the envelope: an optional
    /// <c>, "totalCount": N</c> (unless it came first, <paramref name="countFirst"/>), then <c>}</c> and blank space only.
    /// </summary>
    public static bool IsTail(ReadOnlySpan<byte> tail, bool countFirst)
    {
        var p = Blank(tail, 0);
        if (!countFirst && p < tail.Length && tail[p] == (byte)',')
        {
            p = Blank(tail, p + 1);
            if (!tail[p..].StartsWith(TotalCount) || (p = Number(tail, Colon(tail, p + TotalCount.Length))) < 0)
            {
                return false;
            }

            p = Blank(tail, p);
        }

        return p < tail.Length && tail[p] == (byte)'}' && Blank(tail, p + 1) == tail.Length;
    }

    /// <summary>What is said of content after the events array that does not close the envelope.</summary>
    public static LineageError BadTail() =>
        new("$", "unexpected content after the events array: an events list ends with its totalCount and a closing brace");

    // The position after blank space (and a leading UTF-8 byte order mark) from `p`.
    private static int Blank(ReadOnlySpan<byte> content, int p) => EventSplitter.SkipWhitespace(content, p);

    // After a member's name: the position of its value, past the colon, or -1.
    private static int Colon(ReadOnlySpan<byte> content, int p)
    {
        p = Blank(content, p);
        return p < content.Length && content[p] == (byte)':' ? Blank(content, p + 1) : -1;
    }

    // The position after a JSON number at `p` (digits, sign, fraction, exponent), or -1 when there is none.
    private static int Number(ReadOnlySpan<byte> content, int p)
    {
        if (p < 0)
        {
            return -1;
        }

        var end = p;
        while (end < content.Length && content[end] is (>= (byte)'0' and <= (byte)'9') or (byte)'-' or (byte)'+' or (byte)'.' or (byte)'e' or (byte)'E')
        {
            end++;
        }

        return end > p ? end : -1;
    }
}

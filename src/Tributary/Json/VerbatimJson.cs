namespace Tributary.Json;

/// <summary>
/// When a JSON value's own bytes are exactly what writing it again would produce, so the writer can copy them instead of
/// walking the value: the ingest door writes every event's canonical form for its digest, and most of a realistic event
/// is facets read back unchanged. Writing a parsed value (<c>JsonElement.WriteTo</c>, compact, with Tributary's relaxed
/// encoder) keeps numbers and literals as they were, puts no whitespace between tokens, and writes printable ASCII text
/// without escapes as it is. So bytes that are printable ASCII, hold no escape and no whitespace outside strings are
/// written back unchanged; anything else is written the usual way.
/// </summary>
internal static class VerbatimJson
{
    /// <summary>
    /// True for a writer that writes as Tributary's own do (compact, relaxed encoder). A caller's writer may indent, or
    /// escape HTML-sensitive characters, and then gets what <c>JsonElement.WriteTo</c> writes.
    /// </summary>
    public static bool Applies(System.Text.Json.Utf8JsonWriter writer) =>
        !writer.Options.Indented && ReferenceEquals(writer.Options.Encoder, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping);

    /// <summary>True when <paramref name="raw"/> (one complete JSON value) is already in the form the writer would write it.</summary>
    public static bool IsCanonical(ReadOnlySpan<byte> raw)
    {
        if (raw.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E) >= 0 || raw.Contains((byte)'\\'))
        {
            return false;
        }

        var space = raw.IndexOf((byte)' ');
        if (space < 0)
        {
            return true;
        }

        // Without escapes every quote opens or closes a string: a space is insignificant where an even number precede it.
        var inString = false;
        foreach (var b in raw)
        {
            if (b == (byte)'"')
            {
                inString = !inString;
            }
            else if (b == (byte)' ' && !inString)
            {
                return false;
            }
        }

        return true;
    }
}

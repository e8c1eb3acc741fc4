namespace Tributary.Json;

/// <summary>
/// When a JSON value's own bytes are exactly what writing it again would produce, so the writer can copy them instead of
/// walking the value: the ingest door writes every event's canonical form for its digest, and most of a realistic event
/// is facets read back unchanged. Writing a parsed value (<c>JsonElement.WriteTo</c>, compact, with Tributary's relaxed
/// encoder) keeps numbers and literals as they were, puts no whitespace between tokens, and writes printable ASCII text
/// without escapes as it is. So bytes that are printable ASCII, hold no escape and no whitespace outside strings are
/// written back unchanged, and bytes that differ from that only by whitespace between tokens (indented files, the
/// <c>", "</c> and <c>": "</c> of Python's <c>json.dumps</c>) are written with that whitespace left out; anything else is
/// written the usual way.
/// </summary>
internal static class VerbatimJson
{
    /// <summary>
    /// Writes <paramref name="raw"/> (one complete JSON value) to <paramref name="writer"/> as it is, or with the
    /// whitespace between its tokens left out, when that is exactly what writing its parsed value would produce; false
    /// (nothing written) when it must be written the usual way.
    /// </summary>
    public static bool TryWrite(System.Text.Json.Utf8JsonWriter writer, ReadOnlySpan<byte> raw)
    {
        if (!Applies(writer))
        {
            return false;
        }

        // The usual case, checked first and alone (IsCanonical looks for escapes itself).
        if (IsCanonical(raw))
        {
            writer.WriteRawValue(raw, skipInputValidation: true);
            return true;
        }

        // Printable ASCII and whitespace only: the whitespace outside strings is all that writing would change (valid
        // JSON has no raw tab or line break inside a string, and without escapes every quote opens or closes one).
        if (raw.IndexOfAnyExcept(Text) >= 0 || raw.Contains((byte)'\\'))
        {
            return false;
        }

        byte[]? rented = null;
        var compact = raw.Length <= 1024 ? stackalloc byte[raw.Length] : (rented = System.Buffers.ArrayPool<byte>.Shared.Rent(raw.Length));
        var length = 0;
        var inString = false;
        foreach (var b in raw)
        {
            if (b == (byte)'"')
            {
                inString = !inString;
            }
            else if (!inString && b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
            {
                continue;
            }

            compact[length++] = b;
        }

        writer.WriteRawValue(compact[..length], skipInputValidation: true);
        if (rented is not null)
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }

        return true;
    }

    // What may appear in a value this compacts: printable ASCII, and whitespace between tokens.
    private static readonly System.Buffers.SearchValues<byte> Text = System.Buffers.SearchValues.Create(
        [(byte)'\t', (byte)'\n', (byte)'\r', .. System.Linq.Enumerable.Range(0x20, 0x5F).Select(b => (byte)b)]);

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

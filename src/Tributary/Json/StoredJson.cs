using System.Buffers;
using System.Text.Json;

namespace Tributary.Json;

/// <summary>
/// Reads an event record back from a store as standard JSON, whatever version stored it. Today's ingest door stores
/// only standard JSON; older versions also stored events with a byte order mark, comments, invalid UTF-8 or lone
/// surrogate escapes, and a reader that writes such a record out (the events listing, facets) must neither fail nor
/// pass it on. Such a record is rewritten: the mark and comments dropped, text that is no text replaced by U+FFFD.
/// </summary>
public static class StoredJson
{
    private static readonly JsonDocumentOptions Tolerant = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    private static readonly JsonWriterOptions Writer = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// The record as a standard JSON element (a copy that outlives <paramref name="raw"/>), or false with
    /// <paramref name="problem"/> saying why it does not read even leniently (it is then best skipped and reported).
    /// </summary>
    public static bool TryParse(ReadOnlyMemory<byte> raw, out JsonElement element, out string? problem)
    {
        problem = null;
        element = default;
        try
        {
            if (StandardJson.Check(raw.Span) is null)
            {
                using var standard = JsonDocument.Parse(raw);
                element = standard.RootElement.Clone();
                return true;
            }

            var text = raw.Span.StartsWith(StandardJson.ByteOrderMark) ? raw[StandardJson.ByteOrderMark.Length..] : raw;
            // Lone surrogate escapes cannot be written out; each becomes \uFFFD, which has the same length.
            var repaired = text.ToArray();
            ReplaceLoneSurrogates(repaired);
            using var lenient = JsonDocument.Parse(repaired, Tolerant);
            var buffer = new ArrayBufferWriter<byte>(repaired.Length);
            using (var json = new Utf8JsonWriter(buffer, Writer))
            {
                lenient.RootElement.WriteTo(json); // invalid UTF-8 is written as U+FFFD
            }

            using var rewritten = JsonDocument.Parse(buffer.WrittenMemory);
            element = rewritten.RootElement.Clone();
            return true;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or ArgumentException)
        {
            problem = ex.Message;
            return false;
        }
    }

    private static void ReplaceLoneSurrogates(Span<byte> json)
    {
        var inString = false;
        for (var i = 0; i < json.Length; i++)
        {
            var b = json[i];
            if (b == (byte)'"')
            {
                inString = !inString;
            }
            else if (inString && b == (byte)'\\' && i + 1 < json.Length)
            {
                if (json[i + 1] == (byte)'u' && Unit(json, i + 2) is var unit and >= 0xD800 and <= 0xDFFF)
                {
                    var low = unit <= 0xDBFF && i + 7 < json.Length && json[i + 6] == (byte)'\\' && json[i + 7] == (byte)'u' ? Unit(json, i + 8) : -1;
                    if (low is >= 0xDC00 and <= 0xDFFF)
                    {
                        i += 11;
                        continue;
                    }

                    "\\uFFFD"u8.CopyTo(json[i..]);
                    i += 5;
                    continue;
                }

                i++; // the escaped character, which may be a quote
            }
        }
    }

    private static int Unit(ReadOnlySpan<byte> json, int at) =>
        at + 4 <= json.Length && int.TryParse(json.Slice(at, 4), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : -1;
}

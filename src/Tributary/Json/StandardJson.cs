using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Tributary.Json;

/// <summary>
/// Checks that bytes are one standard JSON value (RFC 8259) before the ingest door accepts them: no byte order mark,
/// no comments, no trailing commas, valid UTF-8 everywhere and no lone UTF-16 surrogate escapes such as <c>\ud800</c>.
/// What passes can be read back by any JSON reader, so a stored event can never poison a read. A problem is reported
/// with the JSON path of the value and its line, column and byte.
/// </summary>
internal static class StandardJson
{
    /// <summary>The UTF-8 byte order mark.</summary>
    public static ReadOnlySpan<byte> ByteOrderMark => [0xEF, 0xBB, 0xBF];

    /// <summary>
    /// Why content is not UTF-8 JSON at all when it starts as UTF-16 or UTF-32 text does (a byte order mark of either, or
    /// a JSON object or array whose first character is followed or preceded by a zero byte, as Windows tools write it),
    /// naming the encoding and how to convert it, or as compressed data does (gzip, zstd, xz, bzip2, a zip archive),
    /// naming the format and how to decompress it; null otherwise. Said once for the whole content, instead of an error
    /// per line for each event it holds.
    /// </summary>
    public static LineageError? WrongEncoding(ReadOnlySpan<byte> content)
    {
        if (Compressed(content) is { } compressed)
        {
            return new LineageError("$", compressed);
        }

        var encoding = content switch
        {
            [0xFF, 0xFE, 0x00, 0x00, ..] => "UTF-32LE",
            [0x00, 0x00, 0xFE, 0xFF, ..] => "UTF-32BE",
            [0xFF, 0xFE, ..] => "UTF-16LE",
            [0xFE, 0xFF, ..] => "UTF-16BE",
            [(byte)'{' or (byte)'[', 0x00, 0x00, 0x00, ..] => "UTF-32LE",
            [(byte)'{' or (byte)'[', 0x00, ..] => "UTF-16LE",
            [0x00, 0x00, 0x00, (byte)'{' or (byte)'[', ..] => "UTF-32BE",
            [0x00, (byte)'{' or (byte)'[', ..] => "UTF-16BE",
            _ => null,
        };
        return encoding is null ? null : new LineageError("$",
            $"the content is {encoding} text, not UTF-8: OpenLineage events are UTF-8 JSON; convert it first, e.g. iconv -f {encoding} -t UTF-8");
    }

    // What to say of content that is compressed data or an archive (known by its first bytes), not JSON: read as JSON
    // it was "malformed JSON at line 1, column 1: '0x1F' is an invalid start of a value", whatever its format.
    private static string? Compressed(ReadOnlySpan<byte> content) => content switch
    {
        [0x1F, 0x8B, ..] => "the content is gzip-compressed data, not JSON: decompress it first (gzip -d), or send it over HTTP with Content-Encoding: gzip",
        [0x28, 0xB5, 0x2F, 0xFD, ..] => "the content is zstd-compressed data, not JSON: decompress it first (zstd -d)",
        [0xFD, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0x00, ..] => "the content is xz-compressed data, not JSON: decompress it first (xz -d)",
        [(byte)'B', (byte)'Z', (byte)'h', ..] => "the content is bzip2-compressed data, not JSON: decompress it first (bzip2 -d)",
        [(byte)'P', (byte)'K', 0x03, 0x04, ..] => "the content is a zip archive, not JSON: extract its files first (unzip) and give those",
        _ => null,
    };

    /// <summary>
    /// True when <paramref name="utf8"/> has no byte order mark, is valid UTF-8 throughout and holds no escape that could
    /// be half of a surrogate pair: then a strict <see cref="Utf8JsonReader"/> (no comments, no trailing commas) that
    /// reads it whole accepts exactly what <see cref="Check"/> would. False says only "look closer".
    /// </summary>
    public static bool PassesQuickCheck(ReadOnlySpan<byte> utf8)
    {
        if (utf8.StartsWith(ByteOrderMark) || !System.Text.Unicode.Utf8.IsValid(utf8))
        {
            return false;
        }

        // \uD800-\uDFFF in either case; a rare false alarm (an escaped backslash before "uD8", a valid pair) costs the full check.
        var rest = utf8;
        for (var at = rest.IndexOf("\\u"u8); at >= 0; at = rest.IndexOf("\\u"u8))
        {
            if (at + 3 < rest.Length && rest[at + 2] is (byte)'d' or (byte)'D' && IsSurrogateDigit(rest[at + 3]))
            {
                return false;
            }

            rest = rest[(at + 2)..];
        }

        return true;
    }

    private static bool IsSurrogateDigit(byte b) => b is (>= (byte)'8' and <= (byte)'9') or (>= (byte)'a' and <= (byte)'f') or (>= (byte)'A' and <= (byte)'F');

    /// <summary>Null when <paramref name="utf8"/> is one standard JSON value, otherwise the first problem.</summary>
    public static LineageError? Check(ReadOnlySpan<byte> utf8)
    {
        if (utf8.StartsWith(ByteOrderMark))
        {
            return new LineageError("$", "a UTF-8 byte order mark at line 1, column 1 (byte 0): standard JSON has none; send the event without it");
        }

        // The path is kept as frames over the input and turned into text only when there is a problem to report.
        var frames = new List<Frame>();
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        var lastGood = 0;
        try
        {
            while (reader.Read())
            {
                lastGood = (int)reader.BytesConsumed;
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        if (CheckString(ref reader) is { } nameProblem)
                        {
                            return Problem(utf8, frames, null, nameProblem.Offset, "the property name " + nameProblem.What);
                        }

                        frames[^1] = frames[^1] with { NameStart = (int)reader.TokenStartIndex + 1, NameLength = reader.ValueSpan.Length };
                        continue;
                    case JsonTokenType.String:
                        if (CheckString(ref reader) is { } valueProblem)
                        {
                            return Problem(utf8, frames, ElementOf(frames), valueProblem.Offset, "the string " + valueProblem.What);
                        }

                        break;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        frames.Add(new Frame(reader.TokenType == JsonTokenType.StartArray, 0, -1, 0));
                        continue;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        frames.RemoveAt(frames.Count - 1);
                        break;
                }

                Advance(frames);
            }
        }
        catch (JsonException ex)
        {
            // Comments and trailing commas are what lenient readers let through; anything else is plain malformed JSON.
            return Explain(utf8, lastGood) is { } what ? Problem(utf8, frames, null, Offset(utf8, ex, lastGood), what) : LineageJson.MalformedJson(ex);
        }

        return null;
    }

    // The index an array item gets; null inside an object.
    private static int? ElementOf(List<Frame> frames) => frames.Count > 0 && frames[^1].IsArray ? frames[^1].Next : null;

    // After a whole value, the array it was in moves to its next item, and the object it was in to no property.
    private static void Advance(List<Frame> frames)
    {
        if (frames.Count > 0)
        {
            frames[^1] = frames[^1].IsArray ? frames[^1] with { Next = frames[^1].Next + 1 } : frames[^1] with { NameStart = -1 };
        }
    }

    // What is wrong with a string token and the byte to point at: the invalid byte itself, or the string's start.
    private static (string What, int Offset)? CheckString(ref Utf8JsonReader reader)
    {
        var raw = reader.ValueSpan;
        if (!System.Text.Unicode.Utf8.IsValid(raw))
        {
            var bad = FirstInvalidByte(raw);
            return ($"is not valid UTF-8: byte 0x{raw[bad]:X2} does not start or continue a character", (int)reader.TokenStartIndex + 1 + bad);
        }

        return reader.ValueIsEscaped && LoneSurrogate(raw) is { } escape
            ? ($"has the escape {escape}, half of a UTF-16 surrogate pair without its other half; it is no character (use the character itself, or both halves of its pair)", (int)reader.TokenStartIndex)
            : null;
    }

    private static int FirstInvalidByte(ReadOnlySpan<byte> raw)
    {
        var at = 0;
        while (at < raw.Length)
        {
            if (Rune.DecodeFromUtf8(raw[at..], out _, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return at;
            }

            at += consumed;
        }

        return 0;
    }

    // The first \uD800-\uDFFF escape that is not a high surrogate followed at once by a low one, as written.
    private static string? LoneSurrogate(ReadOnlySpan<byte> raw)
    {
        for (var i = 0; i < raw.Length - 1; i++)
        {
            if (raw[i] != (byte)'\\')
            {
                continue;
            }

            if (raw[i + 1] != (byte)'u')
            {
                i++; // an escaped character such as \\ or \": skip it, so "\\ud800" (a backslash, then text) is no escape
                continue;
            }

            var unit = Hex(raw, i + 2);
            if (unit is >= 0xDC00 and <= 0xDFFF)
            {
                return Encoding.ASCII.GetString(raw.Slice(i, 6));
            }

            if (unit is >= 0xD800 and <= 0xDBFF)
            {
                var low = i + 7 < raw.Length && raw[i + 6] == (byte)'\\' && raw[i + 7] == (byte)'u' ? Hex(raw, i + 8) : -1;
                if (low is not (>= 0xDC00 and <= 0xDFFF))
                {
                    return Encoding.ASCII.GetString(raw.Slice(i, 6));
                }

                i += 11;
                continue;
            }

            i += 5;
        }

        return null;
    }

    private static int Hex(ReadOnlySpan<byte> raw, int at) =>
        at + 4 <= raw.Length && int.TryParse(raw.Slice(at, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value) ? value : -1;

    // The byte the reader stopped at: the reader reports a line and column, which are turned back into an offset.
    private static int Offset(ReadOnlySpan<byte> utf8, JsonException ex, int fallback)
    {
        if (ex.LineNumber is not { } line || ex.BytePositionInLine is not { } column)
        {
            return fallback;
        }

        var at = 0;
        for (var l = 0L; l < line; l++)
        {
            var next = utf8[at..].IndexOf((byte)'\n');
            if (next < 0)
            {
                return fallback;
            }

            at += next + 1;
        }

        return (int)Math.Min(at + column, utf8.Length);
    }

    // A comment or a trailing comma where the reader stopped, in plain words; null for anything else.
    private static string? Explain(ReadOnlySpan<byte> utf8, int lastGood)
    {
        var next = lastGood;
        while (next < utf8.Length && utf8[next] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or (byte)',')
        {
            next++;
        }

        if (next < utf8.Length && utf8[next] == (byte)'/')
        {
            return "a comment: standard JSON has no comments; remove it";
        }

        if (next < utf8.Length && utf8[next] is (byte)'}' or (byte)']' && utf8[lastGood..next].Contains((byte)','))
        {
            return "a trailing comma before '" + (char)utf8[next] + "': standard JSON has none; remove it";
        }

        return null;
    }

    private static LineageError Problem(ReadOnlySpan<byte> utf8, List<Frame> frames, int? element, int offset, string what)
    {
        var path = new StringBuilder("$");
        for (var i = 0; i < frames.Count; i++)
        {
            var frame = frames[i];
            if (frame.NameStart >= 0 && !frame.IsArray)
            {
                // Names are shown as written; an escaped or invalid one is still recognisable.
                var name = Encoding.UTF8.GetString(utf8.Slice(frame.NameStart, frame.NameLength));
                path.Append(IsPlain(name) ? "." + name : "['" + name.Replace("'", "\\'", StringComparison.Ordinal) + "']");
            }
            else if (frame.IsArray && i < frames.Count - 1)
            {
                path.Append('[').Append(frame.Next).Append(']');
            }
        }

        if (element is { } index)
        {
            path.Append('[').Append(index).Append(']');
        }

        var line = utf8[..offset].Count((byte)'\n') + 1;
        var column = offset - (utf8[..offset].LastIndexOf((byte)'\n') + 1) + 1;
        return new LineageError(path.ToString(), $"{what} (line {line}, column {column}, byte {offset})");
    }

    private static bool IsPlain(string name) => name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    // An open object or array: for an array the index of the item being read, for an object the property being read.
    private readonly record struct Frame(bool IsArray, int Next, int NameStart, int NameLength);
}

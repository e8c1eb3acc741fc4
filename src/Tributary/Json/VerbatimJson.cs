using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;

namespace Tributary.Json;

/// <summary>
/// Writes a JSON value's own bytes in the form writing its parsed value would give them, without parsing it into a
/// document: the ingest door writes every event's canonical form for its digest, and most of a realistic event is facets
/// read back unchanged. Writing a parsed value (<c>JsonElement.WriteTo</c>, compact, with Tributary's relaxed encoder)
/// keeps numbers and literals as they were, puts no whitespace between tokens, and writes each character of a string
/// either as it is or as the one escape the encoder gives it (<c>\n</c>, <c>\"</c>, <c>\u2028</c>, <c>\uD83D\uDE00</c>:
/// short forms where JSON has them, otherwise four upper-case hex digits, a surrogate pair beyond the BMP). So bytes already
/// in that form are copied as they are (the usual case, found by one vectorised pass), and any other valid value is
/// rewritten in one pass: whitespace between tokens left out, each escape or character not in the writer's form (an
/// <c>\u00e9</c> from Python's <c>json.dumps</c>, a <c>\u003C</c> from .NET's default encoder, <c>\/</c>, a raw emoji)
/// replaced by the writer's.
/// </summary>
internal static partial class VerbatimJson
{
    // Which characters the writer escapes: the encoder's own answer (the writer asks it the same question).
    private static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    // What can differ from the writer's form: whitespace (between tokens it is left out; in strings only a space is
    // valid), escapes, control characters, DEL and text beyond ASCII. Everything else is copied as it is.
    private static readonly SearchValues<byte> Special = SearchValues.Create([(byte)' ', .. NotPrintable()]);

    // Inside a string: its end, and what Special finds but a space.
    private static readonly SearchValues<byte> InsideStops = SearchValues.Create([(byte)'"', .. NotPrintable()]);

    // JSON's whitespace between tokens.
    private static readonly SearchValues<byte> Whitespace = SearchValues.Create(" \t\n\r"u8);

    [ThreadStatic]
    private static byte[]? t_rewritten;

    /// <summary>
    /// Writes <paramref name="raw"/> (one complete JSON value) to <paramref name="writer"/> exactly as writing its parsed
    /// value would; false (nothing written) for a writer that writes otherwise (see <see cref="Applies"/>) or for bytes
    /// that are not valid JSON text (broken UTF-8, half a surrogate pair), which the caller then writes the usual way.
    /// </summary>
    public static bool TryWrite(System.Text.Json.Utf8JsonWriter writer, ReadOnlySpan<byte> raw)
    {
        if (!Applies(writer))
        {
            return false;
        }

        if (IsCanonical(raw))
        {
            writer.WriteRawValue(raw, skipInputValidation: true);
            return true;
        }

        byte[]? output = t_rewritten ??= new byte[4096];
        var length = 0;
        if (!Scan(raw, ref output, ref length))
        {
            return false;
        }

        // Scan only grows the buffer it was given. A rare huge value does not stay behind in every thread that wrote one.
        var written = output!;
        writer.WriteRawValue(written.AsSpan(0, length), skipInputValidation: true);
        t_rewritten = written.Length <= (1 << 20) ? written : null;
        return true;
    }

    /// <summary>
    /// True for a writer that writes as Tributary's own do (compact, relaxed encoder). A caller's writer may indent, or
    /// escape HTML-sensitive characters, and then gets what <c>JsonElement.WriteTo</c> writes.
    /// </summary>
    public static bool Applies(System.Text.Json.Utf8JsonWriter writer) =>
        !writer.Options.Indented && ReferenceEquals(writer.Options.Encoder, Encoder);

    /// <summary>True when <paramref name="raw"/> (one complete JSON value) is already in the form the writer would write it.</summary>
    public static bool IsCanonical(ReadOnlySpan<byte> raw)
    {
        byte[]? none = null;
        var length = 0;
        return Scan(raw, ref none, ref length);
    }

    // One pass over a valid JSON value: 64 bytes at a time by the block pass (VerbatimJson.Blocks) while they hold no
    // escape, control character or text beyond ASCII, and otherwise from one special byte to the next with vectorised
    // searches, handing back to the block pass at the first token past the block it could not take. Outside strings the
    // quotes between two special bytes say whether the second is in a string (escapes are special, so every quote in
    // between opens or closes one). Without `output` it only checks that every byte is in the writer's form; with it,
    // it writes the writer's form there. False when a check fails, or for text that is not valid (broken UTF-8, half a
    // surrogate pair, a control character).
    private static bool Scan(ReadOnlySpan<byte> raw, ref byte[]? output, ref int length)
    {
        var i = 0;
        var blocksFrom = 0; // where the block pass (VerbatimJson.Blocks) may take over again
        while (true)
        {
            if (i >= blocksFrom)
            {
                switch (Blocks(raw, ref i, ref output, ref length, out blocksFrom))
                {
                    case BlockPass.Done:
                        return true;
                    case BlockPass.Failed:
                        return false;
                }
            }

            var at = raw[i..].IndexOfAny(Special);
            var p = at < 0 ? raw.Length : i + at;
            Append(raw[i..p], ref output, ref length);
            if (at < 0)
            {
                return true;
            }

            if ((raw[i..p].Count((byte)'"') & 1) == 0)
            {
                // Between tokens: whitespace, left out (anything else there is not JSON). A run of it (a line break and
                // the next line's indentation in a pretty-printed value) is passed over at once: one search per byte
                // made writing a pretty-printed event three times as slow as reading it.
                if (output is null || !Whitespace.Contains(raw[p]))
                {
                    return false;
                }

                var token = raw[(p + 1)..].IndexOfAnyExcept(Whitespace);
                i = token < 0 ? raw.Length : p + 1 + token;
                continue;
            }

            // In a string, to its end: a space is copied; anything else special is checked or rewritten.
            i = p;
            while (true)
            {
                var b = raw[i];
                if (b == (byte)'"')
                {
                    Append("\""u8, ref output, ref length);
                    i++;
                    break;
                }

                int consumed;
                if (b == (byte)' ')
                {
                    Append(" "u8, ref output, ref length);
                    consumed = 1;
                }
                else if (b == (byte)'\\')
                {
                    if (output is null)
                    {
                        consumed = WrittenEscapeLength(raw[i..]);
                        if (consumed == 0)
                        {
                            return false;
                        }
                    }
                    else if (Unescape(raw[i..], out var c, out consumed))
                    {
                        Write(c, ref output, ref length);
                    }
                    else
                    {
                        return false;
                    }
                }
                else if (b < 0x7F || Rune.DecodeFromUtf8(raw[i..], out var rune, out consumed) != OperationStatus.Done)
                {
                    return false; // a control character (not valid in a string), or broken UTF-8
                }
                else if (output is not null)
                {
                    Write(rune.Value, ref output, ref length);
                }
                else if (Encoder.WillEncode(rune.Value))
                {
                    return false; // DEL or a character the writer escapes
                }

                i += consumed;
                var stop = raw[i..].IndexOfAny(InsideStops);
                if (stop < 0)
                {
                    return false; // not one complete value
                }

                Append(raw.Slice(i, stop), ref output, ref length);
                i += stop;
            }
        }
    }

    // The length of the escape `escape` starts with when it is the very one the writer writes for its character, else 0.
    private static int WrittenEscapeLength(ReadOnlySpan<byte> escape)
    {
        if (escape.Length < 2)
        {
            return 0;
        }

        switch (escape[1])
        {
            case (byte)'"' or (byte)'\\' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t':
                return 2;
            case (byte)'u':
                break;
            default:
                return 0; // \/ is written as /
        }

        if (!Hex(escape, 2, upperOnly: true, out var unit) || char.IsLowSurrogate((char)unit))
        {
            return 0;
        }

        if (char.IsHighSurrogate((char)unit))
        {
            return escape.Length >= 12 && escape[6] == (byte)'\\' && escape[7] == (byte)'u' && Hex(escape, 8, upperOnly: true, out var low)
                && char.IsLowSurrogate((char)low) && Encoder.WillEncode(char.ConvertToUtf32((char)unit, (char)low)) ? 12 : 0;
        }

        // A character with a short form is written with it; one the encoder lets through is written as it is.
        return ShortForm(unit) != 0 || !Encoder.WillEncode(unit) ? 0 : 6;
    }

    // The character an escape stands for, and how many bytes it takes; false for half a surrogate pair or no escape.
    private static bool Unescape(ReadOnlySpan<byte> escape, out int c, out int consumed)
    {
        (c, consumed) = (0, 2);
        if (escape.Length < 2)
        {
            return false;
        }

        c = escape[1] switch
        {
            (byte)'"' => '"',
            (byte)'\\' => '\\',
            (byte)'/' => '/',
            (byte)'b' => '\b',
            (byte)'f' => '\f',
            (byte)'n' => '\n',
            (byte)'r' => '\r',
            (byte)'t' => '\t',
            (byte)'u' => -1,
            _ => -2,
        };
        if (c != -1)
        {
            return c >= 0;
        }

        consumed = 6;
        if (!Hex(escape, 2, upperOnly: false, out c) || char.IsLowSurrogate((char)c))
        {
            return false;
        }

        if (!char.IsHighSurrogate((char)c))
        {
            return true;
        }

        consumed = 12;
        if (escape.Length < 12 || escape[6] != (byte)'\\' || escape[7] != (byte)'u' || !Hex(escape, 8, upperOnly: false, out var low) || !char.IsLowSurrogate((char)low))
        {
            return false;
        }

        c = char.ConvertToUtf32((char)c, (char)low);
        return true;
    }

    // Writes one character as the writer does: as it is, with its short escape, or as \uXXXX (a pair beyond the BMP).
    private static void Write(int c, ref byte[]? output, ref int length)
    {
        if (!Encoder.WillEncode(c))
        {
            Span<byte> utf8 = stackalloc byte[4];
            Append(utf8[..new Rune(c).EncodeToUtf8(utf8)], ref output, ref length);
            return;
        }

        if (ShortForm(c) is var letter and not 0)
        {
            Append([(byte)'\\', letter], ref output, ref length);
            return;
        }

        Span<char> units = stackalloc char[2];
        var count = new Rune(c).EncodeToUtf16(units);
        Span<byte> escape = stackalloc byte[6];
        escape[0] = (byte)'\\';
        escape[1] = (byte)'u';
        for (var k = 0; k < count; k++)
        {
            ((ushort)units[k]).TryFormat(escape[2..], out _, "X4", System.Globalization.CultureInfo.InvariantCulture);
            Append(escape, ref output, ref length);
        }
    }

    // An escape's backslash and every byte that is not printable ASCII: control characters, DEL, text beyond ASCII.
    private static IEnumerable<byte> NotPrintable() =>
        [(byte)'\\', .. Enumerable.Range(0, 0x20).Select(b => (byte)b), .. Enumerable.Range(0x7F, 0x81).Select(b => (byte)b)];

    // The letter of a character's short escape (\" \\ \b \f \n \r \t), or 0.
    private static byte ShortForm(int c) => c switch
    {
        '"' => (byte)'"',
        '\\' => (byte)'\\',
        '\b' => (byte)'b',
        '\f' => (byte)'f',
        '\n' => (byte)'n',
        '\r' => (byte)'r',
        '\t' => (byte)'t',
        _ => 0,
    };

    // Four hex digits at `start` (upper-case only, as the writer writes them, when asked).
    private static bool Hex(ReadOnlySpan<byte> escape, int start, bool upperOnly, out int value)
    {
        value = 0;
        if (escape.Length < start + 4)
        {
            return false;
        }

        for (var k = start; k < start + 4; k++)
        {
            var d = escape[k];
            var digit = d switch
            {
                >= (byte)'0' and <= (byte)'9' => d - '0',
                >= (byte)'A' and <= (byte)'F' => d - 'A' + 10,
                >= (byte)'a' and <= (byte)'f' when !upperOnly => d - 'a' + 10,
                _ => -1,
            };
            if (digit < 0)
            {
                return false;
            }

            value = (value << 4) | digit;
        }

        return true;
    }

    // Appends to `output` (grown as needed); nothing when only checking.
    private static void Append(ReadOnlySpan<byte> bytes, ref byte[]? output, ref int length)
    {
        if (output is null)
        {
            return;
        }

        if (length + bytes.Length > output.Length)
        {
            Array.Resize(ref output, Math.Max(output.Length * 2, length + bytes.Length));
        }

        bytes.CopyTo(output.AsSpan(length));
        length += bytes.Length;
    }
}

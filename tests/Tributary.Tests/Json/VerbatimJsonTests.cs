using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Tributary.Json;

namespace Tributary.Tests.Json;

public sealed class VerbatimJsonTests
{
    private static readonly JsonWriterOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Fact]
    public void Every_printable_ascii_character_is_written_as_it_is_by_the_relaxed_encoder()
    {
        for (var c = (char)0x20; c <= (char)0x7E; c++)
        {
            if (c is '"' or '\\')
            {
                continue;
            }

            var json = $"{{\"k{c}\":\"v{c}\",\"n\":[1.50,-2e3,true,null]}}";
            Assert.True(VerbatimJson.IsCanonical(Encoding.UTF8.GetBytes(json)), json);
            Assert.Equal(json, WrittenByElement(json));
        }
    }

    [Theory]
    [InlineData("{\"a\": 1}")]
    [InlineData("{\"a\":\"\\/\"}")]
    [InlineData("{\"a\":\"\\u0041\"}")]
    [InlineData("{\"a\":\"caf\\u00e9\"}")] // Python's json.dumps escapes what the writer writes as it is
    [InlineData("{\"a\":\"caf\\u00E9\"}")]
    [InlineData("{\"a\":\"\\u000A\"}")] // the writer has a short form for it
    [InlineData("{\"a\":\"\\u2028\\u00a0\"}")] // lower-case hex
    [InlineData("{\"a\":\"\\ud83d\\ude00\"}")]
    [InlineData("{\"a\":\"\\uD83D\"}")] // half a pair
    [InlineData("{\"a\":\"\U0001F600\"}")] // an emoji as it is: the writer escapes it
    [InlineData("{\"a\":\"\u2028\"}")]
    [InlineData("[1,\n2]")]
    public void Values_that_writing_would_change_are_not_copied(string json) =>
        Assert.False(VerbatimJson.IsCanonical(Encoding.UTF8.GetBytes(json)));

    [Theory]
    [InlineData("{\"a\":\"two words\",\"b\":[\" \",\"x y\"]}")]
    [InlineData("{\"description\":\"a <b> & 'c' + `d`\"}")]
    [InlineData("{\"a\":\"caf\u00e9 \u65e5\u672c \u00ad\"}")]
    [InlineData("{\"sql\":\"SELECT \\\"id\\\"\\n  FROM t\\r\\n\\tWHERE a = 'x\\\\y'\\b\\f\"}")]
    [InlineData("{\"a\":\"\\u2028\\u0000\\u007F\\u00A0\\uD83D\\uDE00\"}")]
    public void Compact_values_in_the_writers_own_form_are_copied_and_equal_what_the_writer_writes(string json)
    {
        Assert.True(VerbatimJson.IsCanonical(Encoding.UTF8.GetBytes(json)));
        Assert.Equal(json, WrittenByElement(json));
    }

    [Fact]
    public void Only_compact_writers_with_the_relaxed_encoder_copy()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using var relaxed = new Utf8JsonWriter(buffer, Relaxed);
        using var indented = new Utf8JsonWriter(buffer, Relaxed with { Indented = true });
        using var standard = new Utf8JsonWriter(buffer);

        Assert.True(VerbatimJson.Applies(relaxed));
        Assert.False(VerbatimJson.Applies(indented));
        Assert.False(VerbatimJson.Applies(standard));
    }

    [Theory]
    [InlineData("{\"a\": 1, \"b\": [true, false, null], \"c\": \"two words\"}")] // Python's json.dumps
    [InlineData("{\n  \"a\": {\n    \"b\": [\n      1.5e+3,\n      -0\n    ]\n  },\n\t\"c\" :\r\n \"x  y\"\n}")] // indented
    [InlineData("[ ]")]
    [InlineData("[1 ,\n\n\t  2 ,\r\n    {\"a\" :\n        [ ]\n    }\n]   \n\t")] // runs of whitespace, one at the end
    [InlineData(" \"a b\" ")]
    [InlineData("{\"k\":\" : , { } [ ] \"}")]
    public void Values_that_differ_only_by_whitespace_between_tokens_are_written_without_it_as_the_writer_writes_them(string json)
    {
        Assert.Equal(WrittenByElement(json), WrittenByTryWrite(json));
    }

    [Theory]
    [InlineData("{\"a\": \"\\u00e9\"}")]
    [InlineData("{\"a\":\"\\/\"}")]
    [InlineData("{\"a\":\"\\u0041\\u003C\\u0027\\u002B\"}")] // .NET's default encoder
    [InlineData("{\"a\":\"\\u000a\\u001f\\u007f\\u00a0\"}")]
    [InlineData("{\"a\": \"\U0001F600\\ud83d\\ude00\u007F\u2028\"}")]
    [InlineData("[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\", 1.50e+3, true, null, {}, []]")]
    public void Values_with_text_the_writer_writes_otherwise_are_rewritten_as_it_writes_them(string json)
    {
        Assert.False(VerbatimJson.IsCanonical(Encoding.UTF8.GetBytes(json)));
        Assert.Equal(WrittenByElement(json), WrittenByTryWrite(json));
    }

    [Theory]
    [InlineData("{\"a\":\"\\uD800\"}")]
    [InlineData("{\"a\":\"\\uDC00\\uD800\"}")]
    public void Half_a_surrogate_pair_is_left_to_the_writer(string json) =>
        Assert.Null(WrittenByTryWrite(json));

    [Theory]
    [InlineData("{\"a\": \"caf\u00e9\", \"b\": [\"\\n\\\"\", \"\\\\\"]}")]
    [InlineData("{\n  \"sql\": \"SELECT *\\n  FROM \\\"t\\\"\",\n  \"x\": \"\\uD83D\\uDE00 \\u2028\"\n}")]
    public void Spaced_values_with_escapes_and_text_beyond_ascii_are_compacted_as_the_writer_writes_them(string json)
    {
        Assert.NotNull(WrittenByTryWrite(json));
        Assert.Equal(WrittenByElement(json), WrittenByTryWrite(json));
    }

    [Fact]
    public void Every_character_as_it_is_or_escaped_in_any_form_is_written_as_the_writer_writes_it()
    {
        var copied = 0;
        for (var c = 0; c < 0x110000; c += c < 0x10000 ? 1 : 251)
        {
            if (c is >= 0xD800 and <= 0xDFFF)
            {
                continue;
            }

            var text = char.ConvertFromUtf32(c);
            var hex = string.Concat(text.Select(unit => $"\\u{(int)unit:X4}"));
            foreach (var form in (string[])[c is '"' or '\\' || c < 0x20 ? hex : text, hex, hex.ToLowerInvariant(), ShortForm(c), c == '/' ? "\\/" : ""])
            {
                if (form.Length == 0)
                {
                    continue;
                }

                foreach (var json in (string[])[$"{{\"k{form}\":[\"{form}\",1]}}", $"{{ \"k{form}\" : [ \"a {form}\" , 1 ] }}"])
                {
                    var bytes = Encoding.UTF8.GetBytes(json);
                    copied += VerbatimJson.IsCanonical(bytes) ? 1 : 0;
                    Assert.Equal(WrittenByElement(json), WrittenByTryWrite(json));
                }
            }
        }

        // Every form was written as the writer writes it; those already in that form (printable text of every script as it
        // is, each escaped character's own escape, compact) were copied without a rewrite.
        Assert.True(copied > 65_000, $"{copied} copied");
    }

    private static string ShortForm(int c) => c switch
    {
        '\b' => "\\b", '\f' => "\\f", '\n' => "\\n", '\r' => "\\r", '\t' => "\\t", '"' => "\\\"", '\\' => "\\\\", _ => "",
    };

    [Fact]
    public void Every_corpus_file_as_it_is_and_as_dotnets_default_encoder_writes_it_is_written_as_the_writer_writes_it()
    {
        var written = 0;
        foreach (var path in EventCorpus.Files("concrete", "concrete-legacy"))
        {
            var text = File.ReadAllText(EventCorpus.Resolve(path));
            if (text.TrimStart().StartsWith('{') && IsOneValue(text))
            {
                Assert.Equal(WrittenByElement(text), WrittenByTryWrite(text));
                var escaped = System.Text.Json.Nodes.JsonNode.Parse(text)!.ToJsonString();
                Assert.Equal(WrittenByElement(escaped), WrittenByTryWrite(escaped));
                written++;
            }
        }

        Assert.True(written > 20, $"{written} corpus files written");
    }

    [Theory]
    [InlineData(1, "")] // compact, the writer's own form
    [InlineData(2, " ")] // as Python's json.dumps writes (a space after each comma and colon), and more
    [InlineData(3, "  \t")]
    [InlineData(4, "\n    ")]
    [InlineData(5, "\r\n\t")]
    public void Long_values_with_whitespace_escapes_and_text_beyond_ascii_anywhere_are_written_as_the_writer_writes_them(int seed, string spacing)
    {
        // Values of a few hundred bytes to several kilobytes, so strings, escapes, text beyond ASCII and runs of
        // whitespace fall on every position of the 64-byte blocks the writer's form is checked in, and across them.
        var random = new Random(seed);
        var copied = 0;
        for (var n = 0; n < 400; n++)
        {
            var json = new StringBuilder();
            RandomValue(random, json, spacing, depth: 0);
            var text = json.ToString();
            var expected = WrittenByElement(text);
            Assert.Equal(expected, WrittenByTryWrite(text));
            var canonical = VerbatimJson.IsCanonical(Encoding.UTF8.GetBytes(text));
            Assert.Equal(text == expected, canonical);
            copied += canonical ? 1 : 0;
        }

        // Compact values with no text the writer writes otherwise are copied as they are.
        Assert.True(spacing.Length > 0 || copied > 0, $"{copied} copied");
    }

    // A random JSON value: objects and arrays of strings (spaces, quotes, escapes of every form, text beyond ASCII,
    // characters the writer escapes), numbers and literals, with `spacing` (randomly some of it) between tokens.
    private static void RandomValue(Random random, StringBuilder json, string spacing, int depth)
    {
        void Space()
        {
            if (spacing.Length > 0 && random.Next(4) > 0)
            {
                json.Append(spacing[..random.Next(1, spacing.Length + 1)]);
            }
        }

        switch (depth < 4 ? random.Next(6) : random.Next(3, 6))
        {
            case 0 or 1:
                json.Append('{');
                var properties = random.Next(depth == 0 ? 4 : 0, 12);
                for (var i = 0; i < properties; i++)
                {
                    Space();
                    RandomString(random, json);
                    Space();
                    json.Append(':');
                    Space();
                    RandomValue(random, json, spacing, depth + 1);
                    Space();
                    json.Append(i < properties - 1 ? "," : "");
                }

                json.Append('}');
                break;
            case 2:
                json.Append('[');
                var items = random.Next(0, 10);
                for (var i = 0; i < items; i++)
                {
                    Space();
                    RandomValue(random, json, spacing, depth + 1);
                    Space();
                    json.Append(i < items - 1 ? "," : "");
                }

                json.Append(']');
                break;
            case 3:
                json.Append(((string[])["true", "false", "null", "0", "-12.5e+3", "1.50"])[random.Next(6)]);
                break;
            default:
                RandomString(random, json);
                break;
        }
    }

    private static void RandomString(Random random, StringBuilder json)
    {
        json.Append('"');
        var length = random.Next(0, random.Next(3) == 0 ? 200 : 24);
        for (var i = 0; i < length; i++)
        {
            var roll = random.Next(100);
            json.Append(roll switch
            {
                < 60 => ((char)random.Next(0x20, 0x7F)) switch { '"' => "\\\"", '\\' => "\\\\", var c => c.ToString() },
                < 75 => " ",
                < 82 => ((string[])["\\n", "\\t", "\\r", "\\b", "\\f", "\\/", "\\\\", "\\\""])[random.Next(8)],
                < 88 => random.Next(2) == 0 ? $"\\u{random.Next(0, 0x2030):X4}" : $"\\u{random.Next(0, 0x2030):x4}",
                < 94 => ((string[])["\u00e9", "\u65e5", "\u2028", "\u00ad", "\U0001F600", "\u007F"])[random.Next(6)],
                _ => "<>&'+`",
            });
        }

        json.Append('"');
    }

    private static bool IsOneValue(string text)
    {
        try
        {
            using var _ = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    // What TryWrite writes, or null when it leaves the value to the writer.
    private static string? WrittenByTryWrite(string json)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, Relaxed))
        {
            if (!VerbatimJson.TryWrite(writer, Encoding.UTF8.GetBytes(json)))
            {
                return null;
            }
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string WrittenByElement(string json)
    {
        using var document = JsonDocument.Parse(json);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, Relaxed))
        {
            document.RootElement.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}

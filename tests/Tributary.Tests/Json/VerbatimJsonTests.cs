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
    [InlineData("{\"a\":\"caf\u00e9\"}")]
    [InlineData("{\"a\":\"\\/\"}")]
    [InlineData("{\"a\":\"\\u0041\"}")]
    [InlineData("[1,\n2]")]
    [InlineData("{\"a\":\"tab\\there\"}")]
    public void Values_that_writing_would_change_are_not_copied(string json) =>
        Assert.False(VerbatimJson.IsCanonical(Encoding.UTF8.GetBytes(json)));

    [Theory]
    [InlineData("{\"a\":\"two words\",\"b\":[\" \",\"x y\"]}")]
    [InlineData("{\"description\":\"a <b> & 'c' + `d`\"}")]
    public void Compact_printable_values_are_copied_and_equal_what_the_writer_writes(string json)
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
    [InlineData(" \"a b\" ")]
    [InlineData("{\"k\":\" : , { } [ ] \"}")]
    public void Values_that_differ_only_by_whitespace_between_tokens_are_written_without_it_as_the_writer_writes_them(string json)
    {
        Assert.Equal(WrittenByElement(json), WrittenByTryWrite(json));
    }

    [Theory]
    [InlineData("{\"a\": \"caf\u00e9\"}")]
    [InlineData("{\"a\": \"\\n\"}")]
    [InlineData("{\"a\": \"\\u0041\"}")]
    public void Values_with_escapes_or_text_beyond_ascii_are_left_to_the_writer(string json) =>
        Assert.Null(WrittenByTryWrite(json));

    [Fact]
    public void Every_indented_corpus_file_is_written_as_the_writer_writes_it_or_left_to_the_writer()
    {
        var written = 0;
        foreach (var path in EventCorpus.Files("concrete", "concrete-legacy"))
        {
            var text = File.ReadAllText(EventCorpus.Resolve(path));
            if (text.TrimStart().StartsWith('{') && IsOneValue(text) && WrittenByTryWrite(text) is { } compact)
            {
                Assert.Equal(WrittenByElement(text), compact);
                written++;
            }
        }

        Assert.True(written > 20, $"{written} corpus files compacted");
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

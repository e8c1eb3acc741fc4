using System.Text;
using Tributary.Json;
using Tributary.Tests.Ingest;

namespace Tributary.Tests.Json;

/// <summary>
/// A single posted event is read in one pass, without the splitter's check of whether the body is one value or NDJSON;
/// whatever that pass accepts must read exactly as the splitter reads it, and whatever else it leaves to the splitter.
/// </summary>
public sealed class SingleEventReadingTests
{
    public static TheoryData<string> CorpusFiles() => DigestPinTests.PinnedFiles();

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public async Task A_corpus_file_read_in_one_pass_reads_as_the_splitter_reads_it(string path)
    {
        var content = await File.ReadAllBytesAsync(EventCorpus.Resolve(path));

        AssertReadsAsTheSplitter(content);
    }

    [Theory]
    [InlineData("\n\n  {EVENT}\n", true)]
    [InlineData("{EVENT}", true)]
    [InlineData("{EVENT}\n{EVENT}\n", false)]
    [InlineData("[{EVENT}]", false)]
    [InlineData("{EVENT} x", false)]
    [InlineData("{\"eventType\":\"COMPLETE\"}", false)]
    [InlineData("", false)]
    [InlineData("   ", false)]
    public void A_body_read_in_one_pass_reads_as_the_splitter_reads_it_or_is_left_to_it(string template, bool onePass)
    {
        var e = """{"eventType":"COMPLETE","eventTime":"2024-05-01T10:00:00Z","run":{"runId":"018f3a2c-0000-7000-8000-000000000001"},"job":{"namespace":"n","name":"j"},"producer":"https://example.com/p","schemaURL":"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent"}""";

        Assert.Equal(onePass, AssertReadsAsTheSplitter(Encoding.UTF8.GetBytes(template.Replace("{EVENT}", e, StringComparison.Ordinal))));
    }

    // True when the one-pass read took the content (and read it as the splitter does).
    private static bool AssertReadsAsTheSplitter(byte[] content)
    {
        var split = EventSplitter.Split(content, LineageReadOptions.Strict).ToList();

        if (EventSplitter.TryReadSingle(content, LineageReadOptions.Strict, out var single))
        {
            var expected = Assert.Single(split);
            Assert.NotNull(expected.Event);
            Assert.Equal((expected.Index, expected.Line), (single.Index, single.Line));
            Assert.Equal(expected.Raw.ToArray(), single.Raw.ToArray());
            Assert.Equal(LineageJson.SerializeToUtf8Bytes(expected.Event), LineageJson.SerializeToUtf8Bytes(single.Event!));
            Assert.Equal(expected.Warnings.Select(w => w.ToString()), single.Warnings.Select(w => w.ToString()));
            return true;
        }

        return false;
    }
}

using System.Text;
using Tributary.Ingest;
using Tributary.Json;
using Tributary.Model;
using Tributary.Storage;
using Tributary.Tests.Cli;
using Tributary.Tests.Storage;

namespace Tributary.Tests.Ingest;

/// <summary>The ingest door takes only standard JSON, from files (<c>tributary ingest</c>, <c>validate</c>) and from code (the SDK).</summary>
public sealed class StandardJsonTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string Small(int n) => Encoding.UTF8.GetString(StoreEvents.Small(n));

    [Theory]
    [InlineData("{/* c */\"a\":1}", "$", "a comment", 1)]
    [InlineData("{\"a\":{\"b\":[1,2,]}}", "$.a.b", "a trailing comma", 15)]
    [InlineData("{\"a\":[\"x\",\"\\udc00\"]}", "$.a[1]", "surrogate", 10)]
    [InlineData("{\"we ird\":\"\\ud800\"}", "$['we ird']", "surrogate", 10)]
    public void A_problem_is_reported_with_the_json_path_and_byte_of_the_value(string json, string path, string what, int at)
    {
        var problem = StandardJson.Check(Encoding.UTF8.GetBytes(json));

        Assert.NotNull(problem);
        Assert.Equal(path, problem.Path);
        Assert.Contains(what, problem.Message, StringComparison.Ordinal);
        Assert.EndsWith($"byte {at})", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"a\":\"\\ud83d\\ude00\",\"b\":\"\\\\ud800\",\"c\":[{},[],null,1.5e3,true]}")]
    [InlineData("[1,{\"x\":\"é\"}]")]
    public void Standard_json_passes(string json) => Assert.Null(StandardJson.Check(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public async Task Tributary_ingest_rejects_events_that_are_not_standard_json_with_line_and_path_and_takes_the_rest()
    {
        var file = _temp.Combine("events.ndjson");
        var commented = Small(1).Replace("\"producer\"", "/* c */ \"producer\"", StringComparison.Ordinal);
        var surrogate = Small(2).Replace("job-2", "job-\\ud800", StringComparison.Ordinal);
        await File.WriteAllBytesAsync(file, [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Small(0) + "\n" + commented + "\n" + surrogate + "\n")]);
        var store = _temp.Combine("store");

        var (code, output, _) = await CliRunner.RunAsync("ingest", file, "--store", store);

        Assert.Equal(1, code);
        Assert.Contains("line 2: rejected: $: a comment", output, StringComparison.Ordinal);
        Assert.Contains("line 3: rejected: $.job.name: the string has the escape \\ud800", output, StringComparison.Ordinal);
        Assert.Contains("1 accepted, 0 duplicates, 2 rejected", output, StringComparison.Ordinal);
        await using var opened = FileLineageStore.Open(store, new FileLineageStoreOptions { ReadOnly = true });
        Assert.Equal(StoreEvents.Small(0), opened.Read().Single().Raw.ToArray());
    }

    [Theory]
    [InlineData("utf-16", true, "UTF-16LE")]
    [InlineData("utf-16BE", true, "UTF-16BE")]
    [InlineData("utf-16", false, "UTF-16LE")]
    [InlineData("utf-32", true, "UTF-32LE")]
    public async Task Events_written_as_utf16_or_utf32_are_refused_once_for_the_whole_content_naming_the_encoding(string encoding, bool byteOrderMark, string named)
    {
        // Windows tools write UTF-16 with a byte order mark by default: one clear error, not one per line.
        var text = string.Join("\n", Enumerable.Range(0, 300).Select(Small)) + "\n";
        var unicode = Encoding.GetEncoding(encoding);
        var content = byteOrderMark ? [.. unicode.GetPreamble(), .. unicode.GetBytes(text)] : unicode.GetBytes(text);
        var file = _temp.Combine("events.ndjson");
        await File.WriteAllBytesAsync(file, content);
        await using var store = new InMemoryLineageStore();
        var ingestor = await LineageIngestor.OpenAsync(store);

        var inMemory = await ingestor.IngestManyAsync(content);
        var streamed = await ingestor.IngestManyAsync(new MemoryStream(content));
        var (code, output, _) = await CliRunner.RunAsync("validate", file);

        var said = $"$: the content is {named} text, not UTF-8: OpenLineage events are UTF-8 JSON; convert it first, e.g. iconv -f {named} -t UTF-8";
        foreach (var summary in new[] { inMemory, streamed })
        {
            Assert.Equal(0, summary.Accepted);
            Assert.Equal(said, Assert.Single(Assert.Single(summary.Rejected).Errors).ToString());
        }

        Assert.Equal(0, store.Count);
        Assert.Equal(1, code);
        Assert.Contains($"{file}: 1 invalid event of 1\n  line 1: {said}\n", output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0x28, 0xB5, 0x2F, 0xFD, 0x00, 0x58 }, "zstd-compressed data, not JSON: decompress it first (zstd -d)")]
    [InlineData(new byte[] { 0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00, 0x00 }, "xz-compressed data, not JSON: decompress it first (xz -d)")]
    [InlineData(new byte[] { 0x42, 0x5A, 0x68, 0x39, 0x31 }, "bzip2-compressed data, not JSON: decompress it first (bzip2 -d)")]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04, 0x14 }, "a zip archive, not JSON: extract its files first (unzip)")]
    [InlineData(new byte[] { 0x1F, 0x8B, 0x08, 0x00 }, "gzip-compressed data, not JSON: decompress it first (gzip -d), or send it over HTTP with Content-Encoding: gzip")]
    public async Task Compressed_content_is_refused_once_naming_its_format_and_how_to_decompress_it(byte[] head, string said)
    {
        // Read as JSON it was "malformed JSON at line 1, column 1: '0x28' is an invalid start of a value", whatever the format.
        byte[] content = [.. head, .. Enumerable.Range(0, 100_000).Select(i => (byte)(i * 7919))];
        await using var store = new InMemoryLineageStore();
        var ingestor = await LineageIngestor.OpenAsync(store);

        var inMemory = await ingestor.IngestManyAsync(content);
        var streamed = await ingestor.IngestManyAsync(new MemoryStream(content));
        var single = await ingestor.IngestAsync(content);

        foreach (var errors in new[] { Assert.Single(inMemory.Rejected).Errors, Assert.Single(streamed.Rejected).Errors, single.Errors })
        {
            Assert.Contains(said, Assert.Single(errors).ToString(), StringComparison.Ordinal);
        }

        Assert.Equal(0, store.Count);
    }

    [Fact]
    public async Task Tributary_validate_reports_what_the_door_would_reject()
    {
        var file = _temp.Combine("event.json");
        await File.WriteAllTextAsync(file, Small(3)[..^1] + ",}");

        var (code, output, _) = await CliRunner.RunAsync("validate", file);

        Assert.Equal(1, code);
        Assert.Contains("trailing comma", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_event_built_in_code_with_a_lone_surrogate_is_stored_as_standard_json_and_the_graph_gets_what_is_stored()
    {
        await using var store = new InMemoryLineageStore();
        var ingestor = await LineageIngestor.OpenAsync(store);
        var seen = new List<IngestedEvent>();
        using var _ = await ingestor.SubscribeAsync(seen.Add);
        var e = new RunEvent
        {
            EventType = RunState.Complete,
            EventTime = new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.Zero),
            Producer = "https://example.com/sdk",
            Run = new Run(new RunId(Guid.Parse("018f3a2c-0000-7000-8000-000000000077"))),
            Job = new Job("tests", "half\ud800pair"),
        };

        var result = await ingestor.IngestAsync(e);

        Assert.Equal(IngestOutcome.Accepted, result.Outcome);
        var raw = (await store.ReadAsync().SingleAsync()).Raw;
        Assert.Null(StandardJson.Check(raw.Span));
        Assert.Equal("half\uFFFDpair", ((RunEvent)seen.Single().Event).Job.Id.Name);
        Assert.Equal("half\uFFFDpair", ((RunEvent)LineageJson.Deserialize(raw.Span)).Job.Id.Name);
    }

    [Fact]
    public void Records_stored_by_older_versions_still_read_with_the_default_options()
    {
        byte[] bom = [0xEF, 0xBB, 0xBF, .. StoreEvents.Small(4)];
        var commented = Encoding.UTF8.GetBytes(Small(5).Replace("\"producer\"", "/* c */ \"producer\"", StringComparison.Ordinal)[..^1] + ",} // end");

        Assert.Equal("job-4", ((RunEvent)LineageJson.Deserialize(bom)).Job.Id.Name);
        Assert.Equal("job-5", ((RunEvent)LineageJson.Deserialize(commented)).Job.Id.Name);
        Assert.False(LineageJson.TryDeserialize(bom, out _, out var errors, LineageReadOptions.Strict));
        Assert.Contains("byte order mark", errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stored_record_with_invalid_utf8_in_a_name_is_reported_not_thrown()
    {
        var raw = StoreEvents.Small(6);
        raw[raw.AsSpan().IndexOf("job-6"u8) + 3] = 0xFF;

        Assert.False(LineageJson.TryDeserialize(raw, out _, out var errors));
        Assert.Contains("unreadable text", errors[0].Message, StringComparison.Ordinal);
    }
}

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

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Tributary.Server.Tests.Support;

namespace Tributary.Server.Tests.Door;

/// <summary>Only standard JSON gets in, through every HTTP door, with the path and position of what is not.</summary>
public sealed class StandardJsonDoorTests : IDisposable
{
    private readonly ServerFactory _factory = new();
    private readonly HttpClient _client;

    public StandardJsonDoorTests() => _client = _factory.CreateClient();

    public void Dispose() => _factory.Dispose();

    private static string Valid(string job = "load") => Events.Run(job, ["raw"], ["clean"]).ToJsonString();

    private async Task<long> StoredEventsAsync() => (await _client.GetFromJsonAsync<JsonElement>("/api/v1/stats")).GetProperty("events").GetInt64();

    private static ByteArrayContent Bytes(byte[] body) => new(body) { Headers = { ContentType = new("application/json") } };

    private async Task<JsonElement> RejectedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, await StoredEventsAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors")[0];
    }

    [Fact]
    public async Task An_event_with_a_block_comment_is_rejected_with_its_position()
    {
        var body = Valid().Replace("\"producer\"", "/* who */ \"producer\"", StringComparison.Ordinal);

        var error = await RejectedAsync(await _client.PostAsync("/api/v1/lineage", Events.Content(body)));

        Assert.Equal("$", error.GetProperty("path").GetString());
        var message = error.GetProperty("message").GetString()!;
        Assert.Contains("comment", message, StringComparison.Ordinal);
        Assert.Contains($"byte {body.IndexOf("/*", StringComparison.Ordinal)}", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_event_with_a_line_comment_inside_the_run_is_rejected_with_its_path()
    {
        var body = Valid().Replace("\"runId\"", "// the run\n\"runId\"", StringComparison.Ordinal);

        var error = await RejectedAsync(await _client.PostAsync("/api/v1/lineage", Events.Content(body)));

        Assert.Equal("$.run", error.GetProperty("path").GetString());
        Assert.Contains("comment", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains($"(line 1, column {body.IndexOf("// the run", StringComparison.Ordinal) + 1}, ", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_event_with_a_trailing_comma_is_rejected_with_its_path()
    {
        var body = Valid().Replace("\"facets\":{}}", "\"facets\":{},}", StringComparison.Ordinal);
        Assert.NotEqual(Valid(), body);

        var error = await RejectedAsync(await _client.PostAsync("/api/v1/lineage", Events.Content(body)));

        Assert.StartsWith("$.", error.GetProperty("path").GetString(), StringComparison.Ordinal);
        Assert.Contains("trailing comma", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_job_name_of_invalid_utf8_is_rejected_with_its_path_and_byte()
    {
        var body = Encoding.UTF8.GetBytes(Valid("load_XX"));
        var at = body.AsSpan().IndexOf("load_XX"u8) + 5;
        body[at] = 0xC3;
        body[at + 1] = 0x28;

        var error = await RejectedAsync(await _client.PostAsync("/api/v1/lineage", Bytes(body)));

        Assert.Equal("$.job.name", error.GetProperty("path").GetString());
        var message = error.GetProperty("message").GetString()!;
        Assert.Contains("not valid UTF-8: byte 0xC3", message, StringComparison.Ordinal);
        Assert.Contains($"byte {at})", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\\ud800")]
    [InlineData("x\\udfff")]
    [InlineData("\\ud83dx")]
    [InlineData("\\ud83d\\u0041")]
    public async Task A_lone_surrogate_escape_in_a_name_is_rejected_with_its_path(string name)
    {
        var body = Valid("PLACEHOLDER").Replace("PLACEHOLDER", name, StringComparison.Ordinal);

        var error = await RejectedAsync(await _client.PostAsync("/api/v1/lineage", Events.Content(body)));

        Assert.Equal("$.job.name", error.GetProperty("path").GetString());
        Assert.Contains("surrogate", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_surrogate_pair_escape_and_an_escaped_backslash_before_u_are_accepted()
    {
        var body = Valid("PLACEHOLDER").Replace("PLACEHOLDER", "emoji_\\ud83d\\ude00_and_\\\\ud800", StringComparison.Ordinal);

        var response = await _client.PostAsync("/api/v1/lineage", Events.Content(body));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var job = await _client.GetFromJsonAsync<JsonElement>("/api/v1/namespaces/etl/jobs/" + Uri.EscapeDataString("emoji_\U0001F600_and_\\ud800"));
        Assert.Equal("emoji_\U0001F600_and_\\ud800", job.GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_leading_byte_order_mark_is_dropped_and_the_stored_event_is_standard_json()
    {
        var json = Valid();
        byte[] body = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(json)];

        var response = await _client.PostAsync("/api/v1/lineage", Bytes(body));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        await using var store = Tributary.Storage.FileLineageStore.Open(_factory.StorePath, new() { ReadOnly = true });
        var stored = store.Read().Single();
        Assert.Equal((byte)'{', stored.Raw.Span[0]);
        Assert.Equal(Encoding.UTF8.GetBytes(json), stored.Raw.ToArray());
    }

    [Theory]
    [InlineData("/* x */ \"producer\"")]
    [InlineData("\"producer\":\"p\",}, {\"producer\"")]
    public async Task A_batch_item_that_is_not_standard_json_fails_with_its_index_in_the_path(string replacement)
    {
        var bad = Valid("two").Replace("\"producer\"", replacement, StringComparison.Ordinal);
        var body = "[" + Valid("one") + "," + bad + "]";

        var response = await _client.PostAsync("/api/v1/lineage/batch", Events.Content(body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var failed = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("failed_events");
        Assert.Equal(1, failed.GetArrayLength());
        Assert.Equal(1, failed[0].GetProperty("index").GetInt32());
        Assert.StartsWith("$[1]", failed[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, await StoredEventsAsync());
    }

    [Fact]
    public async Task A_batch_with_a_lone_surrogate_in_one_event_stores_the_others()
    {
        var bad = Valid("PLACEHOLDER").Replace("PLACEHOLDER", "\\udc00", StringComparison.Ordinal);
        var body = "[" + Valid("one") + "," + bad + "," + Valid("three") + "]";

        var response = await _client.PostAsync("/api/v1/lineage/batch", Events.Content(body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("partial_success", answer.GetProperty("status").GetString());
        Assert.Contains("$[1].job.name", answer.GetProperty("failed_events")[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, await StoredEventsAsync());
    }

    [Fact]
    public async Task A_comment_between_the_events_of_a_batch_is_reported_where_it_is()
    {
        var body = "[" + Valid("one") + ", // next\n" + Valid("two") + "]";

        var response = await _client.PostAsync("/api/v1/lineage/batch", Events.Content(body));

        var failed = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("failed_events");
        Assert.Equal("$: a comment", failed[0].GetProperty("reason").GetString()![..12]);
        Assert.Contains($"byte {body.IndexOf("// next", StringComparison.Ordinal)})", failed[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, await StoredEventsAsync());
    }
}

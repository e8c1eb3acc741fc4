using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tributary.Server.Tests.Support;

namespace Tributary.Server.Tests;

public sealed class CollectorTests : IDisposable
{
    private readonly ServerFactory _factory = new(new Dictionary<string, string?> { ["Tributary:MaxEventBytes"] = "65536" });
    private readonly HttpClient _client;

    public CollectorTests() => _client = _factory.CreateClient();

    public void Dispose() => _factory.Dispose();

    private async Task<long> StoredEventsAsync() => (await _client.GetFromJsonAsync<JsonElement>("/api/v1/stats")).GetProperty("events").GetInt64();

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task A_real_event_is_accepted_with_201_and_shows_in_the_lineage()
    {
        var body = await File.ReadAllTextAsync(TestData.PathOf("marquez", "api-test-resources", "open_lineage", "event_full.json"));

        var response = await _client.PostAsync("/api/v1/lineage", Events.Content(body));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var lineage = await _client.GetFromJsonAsync<JsonElement>("/api/v1/lineage?nodeId=job:my-scheduler-namespace:myjob.mytask&depth=1");
        var ids = lineage.GetProperty("graph").EnumerateArray().Select(n => n.GetProperty("id").GetString()).ToList();
        Assert.Contains("job:my-scheduler-namespace:myjob.mytask", ids);
        Assert.Contains("dataset:my-datasource-namespace:instance.schema.table", ids);
    }

    [Fact]
    public async Task The_same_event_sent_twice_is_stored_once_and_the_second_answer_says_duplicate()
    {
        var e = Events.Run("load", ["raw"], ["clean"]);

        var first = await _client.PostAsync("/api/v1/lineage", Events.Content(e));
        var second = await _client.PostAsync("/api/v1/lineage", Events.Content(e));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("duplicate", (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(1, await StoredEventsAsync());
    }

    [Fact]
    public async Task Malformed_json_gets_400_problem_details_and_stores_nothing()
    {
        var response = await _client.PostAsync("/api/v1/lineage", Events.Content("{\"eventType\": \"START\", \"run\": {"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ProblemAsync(response);
        Assert.Contains("malformed JSON", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("$", problem.GetProperty("errors")[0].GetProperty("path").GetString());
        Assert.Equal(0, await StoredEventsAsync());
    }

    [Fact]
    public async Task A_missing_required_field_gets_400_naming_its_json_path()
    {
        var e = Events.Run("load", ["raw"], ["clean"]);
        e["job"]!.AsObject().Remove("name");

        var response = await _client.PostAsync("/api/v1/lineage", Events.Content(e));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ProblemAsync(response);
        Assert.Contains(problem.GetProperty("errors").EnumerateArray(), error => error.GetProperty("path").GetString() == "$.job.name");
        Assert.Equal(0, await StoredEventsAsync());
    }

    [Fact]
    public async Task A_wrong_type_gets_400_naming_its_json_path()
    {
        var e = Events.Run("load", ["raw"], ["clean"]);
        e["inputs"] = "not a list";

        var response = await _client.PostAsync("/api/v1/lineage", Events.Content(e));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ProblemAsync(response);
        Assert.Contains(problem.GetProperty("errors").EnumerateArray(), error => error.GetProperty("path").GetString() == "$.inputs");
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[1, 2]")]
    [InlineData("\"text\"")]
    [InlineData("{\"eventTime\": 12}")]
    [InlineData("{\"eventTime\":\"2025-01-01T00:00:00Z\",\"producer\":\"p\",\"run\":{\"runId\":\"x\"},\"job\":{\"namespace\":1,\"name\":[]}}")]
    public async Task Odd_bodies_get_400_never_500(string body)
    {
        var response = await _client.PostAsync("/api/v1/lineage", Events.Content(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await ProblemAsync(response);
        Assert.Equal(0, await StoredEventsAsync());
    }

    [Fact]
    public async Task An_event_over_the_size_limit_gets_413_and_stores_nothing()
    {
        var e = Events.Run("load", ["raw"], ["clean"], sql: new string('x', 70_000));

        var response = await _client.PostAsync("/api/v1/lineage", Events.Content(e));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await ProblemAsync(response);
        Assert.Equal(0, await StoredEventsAsync());
    }

    [Fact]
    public async Task A_gzip_body_over_the_limit_once_decompressed_gets_413()
    {
        var e = Events.Run("load", ["raw"], ["clean"], sql: new string('x', 200_000));
        var content = Gzip(Encoding.UTF8.GetBytes(e.ToJsonString()));
        Assert.True(content.Headers.ContentLength < 65536);

        var response = await _client.PostAsync("/api/v1/lineage", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task A_gzip_body_is_accepted()
    {
        var e = Events.Run("gzipped", ["a"], ["b"]);

        var response = await _client.PostAsync("/api/v1/lineage", Gzip(Encoding.UTF8.GetBytes(e.ToJsonString())));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/api/v1/namespaces/etl/jobs/gzipped")).StatusCode);
    }

    [Fact]
    public async Task A_body_that_claims_gzip_but_is_not_gets_400()
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes("{\"not\": \"gzip\"}"));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        content.Headers.ContentEncoding.Add("gzip");

        var response = await _client.PostAsync("/api/v1/lineage", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await ProblemAsync(response);
    }

    [Fact]
    public async Task A_batch_answer_counts_the_events_already_stored_as_duplicates()
    {
        var stored = Events.Run("once", ["a"], ["b"]);
        await _client.PostAsync("/api/v1/lineage", Events.Content(stored));
        var batch = new JsonArray(stored.DeepClone(), Events.Run("new", ["b"], ["c"]));

        var response = await _client.PostAsync("/api/v1/lineage/batch", Events.Content(batch));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var summary = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("summary");
        Assert.Equal(2, summary.GetProperty("successful").GetInt32());
        Assert.Equal(1, summary.GetProperty("duplicates").GetInt32());
        Assert.Equal(2, await StoredEventsAsync());
    }

    [Fact]
    public async Task A_batch_with_one_bad_event_stores_the_others_and_reports_partial_success()
    {
        var bad = Events.Run("broken", ["x"], ["y"]);
        bad["run"]!.AsObject().Remove("runId");
        var batch = new JsonArray(Events.Run("one", ["a"], ["b"]), bad, Events.Run("two", ["b"], ["c"]));

        var response = await _client.PostAsync("/api/v1/lineage/batch", Events.Content(batch));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("partial_success", body.GetProperty("status").GetString());
        Assert.Equal(3, body.GetProperty("summary").GetProperty("received").GetInt32());
        Assert.Equal(2, body.GetProperty("summary").GetProperty("successful").GetInt32());
        Assert.Equal(1, body.GetProperty("summary").GetProperty("failed").GetInt32());
        var failed = body.GetProperty("failed_events")[0];
        Assert.Equal(1, failed.GetProperty("index").GetInt32());
        Assert.False(failed.GetProperty("retriable").GetBoolean());
        Assert.Contains("$[1].run.runId", failed.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, await StoredEventsAsync());
    }

    [Fact]
    public async Task A_batch_event_the_doors_own_checks_refuse_is_reported_at_its_place_in_the_batch()
    {
        // A control character in a name passes the reader and is refused by the door's checks: its path still starts
        // at the batch, as the reader's errors do.
        var bell = Events.Run("bell", ["a"], ["b"]);
        bell["job"]!["name"] = "bell\u0007job";
        var batch = new JsonArray(Events.Run("one", ["a"], ["b"]), bell);

        var response = await _client.PostAsync("/api/v1/lineage/batch", Events.Content(batch));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var failed = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("failed_events")[0];
        Assert.Equal(1, failed.GetProperty("index").GetInt32());
        Assert.StartsWith("$[1].job.name: contains the control character U+0007", failed.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("$[1].job.name", failed.GetProperty("errors")[0].GetProperty("path").GetString());
    }

    [Fact]
    public async Task A_valid_batch_reports_success()
    {
        var batch = new JsonArray(Events.Run("one", ["a"], ["b"]), Events.Run("two", ["b"], ["c"]));

        var response = await _client.PostAsync("/api/v1/lineage/batch", Events.Content(batch));

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("success", body.GetProperty("status").GetString());
        Assert.Equal(0, body.GetProperty("failed_events").GetArrayLength());
        Assert.Equal(2, await StoredEventsAsync());
    }

    [Theory]
    [InlineData("{\"eventType\":\"START\"}")]
    [InlineData("[{\"eventType\":\"START\"}, {\"eventTime\": 3}]")]
    [InlineData("[{\"eventType\": ")]
    public async Task A_batch_of_nothing_valid_gets_400(string body)
    {
        var response = await _client.PostAsync("/api/v1/lineage/batch", Events.Content(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await ProblemAsync(response);
        Assert.Equal(0, await StoredEventsAsync());
    }

    [Fact]
    public async Task An_empty_batch_is_a_success_with_nothing_received()
    {
        var response = await _client.PostAsync("/api/v1/lineage/batch", Events.Content("[]"));

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, body.GetProperty("summary").GetProperty("received").GetInt32());
    }

    private static ByteArrayContent Gzip(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(data);
        }

        var content = new ByteArrayContent(buffer.ToArray());
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        content.Headers.ContentEncoding.Add("gzip");
        return content;
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tributary.Server.Tests.Support;

namespace Tributary.Server.Tests.OpenMetadata;

/// <summary>OpenMetadata's OpenLineage receiver: one event, and a batch in OpenMetadata's {events: [...]} body.</summary>
public sealed class OpenMetadataReceiverTests : IDisposable
{
    private readonly ServerFactory _factory = new();
    private readonly HttpClient _client;

    public OpenMetadataReceiverTests() => _client = _factory.CreateClient();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task One_event_is_stored_and_answered_in_openmetadata_shape_with_the_edges_it_makes()
    {
        var run = Events.Run("load", ["a", "b"], ["c"]);

        var response = await _client.PostAsync("/api/v1/openlineage/lineage", Events.Content(run));
        var again = await _client.PostAsync("/api/v1/openlineage/lineage", Events.Content(run));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        OpenMetadataShapes.Keys(body, OpenMetadataShapes.OpenLineageResponse, "status");
        Assert.Equal("success", body.GetProperty("status").GetString());
        Assert.Equal(2, body.GetProperty("lineageEdgesCreated").GetInt32());
        Assert.Equal(0, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("lineageEdgesCreated").GetInt32());
        Assert.Equal("c", (await _client.GetFromJsonAsync<JsonElement>("/api/v1/tables/name/warehouse.default.default.c")).GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_batch_answers_partial_success_with_each_failed_event_index_and_reason()
    {
        var bad = Events.Run("load", ["a"], ["b"]);
        bad["run"]!["runId"] = 42;
        var body = new JsonObject { ["events"] = new JsonArray(Events.Run("load", ["a"], ["b"]), bad, Events.Run("load", ["b"], ["c"])) };

        var response = await _client.PostAsync("/api/v1/openlineage/lineage/batch", Events.Content(body));
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        OpenMetadataShapes.Keys(answer, OpenMetadataShapes.OpenLineageResponse, "status");
        Assert.Equal("partial_success", answer.GetProperty("status").GetString());
        var summary = answer.GetProperty("summary");
        Assert.Equal((3, 2, 1, 0), (summary.GetProperty("received").GetInt32(), summary.GetProperty("successful").GetInt32(), summary.GetProperty("failed").GetInt32(), summary.GetProperty("skipped").GetInt32()));
        var failed = Assert.Single(answer.GetProperty("failedEvents").EnumerateArray());
        Assert.Equal(1, failed.GetProperty("index").GetInt32());
        Assert.Contains("$.events[1].run.runId", failed.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.False(failed.GetProperty("retriable").GetBoolean());
        Assert.Equal(2, answer.GetProperty("lineageEdgesCreated").GetInt32());
    }

    [Fact]
    public async Task A_bare_array_or_a_batch_of_only_bad_events_is_a_bad_request()
    {
        var bare = await _client.PostAsync("/api/v1/openlineage/lineage/batch", Events.Content(new JsonArray(Events.Run("load", ["a"], ["b"]))));
        var allBad = await _client.PostAsync("/api/v1/openlineage/lineage/batch", Events.Content(new JsonObject { ["events"] = new JsonArray(new JsonObject()) }));

        Assert.Equal(HttpStatusCode.BadRequest, bare.StatusCode);
        Assert.Contains("$.events: an OpenMetadata batch is", (await bare.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, allBad.StatusCode);
        Assert.Equal("failure", (await allBad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(0, (await _client.GetFromJsonAsync<JsonElement>("/api/v1/events/lineage")).GetProperty("totalCount").GetInt32());
    }
}

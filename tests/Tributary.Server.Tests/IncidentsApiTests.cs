using System.Net;
using System.Text.Json.Nodes;
using Tributary.Server.Tests.Support;

namespace Tributary.Server.Tests;

/// <summary>The incidents endpoints: listing, one incident, and resolving by hand through the ingest door.</summary>
public sealed class IncidentsApiTests
{
    [Fact]
    public async Task A_failed_run_is_an_open_incident_that_a_hand_resolution_through_the_api_closes_once()
    {
        using var factory = new ServerFactory();
        using var http = factory.CreateClient();
        var response = await http.PostAsync("api/v1/lineage", Events.Content(Events.Run("load", ["raw"], ["clean"], eventType: "FAIL")));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        var open = JsonNode.Parse(await http.GetStringAsync("api/v1/incidents?open=true"))!.AsArray();
        var incident = Assert.Single(open)!;
        Assert.Equal(("FailedRun", "job:etl:load"), (incident["kind"]!.GetValue<string>(), incident["node"]!.GetValue<string>()));
        var id = incident["id"]!.GetValue<string>();

        var resolved = await http.PostAsync($"api/v1/incidents/{id}/resolve", Events.Content("""{"resolvedBy":"bob","note":"rerun scheduled"}"""));
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        var body = JsonNode.Parse(await resolved.Content.ReadAsStringAsync())!;
        Assert.Equal(("Resolved", "bob", "rerun scheduled"), (body["status"]!.GetValue<string>(), body["resolution"]!["by"]!.GetValue<string>(), body["resolution"]!["reason"]!.GetValue<string>()));
        Assert.Empty(JsonNode.Parse(await http.GetStringAsync("api/v1/incidents?open=true"))!.AsArray());
        Assert.Equal("Resolved", JsonNode.Parse(await http.GetStringAsync($"api/v1/incidents/{id}"))!["status"]!.GetValue<string>());

        var again = await http.PostAsync($"api/v1/incidents/{id}/resolve", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Theory]
    [InlineData("GET", "api/v1/incidents/nope", null, HttpStatusCode.BadRequest, "'nope' is not an incident id")]
    [InlineData("GET", "api/v1/incidents/inc-0000000000000000", null, HttpStatusCode.NotFound, "There is no incident 'inc-0000000000000000'")]
    [InlineData("GET", "api/v1/incidents?severity=urgent", null, HttpStatusCode.BadRequest, "severity 'urgent' is not one of low, medium, high, critical")]
    [InlineData("POST", "api/v1/incidents/inc-0000000000000000/resolve", "{\"note\": 5}", HttpStatusCode.BadRequest, "$.note: expected a string")]
    [InlineData("POST", "api/v1/incidents/inc-0000000000000000/resolve", "{not json", HttpStatusCode.BadRequest, "the body is not JSON")]
    [InlineData("POST", "api/v1/incidents/inc-0000000000000000/resolve", null, HttpStatusCode.NotFound, "There is no incident 'inc-0000000000000000'")]
    public async Task Bad_incident_requests_get_a_problem_that_says_what_is_wrong(string method, string path, string? body, HttpStatusCode status, string detail)
    {
        using var factory = new ServerFactory();
        using var http = factory.CreateClient();

        using var response = method == "GET" ? await http.GetAsync(path) : await http.PostAsync(path, body is null ? null : Events.Content(body));

        Assert.Equal(status, response.StatusCode);
        Assert.Contains(detail, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

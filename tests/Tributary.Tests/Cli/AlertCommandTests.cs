using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Tributary.Alerts;
using Tributary.Tests.Tracking;

namespace Tributary.Tests.Cli;

/// <summary>
/// A server over the demo store with a webhook in its settings (as <c>serve --webhook URL --webhook-secret S</c>
/// sets them) alerts a local listener; the webhooks API adds, lists and removes subscriptions; <c>alerts log</c>
/// and <c>GET /api/v1/alerts/log</c> agree.
/// </summary>
public sealed class AlertCommandTests : IAsyncLifetime
{
    private const string Secret = "webhook-secret-for-the-test";
    private readonly LineageHttpServer _target = new();
    private ServedStore _store = null!;

    public async Task InitializeAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"tributary-alert-cli-{Guid.NewGuid():N}");
        var (code, _, error) = await CliRunner.RunAsync("demo", "--out", directory);
        Assert.True(code == 0, error);
        _store = await ServedStore.StartAsync(directory, new Dictionary<string, string?>
        {
            ["Tributary:Alerts:Webhooks:0:Url"] = new Uri(_target.BaseUrl, "hook").AbsoluteUri,
            ["Tributary:Alerts:Webhooks:0:Secret"] = Secret,
            ["Tributary:Alerts:Webhooks:0:Dataset"] = "*customer_revenue_summary",
            ["Tributary:Alerts:PollSeconds"] = "0.2",
        });
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        await _target.DisposeAsync();
    }

    [Fact]
    public async Task A_server_with_a_webhook_alerts_it_once_and_the_cli_log_matches_the_servers()
    {
        await _target.WaitForRequestsAsync(1).WaitAsync(TimeSpan.FromSeconds(60));
        var request = _target.Requests[0];
        Assert.True(WebhookSignature.Verify(request.Body, Secret, request.Headers[WebhookSignature.Header]));
        Assert.Contains("Root cause: governance_demo.products_source", JsonNode.Parse(request.Body)!["text"]!.GetValue<string>(), StringComparison.Ordinal);

        // The listener has the request before the server has its answer and records the delivery: wait for the record.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!(await _store.GetAsync("api/v1/alerts/log")).Contains("\"delivered\"", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        var cli = JsonNode.Parse(await _store.CliAsync("alerts", "log", "--format", "json"))!;
        var server = JsonNode.Parse(await _store.GetAsync("api/v1/alerts/log"))!;
        Assert.True(JsonNode.DeepEquals(cli, server), $"CLI:\n{cli}\nserver:\n{server}");
        Assert.Equal("delivered", Assert.Single(cli.AsArray())!["status"]!.GetValue<string>());
        Assert.Contains("delivered", await _store.CliAsync("alerts", "log"), StringComparison.Ordinal);
        Assert.Single(_target.Requests);
    }

    [Fact]
    public async Task Webhooks_are_added_listed_without_their_secret_and_removed_through_the_api()
    {
        using var added = await PostAsync("""{"url": "https://hooks.example.com/lineage", "secret": "x", "format": "slack", "severity": "critical", "tag": "pii"}""");
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var id = JsonNode.Parse(await added.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
        using var again = await PostAsync("""{"url": "https://hooks.example.com/lineage", "format": "slack", "severity": "critical", "tag": "pii"}""");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        var listed = await _store.GetAsync("api/v1/alerts/webhooks");
        Assert.DoesNotContain(Secret, listed, StringComparison.Ordinal);
        var hook = JsonNode.Parse(listed)!.AsArray().Single(h => h!["id"]!.GetValue<string>() == id)!;
        Assert.Equal(("Slack", "Critical", true), (hook["format"]!.GetValue<string>(), hook["minSeverity"]!.GetValue<string>(), hook["signed"]!.GetValue<bool>()));
        Assert.Equal(2, JsonNode.Parse(listed)!.AsArray().Count);

        using (var removed = await _store.Http.DeleteAsync("api/v1/alerts/webhooks/" + id))
        {
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        }

        using (var missing = await _store.Http.DeleteAsync("api/v1/alerts/webhooks/" + id))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        foreach (var (body, says) in new[]
        {
            ("""{"url": "ftp://example.com/x"}""", "is not an absolute http or https URL"),
            ("""{"secret": "x"}""", "a webhook needs a url"),
            ("""{"url": "https://example.com", "severity": "urgent"}""", "severity 'urgent' is not one of"),
            ("""{"url": 5}""", "$.url: expected a string"),
            ("""[1""", "not JSON"),
        })
        {
            using var bad = await PostAsync(body);
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains(says, await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Serve_refuses_a_webhook_that_is_not_an_http_url_before_starting()
    {
        var (code, _, error) = await CliRunner.RunAsync("serve", "--store", _store.Directory, "--webhook", "not a url");
        Assert.Equal(1, code);
        Assert.Contains("--webhook: 'not a url' is not an absolute http or https URL", error, StringComparison.Ordinal);
        (code, _, error) = await CliRunner.RunAsync("serve", "--store", _store.Directory, "--webhook-secret", "s");
        Assert.Equal(1, code);
        Assert.Contains("give a --webhook too", error, StringComparison.Ordinal);
    }

    private Task<HttpResponseMessage> PostAsync(string json) =>
        _store.Http.PostAsync("api/v1/alerts/webhooks", new StringContent(json, Encoding.UTF8, "application/json"));
}

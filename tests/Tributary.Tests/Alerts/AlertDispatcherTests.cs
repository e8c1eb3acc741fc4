using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Tributary.Alerts;
using Tributary.Incidents;
using Tributary.Ingest;
using Tributary.Query;
using Tributary.Storage;
using Tributary.Tests.Cli;
using Tributary.Tests.Support;
using Tributary.Tests.Tracking;

namespace Tributary.Tests.Alerts;

/// <summary>
/// Incident alerts from the demo store's third night to a real HTTP listener on loopback, through the durable
/// outbox; time for backoff is a hand-moved clock, so no test sleeps for a retry.
/// </summary>
public sealed class AlertDispatcherTests(DemoStoreFixture demo) : IClassFixture<DemoStoreFixture>, IAsyncLifetime
{
    private const string Secret = "s3cret-for-the-test";
    private readonly string _store = Path.Combine(Path.GetTempPath(), $"tributary-alerts-{Guid.NewGuid():N}");
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };
    private readonly ManualTime _time = new(new DateTimeOffset(2025, 1, 17, 8, 0, 0, TimeSpan.Zero));
    private LineageReplica _replica = null!;

    private string Folder => AlertDispatcher.FolderOf(_store);
    private LineageQueryEngine _engine = null!;

    public async Task InitializeAsync()
    {
        await using var store = EmbeddedLineageStore.Open(demo.Directory, new FileLineageStoreOptions { ReadOnly = true });
        _replica = await LineageReplica.OpenAsync(store, LineageReplicaOptions.ForStore(demo.Directory) with { CheckpointAfterReplayOf = 0 });
        _engine = new LineageQueryEngine(_replica.Graph);
    }

    public Task DisposeAsync()
    {
        _http.Dispose();
        _replica.Dispose();
        if (Directory.Exists(_store))
        {
            Directory.Delete(_store, recursive: true);
        }

        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_third_night_incident_reaches_a_local_listener_exactly_once_signed_with_the_documents_text()
    {
        await using var target = new LineageHttpServer(200, 200);
        using var alerts = Dispatcher(Subscription(target));

        Assert.Equal(1, alerts.Enqueue(_engine));
        Assert.Equal(1, await alerts.DeliverDueAsync());
        Assert.Equal(0, alerts.Enqueue(_engine));
        _time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await alerts.DeliverDueAsync());

        var request = Assert.Single(target.Requests);
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), request.Body));
        Assert.Equal(expected, request.Headers[WebhookSignature.Header]);
        var body = JsonNode.Parse(request.Body)!;
        Assert.Equal(request.Headers[AlertDispatcher.IdempotencyHeader], body["idempotencyKey"]!.GetValue<string>());
        Assert.Equal("opened", body["change"]!.GetValue<string>());
        Assert.Equal("profit_non_negative", body["incident"]!["check"]!.GetValue<string>());
        var text = body["text"]!.GetValue<string>();
        Assert.StartsWith("Warning: data quality issue in governance_demo.customer_revenue_summary: profit_non_negative", text, StringComparison.Ordinal);
        Assert.Contains("Root cause: governance_demo.products_source (assertion price_not_below_cost on cost failed)", text, StringComparison.Ordinal);
        Assert.Contains("Notify: team:analytics, team:product", text, StringComparison.Ordinal);
        var logged = Assert.Single(alerts.Log());
        Assert.Equal(("delivered", 1, 200), (logged.Status, logged.Attempts, logged.LastStatus));
    }

    [Fact]
    public async Task An_alert_queued_before_a_restart_or_a_crash_is_delivered_once_after_it()
    {
        await using var target = new LineageHttpServer(200, 200);
        using (var before = Dispatcher(Subscription(target)))
        {
            Assert.Equal(1, before.Enqueue(_engine));
        }

        // A crash tore the record being written after the enqueue: it never counted, and nothing else is lost.
        await File.AppendAllTextAsync(Path.Combine(Folder, "outbox.ndjson"), "{\"op\":\"attempt\",\"key\":\"alert-");
        using (var after = Dispatcher(Subscription(target)))
        {
            Assert.Equal(0, after.Enqueue(_engine));
            Assert.Equal(1, await after.DeliverDueAsync());
        }

        using (var again = Dispatcher(Subscription(target)))
        {
            Assert.Equal(0, again.Enqueue(_engine));
            _time.Advance(TimeSpan.FromHours(1));
            Assert.Equal(0, await again.DeliverDueAsync());
            Assert.Equal("delivered", Assert.Single(again.Log()).Status);
        }

        Assert.Single(target.Requests);
        Assert.Equal("delivered", Assert.Single(AlertDispatcher.ReadLog(_store)).Status);
    }

    [Fact]
    public async Task A_target_that_answers_500_times_out_and_is_down_for_a_minute_gets_the_alert_once_when_it_recovers()
    {
        var target = new LineageHttpServer(500, LineageHttpServer.Hang);
        var url = target.BaseUrl;
        var options = new AlertOptions { Timeout = TimeSpan.FromMilliseconds(300), FirstRetryDelay = TimeSpan.FromSeconds(2), MaxRetryDelay = TimeSpan.FromSeconds(30) };
        using var alerts = Dispatcher(Subscription(target), options);
        Assert.Equal(1, alerts.Enqueue(_engine));

        Assert.Equal(0, await alerts.DeliverDueAsync());
        Assert.Equal((1, (int?)500), (alerts.Log()[0].Attempts, alerts.Log()[0].LastStatus));

        // Not due again until the backoff has passed.
        Assert.Equal(0, await alerts.DeliverDueAsync());
        Assert.Single(target.Requests);
        _time.Advance(alerts.Backoff(1));
        Assert.Equal(0, await alerts.DeliverDueAsync());
        Assert.Equal(2, target.Requests.Count);
        Assert.StartsWith("no answer within", alerts.Log()[0].LastError, StringComparison.Ordinal);

        // Down for a minute: every attempt is refused.
        await target.DisposeAsync();
        for (var second = 0; second < 60; second += 5)
        {
            _time.Advance(TimeSpan.FromSeconds(5));
            Assert.Equal(0, await alerts.DeliverDueAsync());
        }

        Assert.True(alerts.Log()[0].Attempts > 3, $"{alerts.Log()[0].Attempts} attempts while down");
        await using var recovered = LineageHttpServer.At(url, 200);
        _time.Advance(options.MaxRetryDelay);
        Assert.Equal(1, await alerts.DeliverDueAsync());
        _time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, alerts.Enqueue(_engine));
        Assert.Equal(0, await alerts.DeliverDueAsync());

        var delivered = Assert.Single(recovered.Requests);
        Assert.Equal(target.Requests[0].Headers[AlertDispatcher.IdempotencyHeader], delivered.Headers[AlertDispatcher.IdempotencyHeader]);
        Assert.Equal(target.Requests[0].Body, delivered.Body);
    }

    [Fact]
    public async Task A_later_passing_check_sends_one_resolved_alert_after_the_opened_one()
    {
        await using var target = new LineageHttpServer(200, 200, 200);
        var copy = Path.Combine(_store, "store");
        foreach (var file in Directory.EnumerateFiles(demo.Directory, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(copy, Path.GetRelativePath(demo.Directory, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }

        using var alerts = Dispatcher(Subscription(target));
        Assert.Equal(1, alerts.Enqueue(_engine));
        Assert.Equal(1, await alerts.DeliverDueAsync());

        var passing = await DemoCheckEvents.WritePassingProfitCheckAsync(_store);
        Assert.Equal(0, (await CliRunner.RunAsync("ingest", passing, "--store", copy)).ExitCode);
        await using var store = EmbeddedLineageStore.Open(copy, new FileLineageStoreOptions { ReadOnly = true });
        using var later = await LineageReplica.OpenAsync(store, LineageReplicaOptions.ForStore(copy) with { CheckpointAfterReplayOf = 0 });

        Assert.Equal(1, alerts.Enqueue(new LineageQueryEngine(later.Graph)));
        Assert.Equal(1, await alerts.DeliverDueAsync());
        Assert.Equal(0, alerts.Enqueue(new LineageQueryEngine(later.Graph)));

        Assert.Equal(2, target.Requests.Count);
        var resolved = JsonNode.Parse(target.Requests[1].Body)!;
        Assert.Equal("resolved", resolved["change"]!.GetValue<string>());
        Assert.StartsWith("Resolved: data quality issue in governance_demo.customer_revenue_summary: profit_non_negative on total_profit", resolved["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotEqual(JsonNode.Parse(target.Requests[0].Body)!["idempotencyKey"]!.GetValue<string>(), resolved["idempotencyKey"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_slack_subscription_gets_a_slack_message_with_the_same_text_and_the_idempotency_key()
    {
        await using var target = new LineageHttpServer(200);
        using var alerts = Dispatcher(Subscription(target) with { Format = AlertFormat.Slack, Secret = null });
        alerts.Enqueue(_engine);
        await alerts.DeliverDueAsync();

        var request = Assert.Single(target.Requests);
        Assert.False(request.Headers.ContainsKey(WebhookSignature.Header));
        var body = JsonNode.Parse(request.Body)!;
        Assert.StartsWith("Warning: data quality issue in governance_demo.customer_revenue_summary", body["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(body["text"]!.GetValue<string>(), body["blocks"]![0]!["text"]!["text"]!.GetValue<string>());
        Assert.Contains(body["idempotencyKey"]!.GetValue<string>(), body["blocks"]![1]!["elements"]![0]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Filters_by_severity_owner_tag_and_namespace_choose_which_incidents_alert()
    {
        await using var target = new LineageHttpServer();
        using var alerts = Dispatcher(
            new WebhookSubscription(target.BaseUrl) { MinSeverity = IncidentSeverity.Critical },
            new WebhookSubscription(target.BaseUrl) { Owner = "nobody" },
            new WebhookSubscription(target.BaseUrl) { Namespace = "postgres://*" },
            new WebhookSubscription(target.BaseUrl) { Tag = "pii", Dataset = "*staging" },
            new WebhookSubscription(target.BaseUrl) { Owner = "product", Dataset = "*products_source" });

        Assert.Equal(1, alerts.Enqueue(_engine));
        Assert.Equal("*products_source", alerts.Subscriptions.Single(s => s.Id == alerts.Log()[0].Subscription).Dataset);
    }

    private AlertDispatcher Dispatcher(params WebhookSubscription[] subscriptions) => new(Folder, subscriptions, _http, _time);

    private AlertDispatcher Dispatcher(WebhookSubscription subscription, AlertOptions options) => new(Folder, [subscription], _http, _time, options);

    private static WebhookSubscription Subscription(LineageHttpServer target) =>
        new(new Uri(target.BaseUrl, "hooks/lineage")) { Secret = Secret, Dataset = "*customer_revenue_summary" };

    private sealed class ManualTime(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}

using System.Text.Json.Nodes;

namespace Tributary.Tests.Cli;

/// <summary>
/// <c>tributary tag list / add / remove / block</c> on a demo store held by a running server: every change goes
/// through the server's door, and the CLI and <c>GET /api/v1/classifications</c> give the same answer after each.
/// </summary>
public sealed class TagCommandTests : IAsyncLifetime
{
    private const string Email = "datasetField:iceberg://nessie:19120:governance_demo.customers_source:email";
    private const string StagingEmail = "datasetField:iceberg://nessie:19120:governance_demo.customer_orders_staging:email";
    private const string CustomerKey = "datasetField:iceberg://nessie:19120:governance_demo.customer_revenue_summary:customer_key";
    private ServedStore _store = null!;

    public async Task InitializeAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"tributary-tags-{Guid.NewGuid():N}");
        var (code, _, error) = await CliRunner.RunAsync("demo", "--out", directory);
        Assert.True(code == 0, error);
        _store = await ServedStore.StartAsync(directory);
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task Pii_propagates_to_the_staging_email_stops_at_the_hash_and_a_job_block_or_removing_the_origin_stops_it_alike_in_cli_and_server()
    {
        var report = await SameAnswerAsync();
        Assert.Equal([Email, StagingEmail], Reached(report, StagingEmail)!["path"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.True(Reached(report, StagingEmail)!["propagated"]!.GetValue<bool>());
        var stop = Stops(report).Single(s => s["origin"]!.GetValue<string>() == Email);
        Assert.Equal((CustomerKey, "masking"), (stop["node"]!.GetValue<string>(), stop["reason"]!.GetValue<string>()));
        Assert.Null(Reached(report, CustomerKey));

        await _store.CliAsync("tag", "block", "--job", "customer_orders_etl", "--tag", "pii");
        report = await SameAnswerAsync();
        Assert.Null(Reached(report, StagingEmail));
        stop = Stops(report).Single(s => s["origin"]!.GetValue<string>() == Email);
        Assert.Equal((StagingEmail, "blocked-by-job", "job:openlakes:customer_orders_etl"), (stop["node"]!.GetValue<string>(), stop["reason"]!.GetValue<string>(), stop["blockedBy"]!.GetValue<string>()));

        await _store.CliAsync("tag", "unblock", "--job", "customer_orders_etl", "--tag", "pii");
        Assert.NotNull(Reached(await SameAnswerAsync(), StagingEmail));

        // The origin removed through the server's Marquez call: everything it propagated goes with it.
        using var removed = await _store.Http.DeleteAsync("api/v1/namespaces/iceberg%3A%2F%2Fnessie%3A19120/datasets/governance_demo.customers_source/fields/email/tags/pii");
        Assert.True(removed.IsSuccessStatusCode, await removed.Content.ReadAsStringAsync());
        report = await SameAnswerAsync();
        Assert.DoesNotContain(Classifications(report), c => c["origin"]!.GetValue<string>() == Email);
        Assert.DoesNotContain(Stops(report), s => s["origin"]!.GetValue<string>() == Email);
        Assert.Contains(Classifications(report), c => c["origin"]!.GetValue<string>().EndsWith(":first_name", StringComparison.Ordinal) && c["propagated"]!.GetValue<bool>());

        // Put back by the CLI, it propagates again.
        await _store.CliAsync("tag", "add", "customers_source.email", "pii");
        Assert.NotNull(Reached(await SameAnswerAsync(), StagingEmail));
    }

    [Fact]
    public async Task Find_by_tag_lists_datasets_the_tag_reached_with_the_propagated_tags_apart_through_cli_and_server()
    {
        var cli = JsonNode.Parse(await _store.CliAsync("find", "--tag", "pii", "--format", "json"))!;
        var server = JsonNode.Parse(await _store.GetAsync("api/v1/find?tag=pii"))!;
        Assert.True(JsonNode.DeepEquals(cli, server), $"CLI:\n{cli}\nserver:\n{server}");

        var staging = cli.AsArray().Single(d => d!["id"]!.ToString().Contains("customer_orders_staging", StringComparison.Ordinal))!;
        Assert.Contains(staging["propagatedTags"]!.AsArray(), t => t!["node"]!.GetValue<string>() == StagingEmail && t["origin"]!.GetValue<string>() == Email);
        Assert.Empty(staging["tags"]!.AsArray());

        var table = await _store.CliAsync("find", "--tag", "pii");
        Assert.Contains($"email:pii (propagated from {Email})", table, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tag_mistakes_are_one_line_errors_that_store_nothing()
    {
        var before = await _store.CliAsync("tag", "list", "--format", "json");

        var (code, _, error) = await CliRunner.RunAsync("tag", "remove", "customers_source.state", "pii", "--store", _store.Directory);
        Assert.Equal(1, code);
        Assert.Contains("there is no tag 'pii' on field 'state'", error, StringComparison.Ordinal);
        (code, _, error) = await CliRunner.RunAsync("tag", "block", "--job", "customers_source", "--tag", "pii", "--store", _store.Directory);
        Assert.Equal(1, code);
        Assert.Contains("not a job", error, StringComparison.Ordinal);
        (code, _, error) = await CliRunner.RunAsync("tag", "block", "--job", "customer_orders_etl", "--tag", "pii=true", "--store", _store.Directory);
        Assert.Equal(1, code);
        Assert.Contains("not a tag key", error, StringComparison.Ordinal);
        (code, _, error) = await CliRunner.RunAsync("tag", "add", "customers_source", "=x", "--store", _store.Directory);
        Assert.Equal(1, code);
        Assert.Contains("is not a tag name", error, StringComparison.Ordinal);

        Assert.Equal(before, await _store.CliAsync("tag", "list", "--format", "json"));
    }

    // The CLI's and the server's classifications of pii, checked to be the same document.
    private async Task<JsonNode> SameAnswerAsync()
    {
        var cli = JsonNode.Parse(await _store.CliAsync("tag", "list", "--tag", "pii", "--format", "json"))!;
        var server = JsonNode.Parse(await _store.GetAsync("api/v1/classifications?tag=pii"))!;
        Assert.True(JsonNode.DeepEquals(cli, server), $"CLI:\n{cli}\nserver:\n{server}");
        return cli;
    }

    private static IEnumerable<JsonNode> Classifications(JsonNode report) => report["classifications"]!.AsArray().Select(c => c!);

    private static IEnumerable<JsonNode> Stops(JsonNode report) => report["stops"]!.AsArray().Select(s => s!);

    private static JsonNode? Reached(JsonNode report, string node) =>
        Classifications(report).SingleOrDefault(c => c["node"]!.GetValue<string>() == node && c["origin"]!.GetValue<string>() == Email);
}

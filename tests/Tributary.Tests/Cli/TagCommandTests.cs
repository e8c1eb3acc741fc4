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

    [Fact]
    public async Task An_edge_block_stops_pii_on_that_edge_alike_in_cli_server_and_exports_and_either_door_lifts_it()
    {
        await _store.CliAsync("tag", "block", "--from", "customers_source.email", "--to", "customer_orders_staging.email", "--tag", "pii");
        var report = await SameAnswerAsync();
        Assert.Null(Reached(report, StagingEmail));
        var stop = Stops(report).Single(s => s["origin"]!.GetValue<string>() == Email);
        Assert.Equal((StagingEmail, "blocked-on-edge", Email), (stop["node"]!.GetValue<string>(), stop["reason"]!.GetValue<string>(), stop["blockedBy"]!.GetValue<string>()));
        Assert.Contains(Classifications(report), c => c["node"]!.GetValue<string>() == StagingEmail.Replace(":email", ":first_name", StringComparison.Ordinal) && c["propagated"]!.GetValue<bool>());

        // Lifted through the server: its answer is the classifications after the change, the CLI's too.
        using var lifted = await _store.Http.DeleteAsync($"api/v1/classifications/blocks?from={Uri.EscapeDataString(Email)}&to={Uri.EscapeDataString(StagingEmail)}&tag=pii");
        Assert.True(lifted.IsSuccessStatusCode, await lifted.Content.ReadAsStringAsync());
        report = await SameAnswerAsync();
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(await lifted.Content.ReadAsStringAsync()), report));
        Assert.NotNull(Reached(report, StagingEmail));

        // A dataset edge, by name through the server: nothing of customers_source's goes into the staging table.
        using var blocked = await _store.Http.PostAsync("api/v1/classifications/blocks?from=customers_source&to=customer_orders_staging&tag=pii", null);
        Assert.True(blocked.IsSuccessStatusCode, await blocked.Content.ReadAsStringAsync());
        report = await SameAnswerAsync();
        Assert.DoesNotContain(Classifications(report), c => c["propagated"]!.GetValue<bool>()
            && c["node"]!.GetValue<string>().Contains("customer_orders_staging", StringComparison.Ordinal) && c["origin"]!.GetValue<string>().Contains("customers_source", StringComparison.Ordinal));
        Assert.All(Stops(report).Where(s => s["origin"]!.GetValue<string>().Contains("customers_source", StringComparison.Ordinal)), s => Assert.Equal("blocked-on-edge", s["reason"]!.GetValue<string>()));
        Assert.DoesNotContain("propagated from datasetField:iceberg://nessie:19120:governance_demo.customers_source", await _store.CliAsync("find", "--tag", "pii"), StringComparison.Ordinal);

        await _store.CliAsync("tag", "unblock", "--from", "customers_source", "--to", "customer_orders_staging", "--tag", "pii");
        Assert.NotNull(Reached(await SameAnswerAsync(), StagingEmail));

        // Exports through both doors agree and show the propagated tag apart, with its origin.
        var cli = JsonNode.Parse(await _store.CliAsync("export", "--columns", "--format", "json"))!;
        Assert.True(JsonNode.DeepEquals(cli, JsonNode.Parse(await _store.GetAsync("api/v1/export?columns=true&format=json"))));
        var staging = cli["nodes"]!.AsArray().Single(n => n!["id"]!.GetValue<string>() == StagingEmail)!;
        Assert.Contains(staging["propagatedTags"]!.AsArray(), t => t!["origin"]!.GetValue<string>() == Email && t["tag"]!["key"]!.GetValue<string>() == "pii");
        Assert.Null(staging["tags"]);
        Assert.Contains(cli["nodes"]!.AsArray().Single(n => n!["id"]!.GetValue<string>() == Email)!["tags"]!.AsArray(), t => t!["tag"]!["key"]!.GetValue<string>() == "pii");
    }

    [Fact]
    public async Task Edge_block_mistakes_are_one_line_errors_or_problems_that_store_nothing()
    {
        var before = await _store.CliAsync("tag", "list", "--format", "json");

        var (code, _, error) = await CliRunner.RunAsync("tag", "block", "--from", "customers_source", "--to", "customer_orders_staging.email", "--tag", "pii", "--store", _store.Directory);
        Assert.Equal((1, true), (code, error.Contains("from a dataset to a dataset or from a field to a field", StringComparison.Ordinal)));
        (code, _, error) = await CliRunner.RunAsync("tag", "block", "--from", "customer_orders_staging.email", "--to", "customers_source.email", "--tag", "pii", "--store", _store.Directory);
        Assert.Equal((1, true), (code, error.Contains("no lineage goes straight from", StringComparison.Ordinal)));
        (code, _, error) = await CliRunner.RunAsync("tag", "block", "--from", "customers_source.email", "--tag", "pii", "--store", _store.Directory);
        Assert.Equal((1, true), (code, error.Contains("give both", StringComparison.Ordinal)));
        (code, _, error) = await CliRunner.RunAsync("tag", "unblock", "--from", "customers_source.email", "--to", "customer_orders_staging.email", "--tag", "pii", "--store", _store.Directory);
        Assert.Equal((1, true), (code, error.Contains("there is no tag", StringComparison.Ordinal)));
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);

        using var noTag = await _store.Http.PostAsync("api/v1/classifications/blocks?from=customers_source&to=customer_orders_staging", null);
        Assert.Equal(400, (int)noTag.StatusCode);
        using var unknown = await _store.Http.PostAsync("api/v1/classifications/blocks?from=nowhere_at_all&to=customer_orders_staging&tag=pii", null);
        Assert.Equal(404, (int)unknown.StatusCode);
        Assert.Contains("from 'nowhere_at_all'", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var backwards = await _store.Http.PostAsync("api/v1/classifications/blocks?from=customer_orders_staging&to=customers_source&tag=pii", null);
        Assert.Equal(404, (int)backwards.StatusCode);

        Assert.Equal(before, await _store.CliAsync("tag", "list", "--format", "json"));
    }

    [Fact]
    public async Task A_classification_policy_in_settings_holds_alike_for_the_cli_and_the_server()
    {
        // Keys no other test uses: the CLI runs in this process, so its environment is every test's.
        var settings = new Dictionary<string, string?>
        {
            ["Tributary:Classifications:Policies:0:Tag"] = "policy-kept",
            ["Tributary:Classifications:Policies:0:Propagate"] = "false",
            ["Tributary:Classifications:Policies:1:Tag"] = "Policy-Through",
            ["Tributary:Classifications:Policies:1:MaskingStops"] = "false",
        };
        var directory = Path.Combine(Path.GetTempPath(), $"tributary-tag-policy-{Guid.NewGuid():N}");
        var (code, _, error) = await CliRunner.RunAsync("demo", "--out", directory);
        Assert.True(code == 0, error);
        await using var store = await ServedStore.StartAsync(directory, settings);
        try
        {
            foreach (var (key, value) in settings)
            {
                Environment.SetEnvironmentVariable(key.Replace(":", "__", StringComparison.Ordinal), value);
            }

            await store.CliAsync("tag", "add", "customers_source.email", "policy-kept");
            await store.CliAsync("tag", "add", "customers_source.email", "policy-through");
            foreach (var tag in new[] { "policy-kept", "policy-through" })
            {
                var cli = JsonNode.Parse(await store.CliAsync("tag", "list", "--tag", tag, "--format", "json"))!;
                Assert.True(JsonNode.DeepEquals(cli, JsonNode.Parse(await store.GetAsync($"api/v1/classifications?tag={tag}"))), $"CLI and server differ on {tag}:\n{cli}");
                var found = JsonNode.Parse(await store.CliAsync("find", "--tag", tag, "--format", "json"))!;
                Assert.True(JsonNode.DeepEquals(found, JsonNode.Parse(await store.GetAsync($"api/v1/find?tag={tag}"))), $"find --tag {tag} differs");
            }

            var kept = JsonNode.Parse(await store.CliAsync("tag", "list", "--tag", "policy-kept", "--format", "json"))!;
            Assert.Equal(Email, Assert.Single(Classifications(kept))["node"]!.GetValue<string>());
            Assert.Empty(Stops(kept));

            // pii stops at the hashed customer_key; a tag whose policy lets it through masking reaches it.
            var through = JsonNode.Parse(await store.CliAsync("tag", "list", "--tag", "policy-through", "--format", "json"))!;
            Assert.Contains(Classifications(through), c => c["node"]!.GetValue<string>() == CustomerKey && c["origin"]!.GetValue<string>() == Email);
            Assert.Null(Reached(JsonNode.Parse(await store.CliAsync("tag", "list", "--tag", "pii", "--format", "json"))!, CustomerKey));
        }
        finally
        {
            foreach (var key in settings.Keys)
            {
                Environment.SetEnvironmentVariable(key.Replace(":", "__", StringComparison.Ordinal), null);
            }
        }
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

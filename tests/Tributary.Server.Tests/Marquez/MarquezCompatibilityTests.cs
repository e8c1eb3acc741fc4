using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tributary.Server.Tests.Support;

namespace Tributary.Server.Tests.Marquez;

/// <summary>
/// What Marquez's web UI and OpenAPI spec read from each answer: the dashboard's statistics, sources, a column-lineage
/// answer of fields only, job facets of a run, latest runs and parent job, the runState filter, facets on list items,
/// the run that made a dataset version, versions by id, and the write calls (soft delete, tags) as events.
/// </summary>
public sealed class MarquezCompatibilityTests : IAsyncLifetime
{
    private static readonly Guid ParentRun = Guid.Parse("0190b1a2-0000-7000-8000-00000000aaaa");
    private readonly ServerFactory _factory = new();
    private readonly DateTimeOffset _now = DateTimeOffset.UtcNow;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _client = _factory.CreateClient();
        var columns = new Dictionary<string, string[]>
        {
            ["raw_orders"] = ["id", "amount"],
            ["orders"] = ["id<-raw_orders.id", "amount<-raw_orders.amount"],
            ["revenue"] = ["day", "total<-orders.amount"],
        };
        var child = Events.Run("daily_revenue", ["orders"], ["revenue"], "COMPLETE", null, _now.AddMinutes(-5), columns, "SELECT day, sum(amount) AS total FROM orders GROUP BY day");
        child["run"]!["facets"] = new JsonObject
        {
            ["parent"] = new JsonObject
            {
                ["_producer"] = "https://github.com/tributary/tests",
                ["_schemaURL"] = "https://openlineage.io/spec/facets/1-1-0/ParentRunFacet.json",
                ["run"] = new JsonObject { ["runId"] = ParentRun.ToString() },
                ["job"] = new JsonObject { ["namespace"] = "etl", ["name"] = "nightly" },
            },
        };
        JsonNode[] events =
        [
            Events.Run("load_orders", ["raw_orders"], ["orders"], "START", Guid.Parse("0190b1a2-0000-7000-8000-000000000001"), _now.AddMinutes(-30), columns),
            Events.Run("load_orders", ["raw_orders"], ["orders"], "COMPLETE", Guid.Parse("0190b1a2-0000-7000-8000-000000000001"), _now.AddMinutes(-20), columns),
            Events.Run("daily_revenue", ["orders"], ["revenue"], "FAIL", null, _now.AddHours(-2), columns),
            child,
            Events.Run("publish", ["revenue"], ["report"], "FAIL", null, _now.AddMinutes(-1)),
        ];
        var response = await _client.PostAsync("/api/v1/lineage/batch", Events.Content(new JsonArray(events)));
        Assert.Equal("success", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
    }

    public Task DisposeAsync()
    {
        _factory.Dispose();
        return Task.CompletedTask;
    }

    private Task<JsonElement> GetAsync(string path) => _client.GetFromJsonAsync<JsonElement>(path);

    private async Task<int> EventCountAsync() => (await GetAsync("/api/v1/events/lineage")).GetProperty("totalCount").GetInt32();

    [Fact]
    public async Task The_lineage_events_statistics_count_run_states_per_hour_of_the_last_day()
    {
        var day = await GetAsync("/api/v1/stats/lineage-events?period=DAY&timezone=UTC");

        Assert.Equal(24, day.GetArrayLength());
        foreach (var bucket in day.EnumerateArray())
        {
            Assert.Equal(["abort", "complete", "endInterval", "fail", "start", "startInterval"], bucket.EnumerateObject().Select(p => p.Name).Order().ToArray());
            Assert.Equal(TimeSpan.FromHours(1), bucket.GetProperty("endInterval").GetDateTimeOffset() - bucket.GetProperty("startInterval").GetDateTimeOffset());
        }

        Assert.Equal(1, day.EnumerateArray().Sum(b => b.GetProperty("start").GetInt32()));
        Assert.Equal(2, day.EnumerateArray().Sum(b => b.GetProperty("complete").GetInt32()));
        Assert.Equal(2, day.EnumerateArray().Sum(b => b.GetProperty("fail").GetInt32()));
        Assert.True(day[23].GetProperty("endInterval").GetDateTimeOffset() > _now);
    }

    [Fact]
    public async Task The_job_dataset_and_source_statistics_are_running_counts_and_a_week_is_seven_days_in_the_time_zone()
    {
        var jobs = await GetAsync("/api/v1/stats/jobs?period=DAY");
        var datasets = await GetAsync("/api/v1/stats/datasets?period=WEEK&timezone=Europe/Berlin");
        var sources = await GetAsync("/api/v1/stats/sources?period=WEEK&timezone=America/New_York");

        Assert.Equal(24, jobs.GetArrayLength());
        Assert.Equal(3, jobs[23].GetProperty("count").GetInt32());
        Assert.True(jobs[0].GetProperty("count").GetInt32() <= jobs[23].GetProperty("count").GetInt32());
        Assert.Equal(7, datasets.GetArrayLength());
        Assert.Equal(4, datasets[6].GetProperty("count").GetInt32());
        Assert.Contains(datasets[6].GetProperty("startInterval").GetDateTimeOffset().Offset, new[] { TimeSpan.FromHours(1), TimeSpan.FromHours(2) });
        Assert.Equal(1, sources[6].GetProperty("count").GetInt32());
    }

    [Theory]
    [InlineData("/api/v1/stats/lineage-events?period=WEEK")]
    [InlineData("/api/v1/stats/lineage-events?period=MONTH")]
    [InlineData("/api/v1/stats/jobs")]
    [InlineData("/api/v1/stats/datasets?period=WEEK&timezone=Not/AZone")]
    public async Task A_missing_or_unknown_period_or_time_zone_is_a_bad_request(string path)
    {
        var response = await _client.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(string.IsNullOrEmpty((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task Sources_are_listed_and_read_by_name_and_an_unknown_one_is_404()
    {
        var sources = await GetAsync("/api/v1/sources");
        var one = await GetAsync("/api/v1/sources/warehouse");
        var missing = await _client.GetAsync("/api/v1/sources/nothing");

        var source = Assert.Single(sources.GetProperty("sources").EnumerateArray());
        Assert.Equal(["connectionUrl", "createdAt", "description", "name", "type", "updatedAt"], source.EnumerateObject().Select(p => p.Name).Order().ToArray());
        Assert.Equal("warehouse", one.GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task The_column_lineage_answer_holds_only_fields_each_with_its_dataset_and_field()
    {
        var graph = await GetAsync("/api/v1/column-lineage?nodeId=dataset:warehouse:revenue&depth=20");

        var nodes = graph.GetProperty("graph").EnumerateArray().ToList();
        Assert.NotEmpty(nodes);
        Assert.All(nodes, n => Assert.Equal("DATASET_FIELD", n.GetProperty("type").GetString()));
        Assert.All(nodes, n => Assert.False(string.IsNullOrEmpty(n.GetProperty("data").GetProperty("dataset").GetString())));
        Assert.All(nodes, n => Assert.False(string.IsNullOrEmpty(n.GetProperty("data").GetProperty("field").GetString())));
        var ids = nodes.Select(n => n.GetProperty("id").GetString()).ToHashSet();
        Assert.All(nodes.SelectMany(n => n.GetProperty("inEdges").EnumerateArray().Concat(n.GetProperty("outEdges").EnumerateArray())),
            e => Assert.True(ids.Contains(e.GetProperty("origin").GetString()) && ids.Contains(e.GetProperty("destination").GetString())));
    }

    [Fact]
    public async Task Run_facets_of_type_job_are_the_jobs_facets_and_an_unknown_type_is_400()
    {
        var runs = await GetAsync("/api/v1/namespaces/etl/jobs/daily_revenue/runs");
        var id = runs.GetProperty("runs")[0].GetProperty("id").GetString();

        var job = await GetAsync($"/api/v1/jobs/runs/{id}/facets?type=job");
        var run = await GetAsync($"/api/v1/jobs/runs/{id}/facets?type=run");
        var bad = await _client.GetAsync($"/api/v1/jobs/runs/{id}/facets?type=dataset");

        Assert.Equal("SELECT day, sum(amount) AS total FROM orders GROUP BY day", job.GetProperty("facets").GetProperty("sql").GetProperty("query").GetString());
        Assert.True(run.GetProperty("facets").TryGetProperty("parent", out _));
        Assert.False(run.GetProperty("facets").TryGetProperty("sql", out _));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task A_job_has_its_latest_runs_newest_first_its_parent_job_and_job_versions_as_objects()
    {
        var job = await GetAsync("/api/v1/namespaces/etl/jobs/daily_revenue");
        var list = await GetAsync("/api/v1/namespaces/etl/jobs");

        var latest = job.GetProperty("latestRuns").EnumerateArray().ToList();
        Assert.Equal(2, latest.Count);
        Assert.Equal(["COMPLETED", "FAILED"], latest.Select(r => r.GetProperty("state").GetString()!).ToArray());
        Assert.Equal("nightly", job.GetProperty("parentJobName").GetString());
        var version = job.GetProperty("latestRun").GetProperty("jobVersion");
        Assert.Equal("etl", version.GetProperty("namespace").GetString());
        Assert.Equal("daily_revenue", version.GetProperty("name").GetString());
        Assert.True(Guid.TryParse(version.GetProperty("version").GetString(), out _));
        Assert.All(list.GetProperty("jobs").EnumerateArray(), j => Assert.Equal(JsonValueKind.Array, j.GetProperty("latestRuns").ValueKind));
        var byId = await GetAsync($"/api/v1/namespaces/etl/jobs/daily_revenue/versions/{version.GetProperty("version").GetString()}");
        Assert.Equal(version.GetProperty("version").GetString(), byId.GetProperty("version").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/v1/namespaces/etl/jobs/daily_revenue/versions/{Guid.NewGuid()}")).StatusCode);
    }

    [Theory]
    [InlineData("FAILED", new[] { "publish" })]
    [InlineData("COMPLETED", new[] { "daily_revenue", "load_orders" })]
    [InlineData("RUNNING", new string[0])]
    public async Task Jobs_are_filtered_by_the_state_of_their_latest_run(string state, string[] expected)
    {
        var jobs = await GetAsync("/api/v1/jobs?runState=" + state);

        Assert.Equal(expected, jobs.GetProperty("jobs").EnumerateArray().Select(j => j.GetProperty("name").GetString()!).Order().ToArray());
        Assert.Equal(expected.Length, jobs.GetProperty("totalCount").GetInt32());
    }

    [Fact]
    public async Task An_unknown_run_state_is_a_bad_request()
    {
        var response = await _client.GetAsync("/api/v1/jobs?runState=DONE");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("runState", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dataset_and_run_list_items_carry_their_facets_and_versions_the_run_that_made_them()
    {
        var datasets = await GetAsync("/api/v1/namespaces/warehouse/datasets");
        var runs = await GetAsync("/api/v1/namespaces/etl/jobs/daily_revenue/runs");
        var versions = await GetAsync("/api/v1/namespaces/warehouse/datasets/revenue/versions");

        var revenue = datasets.GetProperty("datasets").EnumerateArray().Single(d => d.GetProperty("name").GetString() == "revenue");
        Assert.True(revenue.GetProperty("facets").TryGetProperty("schema", out _));
        Assert.True(revenue.GetProperty("facets").TryGetProperty("columnLineage", out _));
        Assert.True(runs.GetProperty("runs")[0].GetProperty("facets").TryGetProperty("parent", out _));
        var version = versions.GetProperty("versions")[0];
        Assert.Equal(version.GetProperty("runId").GetString(), version.GetProperty("createdByRun").GetProperty("id").GetString());
        Assert.Equal("revenue", version.GetProperty("name").GetString());
        Assert.Equal(version.GetProperty("version").GetString(), version.GetProperty("id").GetProperty("version").GetString());
        Assert.Equal("warehouse", version.GetProperty("sourceName").GetString());
        var run = runs.GetProperty("runs").EnumerateArray().Single(r => r.GetProperty("id").GetString() == version.GetProperty("runId").GetString());
        Assert.Equal(version.GetProperty("version").GetString(), run.GetProperty("outputDatasetVersions")[0].GetProperty("datasetVersionId").GetProperty("version").GetString());
        var read = run.GetProperty("inputDatasetVersions")[0].GetProperty("datasetVersionId");
        Assert.Equal("orders", read.GetProperty("name").GetString());
        Assert.Equal((await GetAsync("/api/v1/namespaces/warehouse/datasets/orders/versions")).GetProperty("versions")[0].GetProperty("version").GetString(), read.GetProperty("version").GetString());
        var byId = await GetAsync("/api/v1/namespaces/warehouse/datasets/revenue/versions/" + Uri.EscapeDataString(version.GetProperty("version").GetString()!));
        Assert.Equal(version.GetRawText(), byId.GetRawText());
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/api/v1/namespaces/warehouse/datasets/revenue/versions/none")).StatusCode);
    }

    [Fact]
    public async Task Each_dataset_version_carries_the_facets_its_run_wrote_it_with()
    {
        JsonObject Snapshot(Guid run, string eventType, DateTimeOffset at, string[] fields, long? rows)
        {
            var e = Events.Run("snapshot", ["orders"], ["snapshot"], eventType, run, at, new() { ["snapshot"] = fields });
            if (rows is { } count)
            {
                e["outputs"]![0]!["outputFacets"] = new JsonObject
                {
                    ["outputStatistics"] = new JsonObject { ["_producer"] = "https://github.com/tributary/tests", ["_schemaURL"] = "https://openlineage.io/spec/facets/1-0-2/OutputStatisticsOutputDatasetFacet.json", ["rowCount"] = count },
                };
            }

            return e;
        }

        Guid first = Guid.NewGuid(), second = Guid.NewGuid();
        var sent = new JsonArray(
            Snapshot(first, "START", _now.AddHours(-3), ["id"], null),
            Snapshot(first, "COMPLETE", _now.AddHours(-2.9), ["id"], 10),
            Snapshot(second, "COMPLETE", _now.AddHours(-1), ["id", "amount"], 25),
            Snapshot(second, "START", _now.AddHours(-1.1), ["id", "amount"], null));
        Assert.Equal(HttpStatusCode.OK, (await _client.PostAsync("/api/v1/lineage/batch", Events.Content(sent))).StatusCode);

        var versions = (await GetAsync("/api/v1/namespaces/warehouse/datasets/snapshot/versions")).GetProperty("versions").EnumerateArray().ToList();

        Assert.Equal([second.ToString(), first.ToString()], versions.Select(v => v.GetProperty("createdByRun").GetProperty("id").GetString()!).ToArray());
        long Rows(JsonElement v) => v.GetProperty("facets").GetProperty("outputStatistics").GetProperty("rowCount").GetInt64();
        string[] Fields(JsonElement v) => [.. v.GetProperty("facets").GetProperty("schema").GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("name").GetString()!)];
        Assert.Equal([25L, 10L], versions.Select(Rows).ToArray());
        Assert.Equal(["id", "amount"], Fields(versions[0]));
        Assert.Equal(["id"], Fields(versions[1]));
        var byId = await GetAsync("/api/v1/namespaces/warehouse/datasets/snapshot/versions/" + Uri.EscapeDataString(versions[1].GetProperty("version").GetString()!));
        Assert.Equal(versions[1].GetProperty("facets").GetRawText(), byId.GetProperty("facets").GetRawText());
    }

    [Fact]
    public async Task Soft_deleting_a_job_is_an_event_that_hides_it_and_its_lineage_until_it_runs_again()
    {
        var before = await EventCountAsync();

        var delete = await _client.DeleteAsync("/api/v1/namespaces/etl/jobs/publish");
        var jobs = await GetAsync("/api/v1/namespaces/etl/jobs");
        var lineage = await GetAsync("/api/v1/lineage?nodeId=dataset:warehouse:revenue&depth=5");
        var again = await _client.DeleteAsync("/api/v1/namespaces/etl/jobs/publish");
        await _client.PostAsync("/api/v1/lineage", Events.Content(Events.Run("publish", ["revenue"], ["report"], "COMPLETE", null, DateTimeOffset.UtcNow.AddMinutes(1))));
        var back = await GetAsync("/api/v1/namespaces/etl/jobs");

        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        Assert.Equal(before + 1, await EventCountAsync() - 1);
        Assert.DoesNotContain("publish", jobs.GetProperty("jobs").EnumerateArray().Select(j => j.GetProperty("name").GetString()));
        Assert.DoesNotContain("job:etl:publish", lineage.GetProperty("graph").EnumerateArray().Select(n => n.GetProperty("id").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Contains("publish", back.GetProperty("jobs").EnumerateArray().Select(j => j.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Soft_deleting_a_dataset_is_an_event_that_marks_it_deleted_and_takes_it_out_of_lineage()
    {
        var before = await EventCountAsync();

        var delete = await _client.DeleteAsync("/api/v1/namespaces/warehouse/datasets/report");
        var dataset = await GetAsync("/api/v1/namespaces/warehouse/datasets/report");
        var lineage = await GetAsync("/api/v1/lineage?nodeId=dataset:warehouse:revenue&depth=5");
        var unknown = await _client.DeleteAsync("/api/v1/namespaces/warehouse/datasets/nothing");

        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        Assert.True((await delete.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("deleted").GetBoolean());
        Assert.Equal(before + 1, await EventCountAsync());
        Assert.True(dataset.GetProperty("deleted").GetBoolean());
        Assert.DoesNotContain("dataset:warehouse:report", lineage.GetProperty("graph").EnumerateArray().Select(n => n.GetProperty("id").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Tags_on_datasets_fields_and_jobs_are_added_and_removed_as_events()
    {
        var before = await EventCountAsync();

        var dataset = await _client.PostAsync("/api/v1/namespaces/warehouse/datasets/orders/tags/PII", null);
        var field = await _client.PostAsync("/api/v1/namespaces/warehouse/datasets/orders/fields/amount/tags/finance", null);
        var job = await _client.PostAsync("/api/v1/namespaces/etl/jobs/load_orders/tags/tier=gold", null);
        var orders = await GetAsync("/api/v1/namespaces/warehouse/datasets/orders");
        var tags = await GetAsync("/api/v1/tags");
        var removed = await _client.DeleteAsync("/api/v1/namespaces/warehouse/datasets/orders/tags/PII");
        var missing = await _client.DeleteAsync("/api/v1/namespaces/warehouse/datasets/orders/tags/PII");
        var noField = await _client.PostAsync("/api/v1/namespaces/warehouse/datasets/orders/fields/nothing/tags/x", null);
        var after = await GetAsync("/api/v1/namespaces/warehouse/datasets/orders");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], new[] { dataset.StatusCode, field.StatusCode, job.StatusCode });
        Assert.Equal(["PII"], orders.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!).ToArray());
        Assert.Equal(["finance"], orders.GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "amount").GetProperty("tags").EnumerateArray().Select(t => t.GetString()!).ToArray());
        Assert.Equal(["PII", "finance", "tier=gold"], tags.GetProperty("tags").EnumerateArray().Select(t => t.GetProperty("name").GetString()!).ToArray());
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, noField.StatusCode);
        Assert.Empty(after.GetProperty("tags").EnumerateArray());
        Assert.Equal(["finance"], after.GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "amount").GetProperty("tags").EnumerateArray().Select(t => t.GetString()!).ToArray());
        Assert.Equal(before + 4, await EventCountAsync());
    }

    [Fact]
    public async Task A_tag_is_defined_with_a_description_as_one_event_and_listed_with_the_tags_in_use()
    {
        await _client.PostAsync("/api/v1/namespaces/warehouse/datasets/orders/tags/finance", null);
        var before = await EventCountAsync();

        var defined = await _client.PutAsJsonAsync("/api/v1/tags/PII", new { description = "Personal data" });
        var again = await _client.PutAsJsonAsync("/api/v1/tags/PII", new { description = "Personal data" });
        var afterRepeat = await EventCountAsync();
        var changed = await _client.PutAsJsonAsync("/api/v1/tags/PII", new { description = "Personal data (GDPR Art. 4)" });
        var bare = await _client.PutAsync("/api/v1/tags/tier%3Dgold", null);
        var tags = await GetAsync("/api/v1/tags");
        var page = await GetAsync("/api/v1/tags?limit=1&offset=1");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], new[] { defined.StatusCode, again.StatusCode, changed.StatusCode, bare.StatusCode });
        var answer = await defined.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("PII", "Personal data"), (answer.GetProperty("name").GetString(), answer.GetProperty("description").GetString()));
        Assert.Equal(before + 1, afterRepeat);
        Assert.Equal(before + 3, await EventCountAsync());
        var listed = tags.GetProperty("tags").EnumerateArray().Select(t => (t.GetProperty("name").GetString(), t.GetProperty("description").ValueKind == JsonValueKind.Null ? null : t.GetProperty("description").GetString())).ToArray();
        Assert.Equal([("PII", "Personal data (GDPR Art. 4)"), ("finance", null), ("tier=gold", null)], listed);
        Assert.Equal("finance", Assert.Single(page.GetProperty("tags").EnumerateArray()).GetProperty("name").GetString());
        Assert.DoesNotContain("tributary", (await GetAsync("/api/v1/namespaces")).GetProperty("namespaces").EnumerateArray().Select(n => n.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task A_tag_definition_is_durable_and_listed_again_after_the_server_restarts()
    {
        using var store = new TempDirectory();
        await using (var first = await LiveServer.StartAsync(store.Path))
        {
            using var client = new HttpClient { BaseAddress = first.Address };
            Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync("api/v1/tags/SENSITIVE", new { description = "Contains sensitive information" })).StatusCode);
        }

        await using var second = await LiveServer.StartAsync(store.Path);
        using var reopened = new HttpClient { BaseAddress = second.Address };
        var tag = Assert.Single((await reopened.GetFromJsonAsync<JsonElement>("api/v1/tags")).GetProperty("tags").EnumerateArray());

        Assert.Equal(("SENSITIVE", "Contains sensitive information"), (tag.GetProperty("name").GetString(), tag.GetProperty("description").GetString()));
    }

    [Theory]
    [InlineData("[1, 2]", "$: the body is")]
    [InlineData("{\"description\": 42}", "$.description: a tag's description is a string, not a JSON number")]
    [InlineData("{\"description\": ", "The body is not JSON")]
    public async Task A_tag_definition_with_a_bad_body_is_a_bad_request_that_stores_nothing(string body, string message)
    {
        var before = await EventCountAsync();

        var response = await _client.PutAsync("/api/v1/tags/PII", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await EventCountAsync());
    }

    [Fact]
    public async Task A_hostile_or_overlong_tag_name_is_data_or_a_bad_request()
    {
        var hostile = "<script>alert(1)</script>/../x";
        var defined = await _client.PutAsJsonAsync("/api/v1/tags/" + Uri.EscapeDataString(hostile), new { description = "\"quoted\" & <b>" });
        var tooLong = await _client.PutAsJsonAsync("/api/v1/tags/" + new string('t', 256), new { description = "x" });

        Assert.Equal(HttpStatusCode.OK, defined.StatusCode);
        var listed = (await GetAsync("/api/v1/tags")).GetProperty("tags").EnumerateArray().Single(t => t.GetProperty("name").GetString() == hostile);
        Assert.Equal("\"quoted\" & <b>", listed.GetProperty("description").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("1 to 255 characters", (await tooLong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_lineage_upstream_follows_the_dataset_versions_a_run_read_to_the_runs_that_wrote_them()
    {
        var runs = await GetAsync("/api/v1/namespaces/etl/jobs/daily_revenue/runs");
        var completed = runs.GetProperty("runs").EnumerateArray().First(r => r.GetProperty("state").GetString() == "COMPLETED").GetProperty("id").GetString();

        var lineage = await GetAsync($"/api/v1/runlineage/upstream?runId={completed}&depth=5");
        var bad = await _client.GetAsync("/api/v1/runlineage/upstream?runId=nope");
        var unknown = await _client.GetAsync($"/api/v1/runlineage/upstream?runId={Guid.NewGuid()}");

        var items = lineage.GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal(["daily_revenue", "load_orders"], items.Select(r => r.GetProperty("job").GetProperty("name").GetString()!).ToArray());
        Assert.Equal(completed, items[0].GetProperty("run").GetProperty("id").GetString());
        var input = Assert.Single(items[0].GetProperty("inputs").EnumerateArray());
        Assert.Equal("orders", input.GetProperty("name").GetString());
        Assert.Equal(items[1].GetProperty("run").GetProperty("id").GetString(), input.GetProperty("producedByRunId").GetString());
        Assert.Equal("COMPLETED", items[1].GetProperty("run").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Datasets_carry_their_fields_column_lineage_and_events_are_also_listed_at_events()
    {
        var revenue = await GetAsync("/api/v1/namespaces/warehouse/datasets/revenue");
        var list = await GetAsync("/api/v1/namespaces/warehouse/datasets");
        var events = await GetAsync("/api/v1/events?limit=2");

        var total = Assert.Single(revenue.GetProperty("columnLineage").EnumerateArray());
        Assert.Equal("total", total.GetProperty("name").GetString());
        var input = Assert.Single(total.GetProperty("inputFields").EnumerateArray());
        Assert.Equal(("warehouse", "orders", "amount"), (input.GetProperty("namespace").GetString(), input.GetProperty("dataset").GetString(), input.GetProperty("field").GetString()));
        Assert.Equal(total.GetRawText(), list.GetProperty("datasets").EnumerateArray().Single(d => d.GetProperty("name").GetString() == "revenue").GetProperty("columnLineage")[0].GetRawText());
        Assert.Equal(2, events.GetProperty("events").GetArrayLength());
        Assert.Equal(await EventCountAsync(), events.GetProperty("totalCount").GetInt32());
    }

    [Fact]
    public async Task Column_lineage_of_a_job_is_that_of_the_datasets_it_writes()
    {
        var graph = await GetAsync("/api/v1/column-lineage?nodeId=job:etl:daily_revenue&depth=5");
        var none = await _client.GetAsync("/api/v1/column-lineage?nodeId=job:etl:nothing");

        Assert.Contains("datasetField:warehouse:revenue:total", graph.GetProperty("graph").EnumerateArray().Select(n => n.GetProperty("id").GetString()));
        Assert.Contains("datasetField:warehouse:orders:amount", graph.GetProperty("graph").EnumerateArray().Select(n => n.GetProperty("id").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
    }

    [Fact]
    public async Task Fields_come_back_in_schema_order_with_their_descriptions()
    {
        var e = Events.Run("describe", [], ["documented"], "COMPLETE", null, _now);
        e["outputs"]![0]!["facets"] = new JsonObject
        {
            ["schema"] = new JsonObject
            {
                ["_producer"] = "https://github.com/tributary/tests",
                ["_schemaURL"] = "https://openlineage.io/spec/facets/1-2-0/SchemaDatasetFacet.json",
                ["fields"] = new JsonArray(
                    new JsonObject { ["name"] = "zeta", ["type"] = "INT", ["description"] = "last letter first" },
                    new JsonObject { ["name"] = "alpha", ["type"] = "STRING", ["description"] = "first letter second" }),
            },
        };
        await _client.PostAsync("/api/v1/lineage", Events.Content(e));

        var dataset = await GetAsync("/api/v1/namespaces/warehouse/datasets/documented");

        var fields = dataset.GetProperty("fields").EnumerateArray().ToList();
        Assert.Equal(["zeta", "alpha"], fields.Select(f => f.GetProperty("name").GetString()!).ToArray());
        Assert.Equal(["last letter first", "first letter second"], fields.Select(f => f.GetProperty("description").GetString()!).ToArray());
    }
}

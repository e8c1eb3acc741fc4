using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tributary.Server.Tests.Support;

namespace Tributary.Server.Tests;

public sealed class ReadApiTests(PipelineFixture pipeline) : IClassFixture<PipelineFixture>
{
    private readonly HttpClient _client = pipeline.Client;

    private Task<JsonElement> GetAsync(string path) => _client.GetFromJsonAsync<JsonElement>(path);

    private static List<string> NodeIds(JsonElement graph) =>
        [.. graph.GetProperty("graph").EnumerateArray().Select(n => n.GetProperty("id").GetString()!)];

    [Fact]
    public async Task Namespaces_lists_every_dataset_and_job_namespace()
    {
        var body = await GetAsync("/api/v1/namespaces");

        var names = body.GetProperty("namespaces").EnumerateArray().Select(n => n.GetProperty("name").GetString()).ToList();
        Assert.Equal(["etl", "s3://bucket", "warehouse"], names);
    }

    [Fact]
    public async Task A_dataset_has_its_fields_and_its_facets_as_sent()
    {
        var dataset = await GetAsync("/api/v1/namespaces/warehouse/datasets/orders");

        Assert.Equal("dataset:warehouse:orders", dataset.GetProperty("nodeId").GetString());
        Assert.Equal(["amount", "email", "id"], dataset.GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("name").GetString()).Order().ToList());
        Assert.Equal(3, dataset.GetProperty("facets").GetProperty("schema").GetProperty("fields").GetArrayLength());
        Assert.True(dataset.GetProperty("facets").TryGetProperty("columnLineage", out _));
    }

    [Fact]
    public async Task Names_with_slashes_are_reached_through_percent_encoding()
    {
        var response = await _client.GetAsync("/api/v1/namespaces/s3%3A%2F%2Fbucket/datasets/reports%2F2025%2Frevenue.csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("reports/2025/revenue.csv", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Dataset_versions_are_listed_newest_first_with_the_writing_job()
    {
        var body = await GetAsync("/api/v1/namespaces/warehouse/datasets/revenue/versions");

        Assert.Equal(2, body.GetProperty("totalCount").GetInt32());
        Assert.Equal("daily_revenue", body.GetProperty("versions")[0].GetProperty("job").GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_job_has_its_sql_latest_run_and_runs_newest_first_with_state_and_duration()
    {
        var job = await GetAsync("/api/v1/namespaces/etl/jobs/daily_revenue");
        var runs = await GetAsync("/api/v1/namespaces/etl/jobs/daily_revenue/runs");

        Assert.StartsWith("SELECT day, sum(amount)", job.GetProperty("sql").GetString(), StringComparison.Ordinal);
        Assert.Equal("FAILED", job.GetProperty("latestRun").GetProperty("state").GetString());
        Assert.Equal(2, runs.GetProperty("totalCount").GetInt32());
        Assert.Equal("FAILED", runs.GetProperty("runs")[0].GetProperty("state").GetString());
        Assert.Equal("COMPLETED", runs.GetProperty("runs")[1].GetProperty("state").GetString());
        Assert.Equal(240_000, runs.GetProperty("runs")[1].GetProperty("durationMs").GetInt64());
    }

    [Fact]
    public async Task A_run_has_its_facets_and_error()
    {
        var run = await GetAsync($"/api/v1/jobs/runs/{PipelineFixture.FailedRun}");
        var facets = await GetAsync($"/api/v1/jobs/runs/{PipelineFixture.FailedRun}/facets");

        Assert.Equal("division by zero", run.GetProperty("errorMessage").GetString());
        Assert.Equal("division by zero", facets.GetProperty("facets").GetProperty("errorMessage").GetProperty("message").GetString());
    }

    [Fact]
    public async Task All_jobs_are_listed_with_paging()
    {
        var all = await GetAsync("/api/v1/jobs");
        var page = await GetAsync("/api/v1/jobs?limit=1&offset=1");

        Assert.Equal(3, all.GetProperty("totalCount").GetInt32());
        Assert.Equal(3, page.GetProperty("totalCount").GetInt32());
        Assert.Equal(all.GetProperty("jobs")[1].GetProperty("name").GetString(), page.GetProperty("jobs")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task Lineage_has_marquez_shape_with_edges_between_nodes()
    {
        var graph = await GetAsync("/api/v1/lineage?nodeId=dataset:warehouse:orders&depth=20");

        var job = graph.GetProperty("graph").EnumerateArray().Single(n => n.GetProperty("id").GetString() == "job:etl:daily_revenue");
        Assert.Equal("JOB", job.GetProperty("type").GetString());
        Assert.Equal("dataset:warehouse:orders", job.GetProperty("inEdges")[0].GetProperty("origin").GetString());
        Assert.Equal("dataset:warehouse:revenue", job.GetProperty("outEdges")[0].GetProperty("destination").GetString());
        Assert.Equal("orders", job.GetProperty("data").GetProperty("inputs")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task Directed_depths_limit_each_direction_separately()
    {
        var down = NodeIds(await GetAsync("/api/v1/lineage?nodeId=dataset:warehouse:orders&upstreamDepth=0&downstreamDepth=1"));
        var up = NodeIds(await GetAsync("/api/v1/lineage?nodeId=dataset:warehouse:orders&upstreamDepth=1&downstreamDepth=0"));

        Assert.Contains("dataset:warehouse:revenue", down);
        Assert.DoesNotContain("job:etl:load_orders", down);
        Assert.Contains("dataset:warehouse:raw_orders", up);
        Assert.DoesNotContain("dataset:warehouse:revenue", up);
    }

    [Fact]
    public async Task Column_lineage_shows_the_input_fields_of_each_output_field()
    {
        var graph = await GetAsync("/api/v1/column-lineage?nodeId=dataset:warehouse:revenue&depth=20");

        var total = graph.GetProperty("graph").EnumerateArray().Single(n => n.GetProperty("id").GetString() == "datasetField:warehouse:revenue:total");
        Assert.Equal("DATASET_FIELD", total.GetProperty("type").GetString());
        var input = total.GetProperty("data").GetProperty("inputFields")[0];
        Assert.Equal("orders", input.GetProperty("dataset").GetString());
        Assert.Equal("amount", input.GetProperty("field").GetString());
        Assert.Contains("datasetField:warehouse:raw_orders:amount", NodeIds(graph));
    }

    [Fact]
    public async Task Column_lineage_goes_downstream_only_when_asked()
    {
        var upOnly = NodeIds(await GetAsync("/api/v1/column-lineage?nodeId=datasetField:warehouse:orders:amount&depth=5"));
        var both = NodeIds(await GetAsync("/api/v1/column-lineage?nodeId=datasetField:warehouse:orders:amount&depth=5&withDownstream=true"));

        Assert.DoesNotContain("datasetField:warehouse:revenue:total", upOnly);
        Assert.Contains("datasetField:warehouse:raw_orders:amount", upOnly);
        Assert.Contains("datasetField:warehouse:revenue:total", both);
    }

    [Theory]
    [InlineData("/api/v1/lineage?nodeId=dataset:warehouse:nothing")]
    [InlineData("/api/v1/column-lineage?nodeId=dataset:warehouse:nothing")]
    [InlineData("/api/v1/impact?nodeId=job:etl:nothing")]
    [InlineData("/api/v1/lineage?nodeId=no-such-thing-anywhere")]
    [InlineData("/api/v1/namespaces/warehouse/datasets/nothing")]
    [InlineData("/api/v1/namespaces/etl/jobs/nothing")]
    [InlineData("/api/v1/jobs/runs/0190b1a2-0000-7000-8000-0000000000ff")]
    public async Task Unknown_nodes_get_404_problem_details(string path)
    {
        var response = await _client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/api/v1/lineage")]
    [InlineData("/api/v1/lineage?nodeId=dataset:warehouse:orders&depth=-1")]
    [InlineData("/api/v1/search")]
    [InlineData("/api/v1/jobs/runs/not-a-uuid")]
    [InlineData("/api/v1/export?format=png")]
    [InlineData("/api/v1/stale?olderThan=soon")]
    public async Task Bad_queries_get_400_problem_details(string path)
    {
        var response = await _client.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Search_finds_datasets_and_jobs_and_fields_when_asked()
    {
        var plain = await GetAsync("/api/v1/search?q=revenue");
        var withFields = await GetAsync("/api/v1/search?q=amount&fields=true");

        var types = plain.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("type").GetString() + " " + r.GetProperty("name").GetString()).ToList();
        Assert.Contains("DATASET revenue", types);
        Assert.Contains("JOB daily_revenue", types);
        Assert.Contains(withFields.GetProperty("results").EnumerateArray(), r => r.GetProperty("nodeId").GetString() == "datasetField:warehouse:orders:amount");
    }

    [Fact]
    public async Task Raw_events_are_listed_by_event_time_newest_first()
    {
        var body = await GetAsync("/api/v1/events/lineage?limit=2");

        Assert.Equal(7, body.GetProperty("totalCount").GetInt32());
        Assert.Equal(2, body.GetProperty("events").GetArrayLength());
        Assert.Equal("FAIL", body.GetProperty("events")[0].GetProperty("eventType").GetString());
    }

    [Fact]
    public async Task Impact_lists_everything_downstream_by_depth()
    {
        var report = await GetAsync("/api/v1/impact?nodeId=dataset:warehouse:orders");

        var datasets = report.GetProperty("levels").EnumerateArray().SelectMany(l => l.GetProperty("datasets").EnumerateArray()).Select(d => d.GetString()).ToList();
        Assert.Contains("warehouse:revenue", datasets);
        Assert.Contains("s3://bucket:reports/2025/revenue.csv", datasets);
    }

    [Fact]
    public async Task Root_cause_points_at_the_failed_job_upstream()
    {
        var report = await GetAsync("/api/v1/root-cause?nodeId=dataset:warehouse:revenue");

        Assert.Contains(report.GetProperty("candidates").EnumerateArray(), c => c.GetProperty("node").GetString() == "job:etl:daily_revenue");
    }

    [Fact]
    public async Task Path_traces_the_flow_between_two_datasets()
    {
        var trace = await GetAsync("/api/v1/path?from=dataset:warehouse:raw_orders&to=dataset:warehouse:revenue");

        var path = trace.GetProperty("paths")[0].GetProperty("nodes").EnumerateArray().Select(n => n.GetString()).ToList();
        Assert.Equal(["dataset:warehouse:raw_orders", "job:etl:load_orders", "dataset:warehouse:orders", "job:etl:daily_revenue", "dataset:warehouse:revenue"], path);
    }

    [Fact]
    public async Task Stats_count_what_the_server_holds()
    {
        var stats = await GetAsync("/api/v1/stats");

        Assert.Equal(7, stats.GetProperty("events").GetInt64());
        Assert.Equal(4, stats.GetProperty("datasets").GetInt32());
        Assert.Equal(3, stats.GetProperty("jobs").GetInt32());
        Assert.Contains(stats.GetProperty("performance").EnumerateArray(), p => p.GetProperty("key").GetString() == "etl:daily_revenue");
    }

    [Fact]
    public async Task Pii_with_article30_answers_the_article_30_record_like_the_cli()
    {
        var record = await GetAsync("/api/v1/pii?patterns=*email*&article30=true");
        var separate = await GetAsync("/api/v1/pii/article30?patterns=*email*");

        Assert.True(record.TryGetProperty("activities", out var activities));
        Assert.NotEqual(0, activities.GetArrayLength());
        Assert.Equal(separate.GetRawText(), record.GetRawText());
    }

    [Fact]
    public async Task Stale_failed_runs_audit_pii_timeline_and_tags_answer()
    {
        var stale = await GetAsync("/api/v1/stale?olderThan=PT1H");
        var failed = await GetAsync("/api/v1/runs/failed");
        var failures = await GetAsync("/api/v1/failures");
        var audit = await GetAsync("/api/v1/audit?dataset=warehouse:revenue");
        var pii = await GetAsync("/api/v1/pii?patterns=*email*");
        var timeline = await GetAsync("/api/v1/timeline?from=2025-01-01T00:00:00Z&to=2026-01-01T00:00:00Z");
        var tags = await GetAsync("/api/v1/tags");

        Assert.Equal(4, stale.GetArrayLength());
        Assert.Contains(stale.EnumerateArray(), s => s.GetProperty("dataset").GetString() == "s3://bucket:reports/2025/revenue.csv");
        Assert.Equal(1, failed.GetProperty("totalCount").GetInt32());
        Assert.Equal("etl:daily_revenue", Assert.Single(failures.EnumerateArray()).GetProperty("job").GetString());
        Assert.Equal(3, audit.GetArrayLength());
        Assert.Contains(pii.GetProperty("piiFields").EnumerateArray(), f => f.GetProperty("field").GetString() == "warehouse:raw_orders:email");
        Assert.Contains(pii.GetProperty("affectedFields").EnumerateArray(), f => f.GetString() == "warehouse:orders:email");
        Assert.Equal(4, timeline.GetProperty("entries").GetArrayLength());
        Assert.Equal(JsonValueKind.Array, tags.GetProperty("tags").ValueKind);
    }

    [Theory]
    [InlineData("dot", "digraph")]
    [InlineData("mermaid", "flowchart")]
    [InlineData("marquez", "\"graph\"")]
    [InlineData("json", "\"nodes\"")]
    [InlineData("html", "<html")]
    [InlineData("markdown", "# ")]
    public async Task Exports_mirror_the_cli(string format, string expected)
    {
        var whole = await _client.GetStringAsync($"/api/v1/export?format={format}");
        var around = await _client.GetStringAsync($"/api/v1/export?format={format}&nodeId=dataset:warehouse:orders&depth=1");

        Assert.Contains(expected, whole, StringComparison.Ordinal);
        Assert.Contains(expected, around, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_openapi_document_describes_collector_and_read_api()
    {
        var document = await GetAsync("/openapi/v1.json");

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/v1/lineage", paths);
        Assert.Contains("/api/v1/lineage/batch", paths);
        Assert.Contains("/api/v1/column-lineage", paths);
        Assert.Contains("/api/v1/namespaces/{ns}/datasets/{ds}", paths);
        Assert.Contains("/api/v1/stream", paths);
    }
}

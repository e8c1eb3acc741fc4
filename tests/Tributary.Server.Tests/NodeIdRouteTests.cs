using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tributary.Model;
using Tributary.Server.Tests.Support;

namespace Tributary.Server.Tests;

/// <summary>
/// Issue 10, item 7: every node id API reaches every name: AWS Glue namespaces (arn:aws:glue:…), names and fields with
/// ':', a literal "%2F", names "." and "..", and (on real Kestrel) a 64 KB name.
/// </summary>
public sealed class NodeIdRouteTests : IDisposable
{
    private const string Glue = "arn:aws:glue:us-east-1:123456789012";
    private readonly ServerFactory _factory = new();
    private readonly HttpClient _client;

    public NodeIdRouteTests() => _client = _factory.CreateClient();

    public void Dispose() => _factory.Dispose();

    public static TheoryData<string, string, string> Hostile => new()
    {
        { Glue, "sales.orders", "order:id" },
        { "warehouse", "topic:partition", "a:b" },
        { "s3://bucket", "reports%2F2025", "total%" },
        { "warehouse", ".", "." },
        { "warehouse", "..", ".." },
        { Glue + "/db", "a/b:c", "x" },
    };

    private static JsonObject Event(string ns, string name, string field, string job = "load")
    {
        var schema = new JsonObject
        {
            ["_producer"] = "https://example.com/p",
            ["_schemaURL"] = "https://openlineage.io/spec/facets/1-1-1/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet",
            ["fields"] = new JsonArray(new JsonObject { ["name"] = field, ["type"] = "string" }),
        };
        var lineage = new JsonObject
        {
            ["_producer"] = "https://example.com/p",
            ["_schemaURL"] = "https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet",
            ["fields"] = new JsonObject
            {
                [field] = new JsonObject
                {
                    ["inputFields"] = new JsonArray(new JsonObject { ["namespace"] = ns, ["name"] = "src", ["field"] = field }),
                },
            },
        };
        return new JsonObject
        {
            ["eventType"] = "COMPLETE",
            ["eventTime"] = "2025-01-01T00:00:00Z",
            ["producer"] = "https://example.com/p",
            ["schemaURL"] = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
            ["run"] = new JsonObject { ["runId"] = Guid.NewGuid().ToString() },
            ["job"] = new JsonObject { ["namespace"] = ns, ["name"] = job + ":" + name },
            ["inputs"] = new JsonArray(new JsonObject { ["namespace"] = ns, ["name"] = "src", ["facets"] = new JsonObject { ["schema"] = schema.DeepClone() } }),
            ["outputs"] = new JsonArray(new JsonObject { ["namespace"] = ns, ["name"] = name, ["facets"] = new JsonObject { ["schema"] = schema, ["columnLineage"] = lineage } }),
        };
    }

    private Task<JsonElement> GetOkAsync(string path) => GetOkAsync(_client, path);

    private static async Task<JsonElement> GetOkAsync(HttpClient client, string path)
    {
        var body = await GetTextAsync(client, path);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<string> GetTextAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {body}");
        return body;
    }

    private static string Q(string text) => Uri.EscapeDataString(text);

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task Every_node_id_api_reaches_the_dataset_its_job_and_its_field_by_the_id_search_returned(string ns, string name, string field)
    {
        Assert.Equal(HttpStatusCode.Created, (await _client.PostAsync("/api/v1/lineage", Events.Content(Event(ns, name, field)))).StatusCode);
        var dataset = NodeId.From(new DatasetId(ns, name)).ToString();
        var job = NodeId.From(new JobId(ns, "load:" + name)).ToString();
        var column = NodeId.From(new FieldId(new DatasetId(ns, name), field)).ToString();

        var search = await GetOkAsync($"/api/v1/search?q={Q(name)}&fields=true&limit=100");
        var found = search.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("nodeId").GetString()).ToList();
        Assert.Contains(dataset, found);

        foreach (var path in new[]
        {
            $"/api/v1/lineage?nodeId={Q(dataset)}&depth=2",
            $"/api/v1/lineage/nodes?nodeId={Q(dataset)}&columns=true",
            $"/api/v1/impact?nodeId={Q(dataset)}",
            $"/api/v1/root-cause?nodeId={Q(dataset)}",
            $"/api/v1/export?format=dot&nodeId={Q(dataset)}",
            $"/api/v1/export?format=marquez&nodeId={Q(dataset)}",
            $"/api/v1/dataset?nodeId={Q(dataset)}",
            $"/api/v1/dataset/versions?nodeId={Q(dataset)}",
            $"/api/v1/lineage?nodeId={Q(job)}",
            $"/api/v1/job?nodeId={Q(job)}",
            $"/api/v1/job/runs?nodeId={Q(job)}",
            $"/api/v1/column-lineage?nodeId={Q(column)}",
            $"/api/v1/impact?nodeId={Q(column)}",
            $"/api/v1/path?from={Q(NodeId.From(new DatasetId(ns, "src")).ToString())}&to={Q(dataset)}",
        })
        {
            Assert.NotEmpty(await GetTextAsync(_client, path));
        }

        var resource = await GetOkAsync($"/api/v1/dataset?nodeId={Q(dataset)}");
        Assert.Equal(name, resource.GetProperty("name").GetString());
        Assert.Equal(ns, resource.GetProperty("namespace").GetString());
        Assert.Equal(dataset, resource.GetProperty("nodeId").GetString());
        var lineage = await GetOkAsync($"/api/v1/lineage?nodeId={Q(dataset)}&depth=1");
        Assert.Contains(lineage.GetProperty("graph").EnumerateArray(), n => n.GetProperty("id").GetString() == job);
    }

    [Fact]
    public async Task Marquez_paths_on_real_kestrel_reach_a_name_exactly_as_the_client_percent_encoded_it()
    {
        using var store = new TempDirectory();
        await using var server = await LiveServer.StartAsync(store.Path);
        using var client = new HttpClient { BaseAddress = server.Address };
        foreach (var (name, segment) in new[] { ("reports%2F2025", "reports%252F2025"), ("reports/2025", "reports%2F2025"), ("a:b%c", "a%3Ab%25c") })
        {
            await client.PostAsync("/api/v1/lineage", Events.Content(Event("warehouse", name, "f")));

            var dataset = await GetOkAsync(client, $"/api/v1/namespaces/warehouse/datasets/{segment}");
            var versions = await GetOkAsync(client, $"/api/v1/namespaces/warehouse/datasets/{segment}/versions");

            Assert.Equal(name, dataset.GetProperty("name").GetString());
            Assert.Equal(1, versions.GetProperty("totalCount").GetInt32());
        }
    }

    [Fact]
    public async Task A_dataset_node_id_given_to_the_job_route_says_what_it_is()
    {
        var response = await _client.GetAsync($"/api/v1/job?nodeId={Q("dataset:warehouse:orders")}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("is not a job", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_64_kilobyte_name_is_reached_over_real_kestrel()
    {
        using var store = new TempDirectory();
        await using var server = await LiveServer.StartAsync(store.Path);
        using var client = new HttpClient { BaseAddress = server.Address };
        var name = "t_" + new string('x', 64 * 1024);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("/api/v1/lineage", Events.Content(Event("warehouse", name, "f")))).StatusCode);
        var dataset = NodeId.From(new DatasetId("warehouse", name)).ToString();

        var lineage = await client.GetAsync($"/api/v1/lineage?nodeId={Q(dataset)}&depth=1");
        var details = await client.GetAsync($"/api/v1/dataset?nodeId={Q(dataset)}");

        Assert.Equal(HttpStatusCode.OK, lineage.StatusCode);
        Assert.Equal(HttpStatusCode.OK, details.StatusCode);
        Assert.Equal(name, JsonDocument.Parse(await details.Content.ReadAsStringAsync()).RootElement.GetProperty("name").GetString());
    }
}

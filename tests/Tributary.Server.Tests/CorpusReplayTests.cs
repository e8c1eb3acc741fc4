using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tributary.Ingest;
using Tributary.Json;
using Tributary.Model;
using Tributary.Model.Facets;
using Tributary.Server.Load;
using Tributary.Server.Tests.Support;

namespace Tributary.Server.Tests;

/// <summary>Every concrete real event of the shared corpus, and the Marquez seed data, sent through HTTP as producers would.</summary>
public sealed class CorpusReplayTests : IDisposable
{
    private readonly ServerFactory _factory = new();
    private readonly HttpClient _client;

    public CorpusReplayTests() => _client = _factory.CreateClient();

    public void Dispose() => _factory.Dispose();

    private static IReadOnlyList<string> Files() =>
        [.. EventTemplates.ConcreteCorpusFiles(TestData.Root), TestData.PathOf("marquez", "seed", "metadata.json")];

    [Fact]
    public async Task Every_concrete_event_is_accepted_and_its_datasets_jobs_and_column_lineage_show_in_the_lineage_api()
    {
        var events = new List<LineageEvent>();
        foreach (var file in Files())
        {
            var bytes = await File.ReadAllBytesAsync(file);
            var many = bytes.AsSpan().TrimStart(" \t\r\n"u8)[0] == (byte)'[';
            var response = await _client.PostAsync(many ? "/api/v1/lineage/batch" : "/api/v1/lineage", new ByteArrayContent(bytes) { Headers = { ContentType = new("application/json") } });
            Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"{file}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            if (many)
            {
                var body = await response.Content.ReadFromJsonAsync<JsonElement>();
                Assert.True(body.GetProperty("status").GetString() == "success", $"{file}: {body}");
            }

            events.AddRange(LineageJson.ReadMany(bytes).Select(r => r.Event!));
        }

        Assert.True(events.Count >= 150, $"only {events.Count} events");
        var checkedColumns = 0;
        foreach (var e in events.Select(LineageNormalizer.Normalize))
        {
            var (job, datasets) = e switch
            {
                RunEvent run => ((JobId?)run.Job.Id, run.Inputs.Select(i => (Dataset)i).Concat(run.Outputs).ToList()),
                JobEvent jobEvent => (jobEvent.Job.Id, jobEvent.Inputs.Select(i => (Dataset)i).Concat(jobEvent.Outputs).ToList()),
                DatasetEvent dataset => (null, [dataset.Dataset]),
                _ => throw new InvalidOperationException(),
            };
            if (job is { } jobId)
            {
                var graph = await LineageAsync(NodeId.From(jobId), 1);
                foreach (var dataset in datasets)
                {
                    // A dataset reached through a symlink or an earlier name is shown as its canonical node.
                    // A dropped dataset is hidden from lineage by default, as its DROP said.
                    var (canonical, deleted) = await CanonicalAsync(NodeId.From(dataset.Id));
                    if (deleted)
                    {
                        continue;
                    }

                    Assert.True(graph.Contains(canonical), $"{canonical} ({dataset.Id}) is not in the lineage of {jobId}: {string.Join(", ", graph)}");
                }
            }
            else
            {
                Assert.Contains(NodeId.From(datasets[0].Id).ToString(), await LineageAsync(NodeId.From(datasets[0].Id), 0));
            }

            foreach (var dataset in datasets)
            {
                if (dataset.Facets.Get<ColumnLineageDatasetFacet>() is not { } facet || facet.Fields.Count == 0)
                {
                    continue;
                }

                var (canonicalId, dropped) = await CanonicalAsync(NodeId.From(dataset.Id));
                if (dropped)
                {
                    continue;
                }

                var canonicalDataset = NodeId.Parse(canonicalId).AsDataset();
                var columns = await _client.GetFromJsonAsync<JsonElement>(
                    "/api/v1/column-lineage?depth=1&nodeId=" + Uri.EscapeDataString(canonicalId));
                var fields = columns.GetProperty("graph").EnumerateArray()
                    .Where(n => n.GetProperty("type").GetString() == "DATASET_FIELD")
                    .ToDictionary(n => n.GetProperty("id").GetString()!, n => n.GetProperty("data"));
                foreach (var lineage in facet.Fields)
                {
                    var id = NodeId.From(new FieldId(canonicalDataset, lineage.Name)).ToString();
                    Assert.True(fields.ContainsKey(id), $"{id} missing from the column lineage of {dataset.Id}");
                    var inputs = fields[id].GetProperty("inputFields").EnumerateArray()
                        .Select(i => (i.GetProperty("dataset").GetString(), i.GetProperty("field").GetString())).ToHashSet();
                    foreach (var input in lineage.InputFields)
                    {
                        Assert.Contains((input.Name, input.Field), inputs);
                    }

                    checkedColumns++;
                }
            }
        }

        Assert.True(checkedColumns >= 20, $"only {checkedColumns} column-lineage fields checked");
    }

    [Fact]
    public async Task The_marquez_seed_data_forms_the_food_delivery_graph()
    {
        var seed = await File.ReadAllBytesAsync(TestData.PathOf("marquez", "seed", "metadata.json"));

        var response = await _client.PostAsync("/api/v1/lineage/batch", new ByteArrayContent(seed) { Headers = { ContentType = new("application/json") } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var namespaces = await _client.GetFromJsonAsync<JsonElement>("/api/v1/namespaces");
        Assert.Contains(namespaces.GetProperty("namespaces").EnumerateArray(), n => n.GetProperty("name").GetString() == "food_delivery");
        var graph = await LineageAsync(NodeId.Parse("job:food_delivery:etl_orders_7_days"), 20);
        Assert.Contains("dataset:food_delivery:public.orders_7_days", graph);
        Assert.True(graph.Count >= 10, $"only {graph.Count} nodes around etl_orders_7_days");
    }

    private async Task<(string Id, bool Deleted)> CanonicalAsync(NodeId node)
    {
        var graph = await _client.GetFromJsonAsync<JsonElement>("/api/v1/lineage?depth=0&nodeId=" + Uri.EscapeDataString(node.ToString()));
        var single = Assert.Single(graph.GetProperty("graph").EnumerateArray());
        return (single.GetProperty("id").GetString()!, single.GetProperty("data").GetProperty("deleted").GetBoolean());
    }

    private async Task<List<string>> LineageAsync(NodeId node, int depth)
    {
        var response = await _client.GetAsync($"/api/v1/lineage?depth={depth}&nodeId=" + Uri.EscapeDataString(node.ToString()));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{node}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var graph = await response.Content.ReadFromJsonAsync<JsonElement>();
        return [.. graph.GetProperty("graph").EnumerateArray().Select(n => n.GetProperty("id").GetString()!)];
    }
}

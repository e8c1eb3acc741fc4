using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Tributary.Server.Tests.Support;

namespace Tributary.Server.Tests.OpenMetadata;

/// <summary>Lineage added through OpenMetadata's AddLineage is the same lineage for the CLI, the Marquez graph API and OpenMetadata's GET.</summary>
public sealed class OpenMetadataRoundTripTests
{
    [Fact]
    public async Task Edges_added_with_AddLineage_are_what_tributary_lineage_the_marquez_graph_and_the_openmetadata_get_all_answer()
    {
        using var factory = new ServerFactory();
        var client = factory.CreateClient();
        await OpenMetadataSeed.SendAsync(client);
        async Task<string> IdAsync(string name) =>
            (await client.GetFromJsonAsync<JsonElement>("/api/v1/tables/name/warehouse.default.default." + name)).GetProperty("id").GetString()!;
        var summary = await IdAsync("customer_summary");
        foreach (var from in new[] { "customers", "orders" })
        {
            var put = await client.PutAsync("/api/v1/lineage", new StringContent(
                "{\"edge\":{\"fromEntity\":{\"id\":\"" + await IdAsync(from) + "\",\"type\":\"table\"},\"toEntity\":{\"id\":\"" + summary + "\",\"type\":\"table\"}}}", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var openMetadata = await client.GetFromJsonAsync<JsonElement>($"/api/v1/lineage/table/{summary}?upstreamDepth=3&downstreamDepth=0");
        var marquez = await client.GetFromJsonAsync<JsonElement>("/api/v1/lineage?nodeId=dataset:warehouse:customer_summary&upstreamDepth=3&downstreamDepth=0");
        var cli = await CliProcess.RunAsync("lineage", "dataset:warehouse:customer_summary", "--upstream", "3", "--downstream", "0", "--format", "json", "--store", factory.StorePath);
        Assert.Equal(0, cli.ExitCode);
        using var cliJson = JsonDocument.Parse(cli.Output);

        // Datasets upstream of customer_summary, by "namespace:name".
        var byOpenMetadata = openMetadata.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("displayName").GetString()!).Order().ToArray();
        var byMarquez = marquez.GetProperty("graph").EnumerateArray()
            .Where(n => n.GetProperty("type").GetString() == "DATASET" && n.GetProperty("id").GetString() != "dataset:warehouse:customer_summary")
            .Select(n => n.GetProperty("id").GetString()!["dataset:".Length..]).Order().ToArray();
        var byCli = cliJson.RootElement.GetProperty("nodes").EnumerateArray()
            .Where(n => n.GetProperty("kind").GetString() == "Dataset" && n.GetProperty("id").GetString() != "dataset:warehouse:customer_summary")
            .Select(n => n.GetProperty("id").GetString()!["dataset:".Length..]).Order().ToArray();
        Assert.Equal(["warehouse:customers", "warehouse:orders", "warehouse:raw_orders"], byOpenMetadata);
        Assert.Equal(byOpenMetadata, byMarquez);
        Assert.Equal(byOpenMetadata, byCli);

        // Table-to-table edges: OpenMetadata's directly; the CLI's through each job it reads and writes.
        var names = openMetadata.GetProperty("nodes").EnumerateArray().Append(openMetadata.GetProperty("entity"))
            .ToDictionary(n => n.GetProperty("id").GetString()!, n => n.GetProperty("displayName").GetString()!);
        var omEdges = openMetadata.GetProperty("upstreamEdges").EnumerateArray()
            .Select(e => names[e.GetProperty("fromEntity").GetString()!] + " -> " + names[e.GetProperty("toEntity").GetString()!]).Order().ToArray();
        var edges = cliJson.RootElement.GetProperty("edges").EnumerateArray().Select(e => (From: e.GetProperty("from").GetString()!, To: e.GetProperty("to").GetString()!, Kind: e.GetProperty("kind").GetString()!)).ToList();
        var cliEdges = edges.Where(e => e.Kind == "Read")
            .SelectMany(read => edges.Where(w => w.Kind == "Write" && w.From == read.To).Select(w => read.From["dataset:".Length..] + " -> " + w.To["dataset:".Length..]))
            .Order().ToArray();
        Assert.Equal(["warehouse:customers -> warehouse:customer_summary", "warehouse:orders -> warehouse:customer_summary", "warehouse:raw_orders -> warehouse:orders"], omEdges);
        Assert.Equal(omEdges, cliEdges);
    }
}

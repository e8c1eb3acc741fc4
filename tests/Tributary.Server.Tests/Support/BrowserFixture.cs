using System.Text.Json.Nodes;
using Tributary.Model;

namespace Tributary.Server.Tests.Support;

/// <summary>
/// Debian's headless Chromium driven by Playwright (never downloaded), and a live server holding the real corpus, a
/// small pipeline with column lineage, a dataset whose name is an HTML injection attempt, and a 5,000-node synthetic graph.
/// </summary>
public sealed class BrowserFixture : LiveBrowserFixture
{
    /// <summary>A dataset name that would run script if it were ever treated as markup.</summary>
    public const string HostileName = "<img src=x onerror=alert(1)>";

    /// <summary>Starts the server over an empty store and loads the data.</summary>
    protected override async Task<LiveServer> StartServerAsync()
    {
        var server = await LiveServer.StartAsync(Folder.Path);
        using var http = new HttpClient { BaseAddress = server.Address };
        var columns = new Dictionary<string, string[]>
        {
            ["raw_orders"] = ["id", "amount", "customer"],
            ["orders"] = ["id<-raw_orders.id", "amount<-raw_orders.amount", "customer<-raw_orders.customer"],
            ["revenue"] = ["total<-orders.amount"],
            [HostileName] = ["id<-orders.id"],
        };
        var at = DateTimeOffset.UtcNow.AddHours(-3);
        var events = new JsonArray(
            Events.Run("load_orders", ["raw_orders"], ["orders"], at: at, columns: columns, sql: "INSERT INTO orders SELECT * FROM raw_orders"),
            Events.Run("daily_revenue", ["orders"], ["revenue"], at: at.AddMinutes(5), columns: columns, sql: "SELECT sum(amount) AS total FROM orders"),
            Events.Run("copy_hostile", ["orders"], [HostileName], "FAIL", at: at.AddMinutes(7), columns: columns));
        (await http.PostAsync("api/v1/lineage/batch", Events.Content(events))).EnsureSuccessStatusCode();
        var seed = await File.ReadAllBytesAsync(TestData.PathOf("marquez", "seed", "metadata.json"));
        (await http.PostAsync("api/v1/lineage/batch", new ByteArrayContent(seed) { Headers = { ContentType = new("application/json") } })).EnsureSuccessStatusCode();

        // A large graph: 5,000 datasets and jobs, posted as batches.
        var synthetic = Tributary.Graph.SyntheticGraph.Generate(jobs: 2_000, datasets: 3_000, edges: 8_000, columnsPerDataset: 3, seed: 7).ToList();
        foreach (var chunk in synthetic.Chunk(500))
        {
            var body = "[" + string.Join(",", chunk.Select(e => Tributary.Json.LineageJson.Serialize(e))) + "]";
            (await http.PostAsync("api/v1/lineage/batch", Events.Content(body))).EnsureSuccessStatusCode();
        }

        return server;
    }

    /// <summary>The node id of a synthetic dataset.</summary>
    public static string SyntheticDataset(int index) => NodeId.From(Tributary.Graph.SyntheticGraph.Dataset(index)).ToString();
}

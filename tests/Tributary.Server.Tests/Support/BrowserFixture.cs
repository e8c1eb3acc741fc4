using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Tributary.Model;

namespace Tributary.Server.Tests.Support;

/// <summary>
/// Debian's headless Chromium driven by Playwright (never downloaded), and a live server holding the real corpus, a
/// small pipeline with column lineage, a dataset whose name is an HTML injection attempt, and a 5,000-node synthetic graph.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>A dataset name that would run script if it were ever treated as markup.</summary>
    public const string HostileName = "<img src=x onerror=alert(1)>";

    private readonly TempDirectory _store = new();
    private IPlaywright? _playwright;

    /// <summary>The browser.</summary>
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The server.</summary>
    public LiveServer Server { get; private set; } = null!;

    /// <summary>Starts the server, loads the data and launches Chromium.</summary>
    public async Task InitializeAsync()
    {
        Server = await LiveServer.StartAsync(_store.Path);
        using var http = new HttpClient { BaseAddress = Server.Address };
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

        _playwright = await Playwright.CreateAsync();
        Browser = await LaunchAsync(_playwright);
    }

    /// <summary>Launches Debian's headless Chromium (never a downloaded one) the way every browser test runs it.</summary>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = "/usr/bin/chromium",
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });

    /// <summary>Closes the browser and the server.</summary>
    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        _store.Dispose();
    }

    /// <summary>The node id of a synthetic dataset.</summary>
    public static string SyntheticDataset(int index) => NodeId.From(Tributary.Graph.SyntheticGraph.Dataset(index)).ToString();
}

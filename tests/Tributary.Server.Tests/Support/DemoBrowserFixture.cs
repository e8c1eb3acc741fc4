using Microsoft.Playwright;

namespace Tributary.Server.Tests.Support;

/// <summary>
/// The demo's store (<c>tributary demo</c>: the retail pipeline over three nights, with its failed check, and the
/// trading example) behind a live server, and Debian's headless Chromium.
/// </summary>
public sealed class DemoBrowserFixture : IAsyncLifetime
{
    /// <summary>The demo's summary dataset, the end of the retail chain.</summary>
    public const string Summary = "dataset:iceberg://nessie:19120:governance_demo.customer_revenue_summary";

    /// <summary>The staging dataset in the middle of the retail chain.</summary>
    public const string Staging = "dataset:iceberg://nessie:19120:governance_demo.customer_orders_staging";

    private readonly TempDirectory _folder = new();
    private IPlaywright? _playwright;

    /// <summary>The browser.</summary>
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The server over the demo's store.</summary>
    public LiveServer Server { get; private set; } = null!;

    /// <summary>Runs the demo, serves its store and launches Chromium.</summary>
    public async Task InitializeAsync()
    {
        var demo = Path.Combine(_folder.Path, "demo");
        var (code, _, error) = await CliProcess.RunAsync("demo", "--out", demo);
        Assert.True(code == 0, error);
        Server = await LiveServer.StartAsync(demo);
        _playwright = await Playwright.CreateAsync();
        Browser = await BrowserFixture.LaunchAsync(_playwright);
    }

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

        _folder.Dispose();
    }
}

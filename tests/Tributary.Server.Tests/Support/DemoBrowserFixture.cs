namespace Tributary.Server.Tests.Support;

/// <summary>
/// The demo's store (<c>tributary demo</c>: the retail pipeline over three nights, with its failed check, and the
/// trading example) behind a live server, and Debian's headless Chromium.
/// </summary>
public sealed class DemoBrowserFixture : LiveBrowserFixture
{
    /// <summary>The demo's summary dataset, the end of the retail chain.</summary>
    public const string Summary = "dataset:iceberg://nessie:19120:governance_demo.customer_revenue_summary";

    /// <summary>The staging dataset in the middle of the retail chain.</summary>
    public const string Staging = "dataset:iceberg://nessie:19120:governance_demo.customer_orders_staging";

    /// <summary>Runs the demo and serves its store.</summary>
    protected override async Task<LiveServer> StartServerAsync()
    {
        var demo = Path.Combine(Folder.Path, "demo");
        var (code, _, error) = await CliProcess.RunAsync("demo", "--out", demo);
        Assert.True(code == 0, error);
        return await LiveServer.StartAsync(demo);
    }
}

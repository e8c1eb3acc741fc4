using System.Xml.Linq;

namespace Tributary.Tests.Cli;

public sealed class DemoCommandTests(DemoStoreFixture demo) : IClassFixture<DemoStoreFixture>
{
    [Fact]
    public void Demo_tracks_three_nights_and_the_trading_repository()
    {
        Assert.Contains("2025-01-17: nightly run (the ERP feed has pricing errors", demo.Output, StringComparison.Ordinal);
        Assert.Contains("3. The events (44 stored durably", demo.Output, StringComparison.Ordinal);
        Assert.Contains("FAIL     customer_revenue_aggregation", demo.Output, StringComparison.Ordinal);
        Assert.Contains("customer_revenue_aggregation failed (SQLite Error 1: 'no such column: p.unit_price'.); retrying", demo.Output, StringComparison.Ordinal);
        Assert.Contains("100 customers, 50 products, 320 orders -> 320 staging rows -> 97 customer summaries; 8 with negative profit", demo.Output, StringComparison.Ordinal);
        Assert.Contains("total_revenue      <- customer_orders_staging.quantity [AGGREGATION], products_source.price [AGGREGATION]", demo.Output, StringComparison.Ordinal);
        Assert.Contains("[trading:EquityBarRepository.SaveDailyBars] -> equity_bars/AAPL, equity_bars/MSFT", demo.Output, StringComparison.Ordinal);
        Assert.Contains("equity_bars/AAPL, equity_bars/MSFT -> [trading:compute_daily_returns] -> daily_returns/AAPL, daily_returns/MSFT", demo.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_shows_column_lineage_impact_root_cause_and_pii_flow()
    {
        Assert.Contains("customer_key       <- customer_orders_staging.email (masked) [TRANSFORMATION]", demo.Output, StringComparison.Ordinal);
        Assert.Contains("owners to notify: team:analytics, team:data-engineering", demo.Output, StringComparison.Ordinal);
        Assert.Contains("FailedAssertion: assertion price_not_below_cost on cost failed", demo.Output, StringComparison.Ordinal);
        Assert.Contains("customers_source.email -> customer_orders_staging.email; masked at customer_revenue_summary.customer_key", demo.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_writes_a_store_a_self_contained_report_and_a_dot_file()
    {
        Assert.True(Directory.Exists(Path.Combine(demo.Directory, "events")));
        var html = File.ReadAllText(Path.Combine(demo.Directory, "report.html"));
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        XDocument.Parse(html[html.IndexOf("<html", StringComparison.Ordinal)..]);
        Assert.StartsWith("digraph", File.ReadAllText(Path.Combine(demo.Directory, "lineage.dot")), StringComparison.Ordinal);
        Assert.Equal(44, File.ReadAllLines(Path.Combine(demo.Directory, "events.ndjson")).Length);
    }

    [Fact]
    public void Every_event_the_tracker_emitted_validates_against_the_openlineage_schemas()
    {
        var (code, output) = Tributary.Tests.Json.SchemaValidationTests.ValidateFile(Path.Combine(demo.Directory, "events.ndjson"));

        Assert.True(code == 0, output);
        Assert.Contains("validated 44 events, 0 problems", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Running_the_demo_again_into_the_same_folder_starts_from_scratch()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"tributary-demo-{Guid.NewGuid():N}");
        try
        {
            await CliRunner.RunAsync("demo", "--out", dir);
            var (code, output, _) = await CliRunner.RunAsync("demo", "--out", dir);

            Assert.Equal(0, code);
            Assert.Contains("3. The events (44 stored durably", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Demo_refuses_a_folder_it_did_not_make()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"tributary-other-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        await File.WriteAllTextAsync(Path.Combine(dir, "precious.txt"), "keep me");
        try
        {
            var (code, _, error) = await CliRunner.RunAsync("demo", "--out", dir);

            Assert.Equal(1, code);
            Assert.Contains("was not made by the demo", error, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(dir, "precious.txt")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}

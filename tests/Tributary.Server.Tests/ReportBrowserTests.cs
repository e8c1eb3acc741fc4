using Microsoft.Playwright;
using Tributary.Server.Tests.Support;

namespace Tributary.Server.Tests;

/// <summary>The demo's <c>report.html</c> as a reader sees it, in Debian's headless Chromium.</summary>
public sealed class ReportBrowserTests
{
    [Fact]
    public async Task The_demo_report_fits_a_page_and_tells_the_failed_check_its_downstream_and_owners_and_the_personal_data_flow()
    {
        using var folder = new TempDirectory();
        var demo = Path.Combine(folder.Path, "demo");
        var (code, _, error) = await CliProcess.RunAsync("demo", "--out", demo);
        Assert.True(code == 0, error);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LiveBrowserFixture.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1600, Height = 1000 } });
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        await page.GotoAsync(new Uri(Path.Combine(demo, "report.html")).AbsoluteUri);

        // The graph is drawn wider than the page (seven layers); it must be scaled into it, not cut at the edge.
        var graph = page.Locator("svg[aria-label='lineage graph']");
        var drawnWidth = await graph.EvaluateAsync<double>("svg => svg.viewBox.baseVal.width");
        var box = await graph.BoundingBoxAsync();
        var pageWidth = await page.EvaluateAsync<double>("() => document.documentElement.clientWidth");
        var scrolls = await page.EvaluateAsync<bool>("() => { const s = document.querySelector('svg[aria-label=\"lineage graph\"]').parentElement; return s.scrollWidth > s.clientWidth; }");
        Directory.CreateDirectory(TestData.Artifacts("screenshots"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(TestData.Artifacts("screenshots"), "report.png"), FullPage = true });

        Assert.True(drawnWidth > pageWidth, $"the demo's graph is {drawnWidth} px wide; this test needs one wider than the {pageWidth} px page");
        Assert.True(box is not null, "the report's graph is not drawn on the page");
        Assert.True(box!.X + box.Width <= pageWidth, $"the graph ends at {box.X + box.Width} px on a {pageWidth} px page");
        Assert.False(scrolls, "the graph's frame scrolls sideways");
        var pageScrollWidth = await page.EvaluateAsync<double>("() => document.documentElement.scrollWidth");
        Assert.True(pageScrollWidth <= pageWidth, $"the report is {pageScrollWidth} px wide on a {pageWidth} px page (a table does not wrap)");
        await Assertions.Expect(page.Locator("h2", new() { HasText = "Data quality" })).ToBeVisibleAsync();

        // Each failed check with its incident's root cause, affected downstream and owners to notify.
        var summary = page.Locator("#quality tr", new() { HasText = "profit_non_negative on total_profit" });
        await Assertions.Expect(summary).ToContainTextAsync("governance_demo.products_source (assertion price_not_below_cost on cost failed)");
        await Assertions.Expect(summary).ToContainTextAsync("team:analytics (governance_demo.customer_revenue_summary");
        await Assertions.Expect(summary).ToContainTextAsync("(open)");
        var products = page.Locator("#quality tr", new() { HasText = "load_products" });
        await Assertions.Expect(products).ToContainTextAsync("datasets: governance_demo.customer_revenue_summary; jobs: customer_revenue_aggregation");
        await Assertions.Expect(products).ToContainTextAsync("team:product (governance_demo.products_source)");

        // The graph marks the incident and where personal data flows, with the check and the masking in its hover text.
        var incident = graph.Locator("g.incident > title", new() { HasText = "customer_revenue_summary" });
        await Assertions.Expect(incident).ToContainTextAsync("open incident: profit_non_negative on total_profit failed");
        await Assertions.Expect(graph.Locator("g[data-pii] > title", new() { HasText = "customer_revenue_summary" })).ToContainTextAsync("masking stops personal data at customer_key");
        Assert.Equal(3, await graph.Locator("g[data-pii]").CountAsync());

        await graph.ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(TestData.Artifacts("screenshots"), "report-graph.png") });
        await page.Locator("section", new() { Has = page.Locator("h2", new() { HasText = "Data quality" }) })
            .ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(TestData.Artifacts("screenshots"), "report-quality.png") });

        // Where personal data flows and where masking stops it.
        var pii = page.Locator("section", new() { Has = page.Locator("h2", new() { HasText = "Personal data" }) });
        var email = pii.Locator("tr", new() { HasText = "customers_source:email" });
        await Assertions.Expect(email).ToContainTextAsync("governance_demo.customer_orders_staging");
        await Assertions.Expect(email).ToContainTextAsync("governance_demo.customer_revenue_summary:customer_key");
        Assert.Empty(errors);
    }
}

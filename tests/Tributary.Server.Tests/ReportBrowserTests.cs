using Microsoft.Playwright;
using Tributary.Server.Tests.Support;

namespace Tributary.Server.Tests;

/// <summary>The demo's <c>report.html</c> as a reader sees it, in Debian's headless Chromium.</summary>
public sealed class ReportBrowserTests
{
    [Fact]
    public async Task The_demo_report_fits_a_page_and_tells_the_failed_check_and_the_personal_data_flow()
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
        await Assertions.Expect(page.Locator("h2", new() { HasText = "Data quality" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("profit_non_negative");
        await Assertions.Expect(page.Locator("h2", new() { HasText = "Personal data" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("customer_key");
        Assert.Empty(errors);
    }
}

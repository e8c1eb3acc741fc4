using Microsoft.Playwright;
using Tributary.Server.Tests.Support;

namespace Tributary.Server.Tests;

/// <summary>The web UI in a real headless Chromium.</summary>
public sealed class BrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private IPage _page = null!;
    private readonly List<string> _dialogs = [];
    private readonly List<string> _errors = [];

    public async Task InitializeAsync()
    {
        _page = await fixture.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        _page.Dialog += async (_, dialog) =>
        {
            _dialogs.Add(dialog.Message);
            await dialog.DismissAsync();
        };
        _page.PageError += (_, error) => _errors.Add(error);
        await _page.GotoAsync(fixture.Server.Address.ToString());
    }

    public async Task DisposeAsync() => await _page.CloseAsync();

    private Task<int> CountAsync(string selector) => _page.EvaluateAsync<int>($"() => window.tributary.cy.nodes('{selector}').length");

    private async Task SearchAndOpenAsync(string text, string nodeId)
    {
        await _page.FillAsync("#search", text);
        var result = _page.Locator($"#results li[data-node=\"{nodeId.Replace("\"", "\\\"", StringComparison.Ordinal)}\"]");
        await result.ClickAsync();
        await _page.WaitForFunctionAsync("id => window.tributary.cy.getElementById(id).nonempty() || window.tributary.cy.getElementById('group:' + id.slice(8)).nonempty()", nodeId);
    }

    [Fact]
    public async Task The_page_loads_with_search_and_a_summary_of_the_graph()
    {
        await Assertions.Expect(_page).ToHaveTitleAsync("Tributary lineage");
        await Assertions.Expect(_page.Locator("#summary")).ToContainTextAsync("datasets");
        await Assertions.Expect(_page.Locator("#live")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("on"));
        Assert.Empty(_errors);
    }

    [Fact]
    public async Task Searching_and_opening_a_dataset_draws_its_neighbourhood_and_shows_its_schema()
    {
        await SearchAndOpenAsync("orders", "dataset:warehouse:orders");

        Assert.True(await CountAsync("[kind = \"JOB\"]") >= 2);
        Assert.Equal(1, await CountAsync(".focus"));
        await Assertions.Expect(_page.Locator("#panel-title")).ToHaveTextAsync("orders");
        await Assertions.Expect(_page.Locator("#panel table").First).ToContainTextAsync("amount");
        Directory.CreateDirectory(TestData.Artifacts("screenshots"));
        await _page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(TestData.Artifacts("screenshots"), "graph.png") });
        Assert.Empty(_errors);
    }

    [Fact]
    public async Task A_dataset_and_a_job_in_an_aws_glue_namespace_open_with_their_details()
    {
        const string Glue = "arn:aws:glue:us-east-1:123456789012";
        using var http = new HttpClient { BaseAddress = fixture.Server.Address };
        var e = Events.Run("glue:load", ["glue_src"], ["glue:orders"], jobNamespace: Glue, datasetNamespace: Glue, columns: new() { ["glue:orders"] = ["id"] });
        (await http.PostAsync("api/v1/lineage", Events.Content(e))).EnsureSuccessStatusCode();
        var dataset = Tributary.Model.NodeId.From(new Tributary.Model.DatasetId(Glue, "glue:orders")).ToString();
        var job = Tributary.Model.NodeId.From(new Tributary.Model.JobId(Glue, "glue:load")).ToString();

        await SearchAndOpenAsync("glue:orders", dataset);

        await Assertions.Expect(_page.Locator("#panel-title")).ToHaveTextAsync("glue:orders");
        await Assertions.Expect(_page.Locator("#panel table").First).ToContainTextAsync("id");
        await _page.EvaluateAsync("id => window.tributary.select(id)", job);
        await Assertions.Expect(_page.Locator("#panel-title")).ToHaveTextAsync("glue:load");
        Assert.Empty(_errors);
    }

    [Fact]
    public async Task Expanding_upstream_adds_the_next_level_one_at_a_time()
    {
        await SearchAndOpenAsync("etl_orders_7_days", "job:food_delivery:etl_orders_7_days");
        var before = await CountAsync("");
        await _page.EvaluateAsync("() => window.tributary.select('dataset:food_delivery:public.orders')");
        await _page.ClickAsync("#expand-up");

        await _page.WaitForFunctionAsync("n => window.tributary.cy.nodes().length > n", before);
        Assert.True(await _page.EvaluateAsync<bool>("() => window.tributary.cy.getElementById('job:food_delivery:etl_orders').nonempty()"));
    }

    [Fact]
    public async Task Switching_to_columns_draws_fields_inside_their_datasets()
    {
        await SearchAndOpenAsync("revenue", "dataset:warehouse:revenue");

        await _page.ClickAsync("#mode-columns");

        await _page.WaitForFunctionAsync("() => window.tributary.cy.getElementById('datasetField:warehouse:revenue:total').nonempty()");
        Assert.True(await _page.EvaluateAsync<bool>("() => window.tributary.cy.getElementById('datasetField:warehouse:orders:amount').nonempty()"));
        Assert.Equal("group:warehouse:revenue", await _page.EvaluateAsync<string>("() => window.tributary.cy.getElementById('datasetField:warehouse:revenue:total').parent().id()"));
        await _page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(TestData.Artifacts("screenshots"), "columns.png") });
    }

    [Fact]
    public async Task A_dataset_named_like_html_shows_as_text_and_runs_no_script()
    {
        await _page.FillAsync("#search", "<img");
        var result = _page.Locator("#results li[data-node]").First;
        await Assertions.Expect(result.Locator(".name")).ToHaveTextAsync(BrowserFixture.HostileName);
        await result.ClickAsync();

        await Assertions.Expect(_page.Locator("#panel-title")).ToHaveTextAsync(BrowserFixture.HostileName);
        Assert.Equal(0, await _page.Locator("img").CountAsync());
        Assert.Equal(BrowserFixture.HostileName, await _page.EvaluateAsync<string>(
            "() => window.tributary.cy.nodes('[kind = \"DATASET\"]').map(n => n.data('label')).find(l => l.startsWith('<img')).split('\\n')[0]"));
        Assert.Empty(_dialogs);
        Assert.Empty(_errors);
    }

    [Fact]
    public async Task Impact_highlights_everything_downstream()
    {
        await SearchAndOpenAsync("raw_orders", "dataset:warehouse:raw_orders");

        await _page.ClickAsync("#impact");

        await _page.WaitForFunctionAsync("() => window.tributary.cy.getElementById('dataset:warehouse:revenue').hasClass('impact')");
        await Assertions.Expect(_page.Locator("#panel")).ToContainTextAsync("affected downstream");
    }

    [Fact]
    public async Task Root_cause_highlights_the_failed_job_upstream()
    {
        await SearchAndOpenAsync("<img", "dataset:warehouse:" + BrowserFixture.HostileName);

        await _page.ClickAsync("#root-cause");

        await _page.WaitForFunctionAsync("() => window.tributary.cy.getElementById('job:etl:copy_hostile').hasClass('cause')");
        Assert.Empty(_dialogs);
    }

    [Fact]
    public async Task Selecting_a_job_shows_its_runs_and_sql()
    {
        await SearchAndOpenAsync("daily_revenue", "job:etl:daily_revenue");

        await Assertions.Expect(_page.Locator("#sql")).ToHaveTextAsync("SELECT sum(amount) AS total FROM orders");
        await Assertions.Expect(_page.Locator("#panel .state").First).ToHaveTextAsync("COMPLETED");
    }

    [Fact]
    public async Task The_timeline_lists_runs()
    {
        await _page.ClickAsync("#timeline-toggle");

        await Assertions.Expect(_page.Locator("#timeline-rows .row").First).ToBeVisibleAsync();
        Assert.True(await _page.Locator("#timeline-rows .row").CountAsync() >= 3);
    }

    [Fact]
    public async Task New_events_arrive_live_and_grow_the_open_graph()
    {
        await SearchAndOpenAsync("revenue", "dataset:warehouse:revenue");
        using var http = new HttpClient { BaseAddress = fixture.Server.Address };

        var posted = await http.PostAsync("api/v1/lineage", Events.Content(Events.Run("live_report", ["revenue"], ["live_dashboard"])));

        posted.EnsureSuccessStatusCode();
        await _page.WaitForFunctionAsync("() => window.tributary.cy.getElementById('job:etl:live_report').nonempty()");
        await Assertions.Expect(_page.Locator("#live-text")).ToContainTextAsync("new");
    }

    [Fact]
    public async Task A_node_of_the_five_thousand_node_graph_opens_with_only_its_neighbourhood()
    {
        var id = BrowserFixture.SyntheticDataset(1500);
        await _page.EvaluateAsync("id => window.tributary.open(id)", id);
        await _page.WaitForFunctionAsync("id => window.tributary.cy.getElementById(id).nonempty()", id);
        var opened = await CountAsync("");

        await _page.ClickAsync("#expand-down");
        await _page.WaitForFunctionAsync("() => document.getElementById('status').textContent.length > 0");

        Assert.InRange(opened, 1, 400);
        Assert.True(await CountAsync("") < 1_000);
        Assert.Empty(_errors);
    }

    [Fact]
    public async Task A_node_of_the_five_thousand_node_graph_opens_five_levels_deep_within_the_drawing_cap()
    {
        var id = BrowserFixture.SyntheticDataset(1500);
        await _page.GotoAsync(fixture.Server.Address + "#up=5&down=5&node=" + Uri.EscapeDataString(id));
        await _page.WaitForFunctionAsync("id => window.tributary.cy.getElementById(id).nonempty()", id);

        var drawn = await CountAsync("");
        await Assertions.Expect(_page.Locator("#minimap")).ToBeVisibleAsync();
        await _page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(TestData.Artifacts("screenshots"), "ui-synthetic-depth5.png") });

        Assert.InRange(drawn, 20, 400);
        Assert.Empty(_errors);
    }

    [Fact]
    public async Task The_five_thousand_node_graphs_datasets_page_and_sort_in_the_browse_view()
    {
        await _page.GotoAsync(fixture.Server.Address + "#view=browse&tab=datasets&sort=-fields");

        await Assertions.Expect(_page.Locator(".pager")).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"Page 1 of \d{3}"));
        await _page.ClickAsync("#page-next");
        await Assertions.Expect(_page.Locator(".pager")).ToContainTextAsync("Page 2 of");
        Assert.Contains("page=1", _page.Url, StringComparison.Ordinal);
        await Assertions.Expect(_page.Locator("#browse-table tr")).ToHaveCountAsync(26);
        await _page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(TestData.Artifacts("screenshots"), "ui-synthetic-browse.png") });
        Assert.Empty(_errors);
    }
}

using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Tributary.Server.Tests.Support;

namespace Tributary.Server.Tests;

/// <summary>
/// The web UI on the demo's store, in Debian's headless Chromium, as a data engineer uses it: browsing, the graph at
/// depth, the column view, panels, the time control, deep links and the keyboard. Each view is saved as a screenshot
/// under <c>artifacts/screenshots/</c>, and no view may log a console error.
/// </summary>
public sealed class DemoUiBrowserTests(DemoBrowserFixture fixture) : IClassFixture<DemoBrowserFixture>, IAsyncLifetime
{
    private const string Aggregation = "job:openlakes:customer_revenue_aggregation";
    private IPage _page = null!;
    private readonly List<string> _errors = [];

    public async Task InitializeAsync() => _page = await NewPageAsync(ColorScheme.Light);

    public async Task DisposeAsync() => await _page.Context.CloseAsync();

    private async Task<IPage> NewPageAsync(ColorScheme scheme)
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1500, Height = 950 }, ColorScheme = scheme });
        var page = await context.NewPageAsync();
        page.PageError += (_, error) => _errors.Add(error);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                _errors.Add(message.Text);
            }
        };
        return page;
    }

    private Task GoAsync(string hash = "") => _page.GotoAsync(fixture.Server.Address + (hash.Length > 0 ? "#" + hash : ""));

    private Task WaitForNodeAsync(string id) => _page.WaitForFunctionAsync("id => window.tributary.cy.getElementById(id).nonempty()", id);

    private Task ShotAsync(string name, IPage? page = null) =>
        (page ?? _page).ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(TestData.Artifacts("screenshots"), name + ".png") });

    private Task<int> CountAsync(string selector) => _page.EvaluateAsync<int>("s => window.tributary.cy.nodes(s).length", selector);

    private Task<bool> DrawnAsync(string name) => _page.EvaluateAsync<bool>("n => window.tributary.cy.nodes().some(x => (x.data('info') || {}).name === n)", name);

    [Fact]
    public async Task A_dataset_is_reached_from_the_landing_page_without_typing()
    {
        await GoAsync();

        await _page.ClickAsync("nav [data-view=browse]");
        await _page.SelectOptionAsync("#namespace", "iceberg://nessie:19120");
        await Assertions.Expect(_page.Locator("#browse-table")).ToContainTextAsync("governance_demo.products_source");
        await ShotAsync("ui-browse-datasets");
        await _page.ClickAsync("#browse-table a:text-is('governance_demo.customer_revenue_summary')");

        await Assertions.Expect(_page.Locator("#panel-title")).ToHaveTextAsync("governance_demo.customer_revenue_summary");
        await WaitForNodeAsync(DemoBrowserFixture.Summary);
        Assert.Contains("node=", _page.Url, StringComparison.Ordinal);
        Assert.Empty(_errors);
    }

    [Fact]
    public async Task Depth_five_upstream_draws_the_whole_retail_chain_with_fields_inside_datasets()
    {
        await GoAsync("node=" + Uri.EscapeDataString(DemoBrowserFixture.Summary));
        await WaitForNodeAsync(DemoBrowserFixture.Summary);
        Assert.False(await DrawnAsync("orders"));

        await _page.FillAsync("#depth-up", "5");
        await _page.Locator("#depth-up").DispatchEventAsync("change");

        await _page.WaitForFunctionAsync("() => window.tributary.cy.nodes('[kind = \"DATASET\"]').length === 8");
        Assert.Equal(5, await CountAsync("[kind = \"JOB\"]"));
        foreach (var raw in new[] { "orders", "Contact", "INVENTORY.PRODUCTS" })
        {
            Assert.True(await DrawnAsync(raw), raw + " is not drawn at depth 5");
        }

        // Full names (wrapped, never cut) and the fields with their types inside the dataset's node.
        var label = await _page.EvaluateAsync<string>("id => window.tributary.cy.getElementById(id).data('label')", DemoBrowserFixture.Summary);
        Assert.Equal("governance_demo.customer_revenue_summary", label.Split('\n').TakeWhile(l => !l.StartsWith('─')).Aggregate(string.Concat));
        Assert.Contains("total_profit : DOUBLE", label, StringComparison.Ordinal);
        Assert.Contains("up=5", _page.Url, StringComparison.Ordinal);
        await Assertions.Expect(_page.Locator("#minimap")).ToBeVisibleAsync();
        await ShotAsync("ui-graph-depth5");
        Assert.Empty(_errors);
    }

    [Fact]
    public async Task Upstream_on_the_opened_node_keeps_going_level_by_level_and_collapse_takes_it_back()
    {
        await GoAsync("node=" + Uri.EscapeDataString(DemoBrowserFixture.Staging));
        await WaitForNodeAsync(DemoBrowserFixture.Staging);

        await _page.ClickAsync("#expand-up");
        await _page.WaitForFunctionAsync("() => window.tributary.cy.nodes().some(n => (n.data('info') || {}).name === 'load_orders')");
        await _page.ClickAsync("#expand-up");
        await _page.WaitForFunctionAsync("() => window.tributary.cy.nodes().some(n => (n.data('info') || {}).name === 'orders')");
        Assert.True(await DrawnAsync("Contact"));
        var expanded = await CountAsync("");

        await _page.EvaluateAsync("id => window.tributary.select(id)", "job:openlakes:customer_orders_etl");
        await _page.ClickAsync("#collapse");

        await _page.WaitForFunctionAsync("n => window.tributary.cy.nodes().length < n", expanded);
        Assert.False(await DrawnAsync("orders"));
        Assert.True(await DrawnAsync("governance_demo.customer_orders_staging"));
        Assert.Empty(_errors);
    }

    [Fact]
    public async Task A_fields_column_lineage_opens_in_the_column_view_with_fewer_crossings_than_alphabetical_order()
    {
        await GoAsync();
        await _page.FillAsync("#search", "total_profit");
        await _page.ClickAsync("#results li[data-node$=':total_profit']");
        await WaitForNodeAsync("datasetField:iceberg://nessie:19120:governance_demo.products_source:cost");
        Assert.Contains("mode=columns", _page.Url, StringComparison.Ordinal);
        await _page.FillAsync("#depth-up", "2");
        await _page.Locator("#depth-up").DispatchEventAsync("change");
        await WaitForNodeAsync("datasetField:iceberg://nessie:19120:governance_demo.customer_orders_staging:quantity");
        await _page.ClickAsync("#mode-table");
        await WaitForNodeAsync(DemoBrowserFixture.Summary);
        await _page.ClickAsync("#mode-columns");
        await WaitForNodeAsync("datasetField:iceberg://nessie:19120:governance_demo.customer_revenue_summary:customer_key");

        var (laid, alphabetical) = await CrossingsAsync();
        await ShotAsync("ui-columns");

        Assert.True(laid < alphabetical, $"{laid} crossings laid out, {alphabetical} with fields in alphabetical order");
        Assert.Empty(_errors);
    }

    // Crossings between field edges that join the same two columns, as laid out and with each box's fields put in
    // alphabetical order in the same slots.
    private async Task<(int Laid, int Alphabetical)> CrossingsAsync()
    {
        var counts = await _page.EvaluateAsync<int[]>("""
            () => {
              const cy = window.tributary.cy;
              const edges = cy.edges().filter(e => e.source().isChild() && e.target().isChild()).toArray();
              const alphabetical = new Map();
              cy.nodes(':parent').forEach(box => {
                const kids = box.children().toArray();
                const slots = kids.map(k => k.position('y')).sort((a, b) => a - b);
                kids.sort((a, b) => String(a.data('label')).localeCompare(String(b.data('label')))).forEach((k, i) => alphabetical.set(k.id(), slots[i]));
              });
              const count = (y) => {
                let c = 0;
                for (let i = 0; i < edges.length; i++) for (let j = i + 1; j < edges.length; j++) {
                  const a = edges[i], b = edges[j];
                  if (a.source().position('x') !== b.source().position('x') || a.target().position('x') !== b.target().position('x')) continue;
                  if ((y(a.source()) - y(b.source())) * (y(a.target()) - y(b.target())) < 0) c++;
                }
                return c;
              };
              return [count(n => n.position('y')), count(n => alphabetical.get(n.id()))];
            }
            """);
        return (counts[0], counts[1]);
    }

    [Fact]
    public async Task The_path_between_two_selected_nodes_is_highlighted()
    {
        await GoAsync("up=5&node=" + Uri.EscapeDataString(DemoBrowserFixture.Summary));
        await _page.WaitForFunctionAsync("() => window.tributary.cy.nodes('[kind = \"DATASET\"]').length === 8");
        var contact = await _page.EvaluateAsync<string>("() => window.tributary.cy.nodes().filter(n => (n.data('info') || {}).name === 'Contact')[0].id()");

        await _page.EvaluateAsync("id => window.tributary.select(id)", contact);
        await _page.EvaluateAsync("id => window.tributary.select(id)", DemoBrowserFixture.Summary);
        await _page.ClickAsync("#path");

        await Assertions.Expect(_page.Locator("#panel")).ToContainTextAsync("1 path");
        Assert.Equal(7, await CountAsync(".path"));
        Assert.False(await _page.EvaluateAsync<bool>("() => window.tributary.cy.nodes('.path').some(n => (n.data('info') || {}).name === 'orders')"));
        await ShotAsync("ui-path");
        Assert.Empty(_errors);
    }

    [Fact]
    public async Task A_job_panel_charts_its_run_durations_and_a_dataset_panel_lists_versions_with_their_runs()
    {
        await GoAsync("node=" + Uri.EscapeDataString(Aggregation));
        await Assertions.Expect(_page.Locator("#panel-title")).ToHaveTextAsync("customer_revenue_aggregation");

        await Assertions.Expect(_page.Locator("#panel svg.chart rect")).ToHaveCountAsync(4);
        await Assertions.Expect(_page.Locator("#panel svg.chart rect.FAILED")).ToHaveCountAsync(1);
        await ShotAsync("ui-job-panel");

        await _page.EvaluateAsync("id => window.tributary.select(id)", DemoBrowserFixture.Summary);
        await Assertions.Expect(_page.Locator("#panel table.versions")).ToContainTextAsync("customer_revenue_aggregation");
        await Assertions.Expect(_page.Locator("#panel table.versions")).ToContainTextAsync("FAILED");
        await Assertions.Expect(_page.Locator("#panel")).ToContainTextAsync("profit_non_negative");
        Assert.True(await _page.EvaluateAsync<bool>("id => window.tributary.cy.getElementById(id).hasClass('incident')", DemoBrowserFixture.Summary));
        await ShotAsync("ui-dataset-panel");
        Assert.Empty(_errors);
    }

    // The browse table's rows as text, each a map from column title to cell.
    private async Task<List<Dictionary<string, string>>> BrowseRowsAsync()
    {
        await Assertions.Expect(_page.Locator("#browse-table tr").Nth(1)).ToBeVisibleAsync();
        var cells = await _page.EvaluateAsync<string[][]>("() => [...document.querySelectorAll('#browse-table tr')].map(r => [...r.children].map(c => c.textContent.replace(/ [▲▼]$/, '').trim()))");
        return [.. cells.Skip(1).Select(row => cells[0].Zip(row).ToDictionary(p => p.First, p => p.Second))];
    }

    [Fact]
    public async Task The_dataset_table_gives_each_datasets_last_run_duration_rows_owners_tags_and_incidents()
    {
        await GoAsync("view=browse&tab=datasets&sort=-rows&ns=" + Uri.EscapeDataString("iceberg://nessie:19120"));

        var rows = await BrowseRowsAsync();
        Assert.Equal(5, rows.Count);
        Assert.Equal(["governance_demo.customer_orders_staging", "governance_demo.orders_source", "governance_demo.customers_source", "governance_demo.customer_revenue_summary", "governance_demo.products_source"],
            rows.Select(r => r["name"]));
        foreach (var row in rows)
        {
            // Every retail dataset is written by a run that reports its rows, and has an owner.
            foreach (var column in new[] { "last run", "duration", "rows written", "last written", "owners" })
            {
                Assert.True(row[column] is not ("" or "—"), $"{row["name"]} has no {column}");
            }

            Assert.Equal("COMPLETED", row["last run"]);
        }

        var staging = rows[0];
        Assert.Equal(("320", "2.3 s", "team:data-engineering"), (staging["rows written"], staging["duration"], staging["owners"]));
        Assert.Equal("97", rows[3]["rows written"]);
        Assert.Equal("1", rows[3]["open incidents"]);
        Assert.Equal("1", rows[4]["open incidents"]);

        // Tags put on a field and tags that came along lineage look different: solid and outlined.
        Assert.Equal(["pii (first_name, last_name, email)"], await _page.Locator("#browse-table tr", new() { HasText = "customers_source" }).Locator(".tag:not(.propagated)").AllTextContentsAsync());
        Assert.Equal(["pii (first_name, last_name, email)"], await _page.Locator("#browse-table tr", new() { HasText = "customer_orders_staging" }).Locator(".tag.propagated").AllTextContentsAsync());
        Assert.Equal(["pii (customer_name)"], await _page.Locator("#browse-table tr", new() { HasText = "customer_revenue_summary" }).Locator(".tag.propagated").AllTextContentsAsync());
        Assert.Equal(0, await _page.Locator("#browse-table tr", new() { HasText = "customer_orders_staging" }).Locator(".tag:not(.propagated)").CountAsync());
        await ShotAsync("ui-browse-datasets-runs");

        // As of the second night, during the failed attempt, the summary's last run is that failed run.
        await GoAsync("view=browse&tab=datasets&asOf=2025-01-16T02:01:00Z&ns=" + Uri.EscapeDataString("iceberg://nessie:19120"));
        await Assertions.Expect(_page.Locator("#browse-table tr", new() { HasText = "customer_revenue_summary" })).ToContainTextAsync("FAILED");
        var then = await BrowseRowsAsync();
        Assert.Equal("500", then.Single(r => r["name"] == "governance_demo.customer_orders_staging")["rows written"]);
        Assert.Empty(_errors);
    }

    [Fact]
    public async Task Propagated_tags_are_shown_apart_from_tags_put_on_a_field_and_masking_shows_where_they_stop()
    {
        const string customers = "dataset:iceberg://nessie:19120:governance_demo.customers_source";
        await GoAsync("up=5&node=" + Uri.EscapeDataString(DemoBrowserFixture.Summary));
        await WaitForNodeAsync(customers);
        await Assertions.Expect(_page.Locator("#panel-title")).ToHaveTextAsync("governance_demo.customer_revenue_summary");

        // The summary's customer_name got pii along lineage; its hashed customer_key is where masking stopped it.
        var schema = _page.Locator("#panel table.schema");
        await Assertions.Expect(schema.Locator("tr", new() { HasText = "customer_name" }).Locator(".tag.propagated").First).ToContainTextAsync("pii ⇠ customers_source.");
        await Assertions.Expect(schema.Locator("tr", new() { HasText = "customer_key" }).Locator(".tag.stopped")).ToHaveTextAsync("pii stopped: masking");
        Assert.Equal(0, await schema.Locator(".tag:not(.propagated):not(.stopped)").CountAsync());
        var title = await schema.Locator("tr", new() { HasText = "customer_name" }).Locator(".tag.propagated").First.GetAttributeAsync("title");
        Assert.Contains("propagated from datasetField:iceberg://nessie:19120:governance_demo.customers_source:", title, StringComparison.Ordinal);

        // In the graph: '⇢pii' and a dashed ring where it came along lineage, '#pii' and a solid ring where it was put.
        var label = await _page.EvaluateAsync<string>("id => window.tributary.cy.getElementById(id).data('label')", DemoBrowserFixture.Staging);
        Assert.Contains("email : STRING  ⇢pii", label, StringComparison.Ordinal);
        Assert.True(await _page.EvaluateAsync<bool>("id => window.tributary.cy.getElementById(id).hasClass('inherited')", DemoBrowserFixture.Staging));
        Assert.Contains("email : STRING  #pii", await _page.EvaluateAsync<string>("id => window.tributary.cy.getElementById(id).data('label')", customers), StringComparison.Ordinal);
        Assert.True(await _page.EvaluateAsync<bool>("id => window.tributary.cy.getElementById(id).hasClass('tagged')", customers));
        await ShotAsync("ui-classifications");

        await _page.EvaluateAsync("id => window.tributary.select(id)", customers);
        await Assertions.Expect(_page.Locator("#panel-title")).ToHaveTextAsync("governance_demo.customers_source");
        await Assertions.Expect(_page.Locator("#panel table.schema .tag:not(.propagated):not(.stopped)")).ToHaveCountAsync(3);
        await Assertions.Expect(_page.Locator("#panel table.schema .tag.propagated")).ToHaveCountAsync(0);
        await ShotAsync("ui-classifications-panel");
        Assert.Empty(_errors);
    }

    [Fact]
    public async Task The_run_and_version_lists_answer_as_of_a_moment_on_the_server()
    {
        using var http = new HttpClient { BaseAddress = fixture.Server.Address };
        var runs = "/api/v1/job/runs?nodeId=" + Uri.EscapeDataString(Aggregation);
        var versions = "/api/v1/dataset/versions?nodeId=" + Uri.EscapeDataString(DemoBrowserFixture.Summary);

        using var now = JsonDocument.Parse(await http.GetStringAsync(runs));
        using var secondNight = JsonDocument.Parse(await http.GetStringAsync(runs + "&asOf=2025-01-16T02:00:20Z"));
        using var during = JsonDocument.Parse(await http.GetStringAsync(versions + "&asOf=2025-01-16T02:00:20Z"));
        using var bad = await http.GetAsync(versions + "&asOf=yesterday");

        Assert.Equal(4, now.RootElement.GetProperty("totalCount").GetInt32());
        Assert.Equal(2, secondNight.RootElement.GetProperty("totalCount").GetInt32());
        Assert.Equal(["RUNNING", "COMPLETED"], secondNight.RootElement.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("state").GetString()));
        Assert.Equal(["RUNNING", "COMPLETED"], during.RootElement.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("createdByRun").GetProperty("state").GetString()));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("asOf: as of 'yesterday'", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The panels ask the server for the moment's lists: the job's runs and chart as of the first night.
        await GoAsync("asOf=2025-01-15T03:00:00.000Z&node=" + Uri.EscapeDataString(Aggregation));
        await Assertions.Expect(_page.Locator("#panel h3", new() { HasText = "Runs (" })).ToHaveTextAsync("Runs (1)");
        await Assertions.Expect(_page.Locator("#panel svg.chart rect")).ToHaveCountAsync(1);
        await Assertions.Expect(_page.Locator("#panel svg.chart rect.FAILED")).ToHaveCountAsync(0);
        await ShotAsync("ui-job-panel-as-of");
        await _page.EvaluateAsync("id => window.tributary.select(id)", DemoBrowserFixture.Summary);
        await Assertions.Expect(_page.Locator("#panel")).ToContainTextAsync("1 versions by 2025-01-15 03:00:00Z");
        Assert.Empty(_errors);
    }

    [Fact]
    public async Task The_dashboard_shows_runs_failures_stale_datasets_and_open_incidents()
    {
        await GoAsync("view=dashboard");

        await Assertions.Expect(_page.Locator("#open-incidents")).ToContainTextAsync("profit_non_negative");
        Assert.Equal(3, await _page.Locator("#runs-chart svg").First.Locator("rect").CountAsync());
        await Assertions.Expect(_page.Locator("#runs-chart")).ToContainTextAsync("1 failed of 22");
        await Assertions.Expect(_page.Locator("#stale")).ToContainTextAsync("governance_demo.customer_revenue_summary");
        await ShotAsync("ui-dashboard");
        Assert.Empty(_errors);
    }

    [Fact]
    public async Task The_incidents_list_names_the_failed_check_and_its_root_cause()
    {
        await GoAsync("view=incidents");

        var row = _page.Locator("#incidents-table tr", new() { HasText = "profit_non_negative" });
        await Assertions.Expect(row).ToContainTextAsync("governance_demo.products_source");
        await Assertions.Expect(row).ToContainTextAsync("team:analytics");
        await ShotAsync("ui-incidents");
        await row.Locator("a").First.ClickAsync();
        await Assertions.Expect(_page.Locator("#panel-title")).ToHaveTextAsync("governance_demo.customer_revenue_summary");
        Assert.Empty(_errors);
    }

    [Fact]
    public async Task The_events_browser_lists_a_days_events_with_the_raw_event()
    {
        await GoAsync("view=events&date=2025-01-16");

        var events = _page.Locator("#events-list details");
        await Assertions.Expect(events.First).ToBeVisibleAsync();
        await Assertions.Expect(_page.Locator("#events-list")).ToContainTextAsync("FAIL");
        await events.First.Locator("summary").ClickAsync();
        await Assertions.Expect(events.First.Locator("pre.raw")).ToContainTextAsync("\"eventTime\": \"2025-01-16");
        await ShotAsync("ui-events");

        await _page.ClickAsync("[aria-label='Next day']");
        await Assertions.Expect(_page.Locator("#events-date")).ToHaveValueAsync("2025-01-17");
        Assert.Contains("date=2025-01-17", _page.Url, StringComparison.Ordinal);
        Assert.Empty(_errors);
    }

    [Fact]
    public async Task A_deep_link_opens_the_view_it_names()
    {
        await GoAsync("view=browse&tab=jobs&sort=-duration");

        await Assertions.Expect(_page.Locator("#browse-table tr").Nth(1).Locator("a")).ToHaveTextAsync("load_orders");
        await Assertions.Expect(_page.Locator("#browse-table th[aria-sort=descending]")).ToContainTextAsync("duration");
        await Assertions.Expect(_page.Locator("#browse-table")).ToContainTextAsync("320");
        await ShotAsync("ui-browse-jobs");

        await GoAsync("mode=columns&node=" + Uri.EscapeDataString(DemoBrowserFixture.Summary));
        await WaitForNodeAsync("datasetField:iceberg://nessie:19120:governance_demo.customer_revenue_summary:total_profit");
        await Assertions.Expect(_page.Locator("#mode-columns")).ToHaveClassAsync(new Regex("active"));
        Assert.Empty(_errors);
    }

    [Fact]
    public async Task The_graph_as_of_the_first_night_has_no_incident_and_the_changes_since_show_the_sql_change()
    {
        await GoAsync("up=5&node=" + Uri.EscapeDataString(DemoBrowserFixture.Summary));
        await _page.WaitForFunctionAsync("id => window.tributary.cy.getElementById(id).hasClass('incident')", DemoBrowserFixture.Summary);

        await _page.FillAsync("#asof-input", "2025-01-15T03:00");
        await _page.Locator("#asof-input").DispatchEventAsync("change");

        await _page.WaitForFunctionAsync("() => window.tributary.state.asOf === '2025-01-15T03:00:00.000Z' && window.tributary.cy.nodes().length > 0");
        await _page.WaitForFunctionAsync("id => !window.tributary.cy.getElementById(id).hasClass('incident')", DemoBrowserFixture.Summary);
        await Assertions.Expect(_page.Locator("#panel table.versions tr")).ToHaveCountAsync(2);
        Assert.Contains("asOf=2025-01-15T03", _page.Url, StringComparison.Ordinal);
        await ShotAsync("ui-as-of-first-night");

        await _page.ClickAsync("#asof-now");
        await _page.FillAsync("#changes-from", "2025-01-15T03:00");
        await _page.Locator("#changes-from").DispatchEventAsync("change");

        await Assertions.Expect(_page.Locator("#changes-summary")).ToContainTextAsync("SQL changed in openlakes:customer_revenue_aggregation");
        await ShotAsync("ui-changes");
        Assert.Empty(_errors);
    }

    [Fact]
    public async Task Search_results_and_the_graph_work_from_the_keyboard_alone()
    {
        await GoAsync();
        for (var i = 0; i < 12 && await _page.EvaluateAsync<string>("() => document.activeElement.id") != "search"; i++)
        {
            await _page.Keyboard.PressAsync("Tab");
        }

        await _page.Keyboard.TypeAsync("customer_revenue_summary");
        // Each keystroke's answer redraws the list; wait for the one that holds the whole name.
        await Assertions.Expect(_page.Locator("#results li[data-node]")).ToHaveCountAsync(1);
        await Assertions.Expect(_page.Locator("#results li[data-node]")).ToHaveAttributeAsync("data-node", DemoBrowserFixture.Summary);
        await _page.Keyboard.PressAsync("ArrowDown");
        await Assertions.Expect(_page.Locator("#results li.active")).ToHaveAttributeAsync("data-node", DemoBrowserFixture.Summary);
        await _page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(_page.Locator("#panel-title")).ToHaveTextAsync("governance_demo.customer_revenue_summary");
        Assert.Equal("graph", await _page.EvaluateAsync<string>("() => document.activeElement.id"));

        await _page.Keyboard.PressAsync("ArrowLeft");
        await Assertions.Expect(_page.Locator("#panel-title")).ToHaveTextAsync("customer_revenue_aggregation");
        var zoom = await _page.EvaluateAsync<double>("() => window.tributary.cy.zoom()");
        await _page.Keyboard.PressAsync("+");
        Assert.True(await _page.EvaluateAsync<double>("() => window.tributary.cy.zoom()") > zoom);
        await _page.Keyboard.PressAsync("u");
        await _page.WaitForFunctionAsync("() => window.tributary.cy.nodes().some(n => (n.data('info') || {}).name === 'load_products')");
        await _page.Keyboard.PressAsync("Enter");
        await _page.WaitForFunctionAsync("id => window.tributary.state.focus === id", Aggregation);
        await ShotAsync("ui-keyboard");
        Assert.Empty(_errors);
    }

    [Fact]
    public async Task The_page_follows_a_dark_system_theme()
    {
        var page = await NewPageAsync(ColorScheme.Dark);
        await page.GotoAsync(fixture.Server.Address + "#up=5&node=" + Uri.EscapeDataString(DemoBrowserFixture.Summary));
        await page.WaitForFunctionAsync("() => window.tributary.cy.nodes('[kind = \"DATASET\"]').length === 8");

        var background = await page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
        await ShotAsync("ui-dark", page);
        await page.Context.CloseAsync();

        Assert.Equal("rgb(17, 20, 24)", background);
        Assert.Empty(_errors);
    }
}

using System.Text.Json;

namespace Tributary.Tests.Cli;

public sealed class QueryCommandTests(DemoStoreFixture demo) : IClassFixture<DemoStoreFixture>
{
    private Task<(int ExitCode, string Output, string Error)> Run(params string[] args) => CliRunner.RunAsync([.. args, "--store", demo.Directory]);

    [Fact]
    public async Task Upstream_of_the_summary_reaches_the_source_systems()
    {
        var (code, output, _) = await Run("upstream", "customer_revenue_summary", "--format", "json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var nodes = json.RootElement.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("id").GetString()).ToList();
        Assert.Contains("dataset:salesforce://crm.example.com:Contact", nodes);
        Assert.Contains("dataset:oracle://erp.example.com:1521:INVENTORY.PRODUCTS", nodes);
        Assert.DoesNotContain("dataset:file:///data/trading:equity_bars/AAPL", nodes);
    }

    [Fact]
    public async Task Depth_limits_the_lineage()
    {
        var (_, output, _) = await Run("upstream", "customer_revenue_summary", "--depth", "1", "--format", "csv");

        Assert.Contains("job:openlakes:customer_revenue_aggregation", output, StringComparison.Ordinal);
        Assert.DoesNotContain("customer_orders_etl", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Column_lineage_of_a_field_names_its_sources()
    {
        var (code, output, _) = await Run("columns", "customer_revenue_summary.total_profit", "--format", "csv");

        Assert.Equal(0, code);
        Assert.Contains("datasetField:iceberg://nessie:19120:governance_demo.products_source:price", output, StringComparison.Ordinal);
        Assert.Contains("datasetField:iceberg://nessie:19120:governance_demo.orders_source:quantity", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Path_traces_the_flow_from_a_source_to_the_summary()
    {
        var (code, output, _) = await Run("path", "customers_source", "customer_revenue_summary", "--format", "csv");

        Assert.Equal(0, code);
        Assert.Contains("customers_source -> job:openlakes:customer_orders_etl -> dataset:iceberg://nessie:19120:governance_demo.customer_orders_staging -> job:openlakes:customer_revenue_aggregation", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Impact_lists_downstream_and_owners()
    {
        var (code, output, _) = await Run("impact", "orders_source", "--format", "json");

        Assert.Equal(0, code);
        Assert.Contains("team:analytics", output, StringComparison.Ordinal);
        Assert.Contains("governance_demo.customer_revenue_summary", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Root_cause_ranks_the_products_feed_with_its_failed_assertion()
    {
        var (code, output, _) = await Run("root-cause", "customer_revenue_summary", "--format", "json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var products = json.RootElement.GetProperty("candidates").EnumerateArray()
            .First(c => c.GetProperty("node").GetString()!.EndsWith("products_source", StringComparison.Ordinal));
        Assert.Contains(products.GetProperty("evidence").EnumerateArray(), e => e.GetProperty("kind").GetString() == "FailedAssertion");
    }

    [Fact]
    public async Task Stats_by_operation_type_show_the_failed_aggregation()
    {
        var (code, output, _) = await Run("stats", "--by", "operation", "--format", "csv");

        Assert.Equal(0, code);
        Assert.Contains("AGGREGATE,4,1,", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failures_show_the_error_message()
    {
        var (_, output, _) = await Run("failures", "--format", "csv");

        Assert.Contains("no such column: p.unit_price", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_of_a_dataset_says_who_what_when_where_and_why()
    {
        var (code, output, _) = await Run("audit", "--dataset", "customers_source", "--format", "json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var entry = json.RootElement.EnumerateArray().First(e => e.GetProperty("job").GetString() == "openlakes:customer_orders_etl");
        Assert.Contains("team:data-engineering", entry.GetProperty("owners").EnumerateArray().Select(o => o.GetString()));
        Assert.Contains("INNER JOIN", entry.GetProperty("sql").GetString(), StringComparison.Ordinal);
        Assert.Equal("Join customers and orders for staging", entry.GetProperty("description").GetString());
    }

    [Fact]
    public async Task Pii_report_stops_at_the_masked_key_and_article_30_lists_processing()
    {
        var flow = await Run("pii", "--format", "json");
        var record = await Run("pii", "--article30", "--format", "csv");

        Assert.Equal(0, flow.ExitCode);
        Assert.Contains("customer_key", flow.Output, StringComparison.Ordinal);
        Assert.Contains("openlakes:customer_orders_etl", record.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Volume_and_stale_answer_from_the_store()
    {
        var volume = await Run("volume", "--format", "csv");
        var stale = await Run("stale", "--hours", "1", "--now", "2025-01-20T00:00:00Z", "--format", "csv");

        Assert.Contains("job:openlakes:load_orders", volume.Output, StringComparison.Ordinal);
        Assert.Contains("governance_demo.customer_revenue_summary", stale.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dot", "digraph")]
    [InlineData("mermaid", "flowchart LR")]
    [InlineData("marquez", "{\"graph\":")]
    [InlineData("json", "{\"root\":")]
    public async Task Export_writes_each_format(string format, string start)
    {
        var (code, output, _) = await Run("export", "customer_revenue_summary", "--format", format);

        Assert.Equal(0, code);
        var compact = format is "marquez" or "json" ? JsonDocument.Parse(output).RootElement.GetRawText().Replace("\n", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal) : output.TrimStart();
        Assert.StartsWith(start, compact, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_writes_markdown_and_html_to_a_file()
    {
        var file = Path.Combine(demo.Directory, "out", "report.md");

        var (code, output, _) = await Run("report", "--format", "md", "--output", file);

        Assert.Equal(0, code);
        Assert.Contains("wrote", output, StringComparison.Ordinal);
        Assert.Contains("customer_revenue_aggregation", await File.ReadAllTextAsync(file), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_node_is_a_one_line_error_with_exit_code_one()
    {
        var (code, output, error) = await Run("lineage", "no_such_table");

        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Equal("tributary lineage: no node named 'no_such_table'", error.Trim()[..48]);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public async Task Ambiguous_name_lists_the_candidates()
    {
        var (code, _, error) = await Run("lineage", "AAPL");

        Assert.Equal(1, code);
        Assert.Contains("is ambiguous; use one of:", error, StringComparison.Ordinal);
        Assert.Contains("dataset:file:///data/trading:equity_bars/AAPL", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_option_value_fails_without_running()
    {
        var (code, _, _) = await Run("lineage", "customers_source", "--format", "xml");

        Assert.NotEqual(0, code);
    }

    [Fact]
    public async Task Missing_store_says_how_to_make_one()
    {
        var (code, _, error) = await CliRunner.RunAsync("lineage", "x", "--store", Path.Combine(Path.GetTempPath(), "no-such-store"));

        Assert.Equal(1, code);
        Assert.Contains("no lineage store at", error, StringComparison.Ordinal);
    }
}

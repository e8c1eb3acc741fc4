using System.Text.Json;

namespace Tributary.Tests.Cli;

/// <summary><c>tributary diff</c> on the demo store between its first and third nights.</summary>
public sealed class DiffCommandTests(DemoStoreFixture demo) : IClassFixture<DemoStoreFixture>
{
    private Task<(int ExitCode, string Output, string Error)> Run(params string[] args) => CliRunner.RunAsync([.. args, "--store", demo.Directory]);

    [Fact]
    public async Task The_diff_between_the_first_and_third_nights_lists_what_changed_in_the_retail_pipeline()
    {
        var (code, output, error) = await Run("diff", "--from", "2025-01-15T03:00:00Z", "--to", "2025-01-17T03:00:00Z", "customer_revenue_summary", "--format", "json");

        Assert.True(code == 0, error);
        var diff = JsonDocument.Parse(output).RootElement;

        // The retail pipeline's nodes and edges stood on both nights; the trading example, not in its lineage, is left out.
        Assert.Equal(0, diff.GetProperty("datasetsAdded").GetArrayLength());
        Assert.Equal(0, diff.GetProperty("edgesAdded").GetArrayLength());
        var sql = diff.GetProperty("sqlChanges").EnumerateArray().Single();
        Assert.Equal("openlakes:customer_revenue_aggregation", sql.GetProperty("job").GetString());
        Assert.Contains("(FAIL)", sql.GetProperty("runsWithOtherSql")[0].GetString(), StringComparison.Ordinal);
        var rows = diff.GetProperty("rowCounts").EnumerateArray().ToDictionary(r => r.GetProperty("dataset").GetString()!, r => (r.GetProperty("before").GetInt64(), r.GetProperty("after").GetInt64()));
        Assert.Equal((500, 320), rows["iceberg://nessie:19120:governance_demo.orders_source"]);
        Assert.Contains(diff.GetProperty("failedAssertions").EnumerateArray(), a => a.GetProperty("assertion").GetProperty("name").GetString() == "price_not_below_cost");
        Assert.Contains("no such column: p.unit_price", diff.GetProperty("failedRuns")[0].GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_markdown_diff_has_a_row_per_change()
    {
        var (code, output, error) = await Run("diff", "--from", "2025-01-15T03:00:00Z", "--to", "2025-01-17T03:00:00Z", "--format", "md");

        Assert.True(code == 0, error);
        Assert.StartsWith("### Lineage changes from 2025-01-15T03:00:00", output, StringComparison.Ordinal);
        Assert.Contains("| row count changed | iceberg://nessie:19120:governance\\_demo.orders\\_source | 500 → 320 |", output, StringComparison.Ordinal);
        Assert.Contains("| job added | trading:compute\\_daily\\_returns |  |", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_diff_that_ends_before_it_starts_is_refused()
    {
        var (code, _, error) = await Run("diff", "--from", "2025-01-17T03:00:00Z", "--to", "2025-01-15T03:00:00Z");

        Assert.Equal(1, code);
        Assert.Contains("is before --from", error, StringComparison.Ordinal);
    }
}

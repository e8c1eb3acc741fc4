using System.Text.Json;

namespace Tributary.Tests.Cli;

/// <summary>
/// <c>--as-of</c> on the demo store: three nightly runs of the retail pipeline (2025-01-15/16/17 from 02:00 UTC); the
/// second night's first aggregation attempt fails, and the third night's ERP feed fails the pricing check.
/// </summary>
public sealed class AsOfCommandTests(DemoStoreFixture demo) : IClassFixture<DemoStoreFixture>
{
    private const string FirstNight = "2025-01-15T03:00:00Z";
    private const string ThirdNight = "2025-01-17T03:00:00Z";
    private const string Summary = "dataset:iceberg://nessie:19120:governance_demo.customer_revenue_summary";
    private const string Products = "dataset:iceberg://nessie:19120:governance_demo.products_source";

    private Task<(int ExitCode, string Output, string Error)> Run(params string[] args) => CliRunner.RunAsync([.. args, "--store", demo.Directory]);

    [Fact]
    public async Task As_of_the_first_night_neither_the_failed_attempt_nor_the_pricing_failure_exists()
    {
        var (code, failures, error) = await Run("failures", "--as-of", FirstNight, "--format", "json");
        Assert.True(code == 0, error);
        Assert.Equal(0, JsonDocument.Parse(failures).RootElement.GetArrayLength());

        (code, var rootCause, error) = await Run("root-cause", Summary, "--as-of", FirstNight, "--format", "json");
        Assert.True(code == 0, error);
        Assert.Equal(0, JsonDocument.Parse(rootCause).RootElement.GetProperty("candidates").GetArrayLength());

        (code, var report, error) = await Run("report", "--as-of", FirstNight);
        Assert.True(code == 0, error);
        Assert.Contains("No failed or aborted runs.", report, StringComparison.Ordinal);
        Assert.Contains("No failed data-quality assertions.", report, StringComparison.Ordinal);
        Assert.DoesNotContain("unit\\_price", report, StringComparison.Ordinal);

        // Now, both are there: the moment, not the store, made the difference.
        (_, failures, _) = await Run("failures", "--format", "json");
        Assert.Equal(1, JsonDocument.Parse(failures).RootElement.GetArrayLength());
        (_, report, _) = await Run("report");
        Assert.Contains("price\\_not\\_below\\_cost", report, StringComparison.Ordinal);
        Assert.Contains("unit\\_price", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Incidents_as_of_a_moment_are_only_those_opened_by_then()
    {
        var (code, first, error) = await Run("incidents", "--as-of", FirstNight, "--format", "json");
        Assert.True(code == 0, error);
        Assert.Equal(0, JsonDocument.Parse(first).RootElement.GetArrayLength());

        (code, var third, error) = await Run("incidents", "--as-of", ThirdNight, "--format", "json");
        Assert.True(code == 0, error);
        Assert.Contains("profit_non_negative", third, StringComparison.Ordinal);
        Assert.Contains("no such column: p.unit_price", third, StringComparison.Ordinal);
    }

    [Fact]
    public async Task As_of_the_third_night_the_pricing_failure_is_the_top_root_cause()
    {
        var (code, output, error) = await Run("root-cause", Summary, "--as-of", ThirdNight, "--format", "json");

        Assert.True(code == 0, error);
        var top = JsonDocument.Parse(output).RootElement.GetProperty("candidates")[0];
        Assert.Equal(Products, top.GetProperty("node").GetString());
        Assert.Contains("price_not_below_cost", top.GetProperty("evidence")[0].GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task As_of_the_second_night_the_failed_attempt_is_a_failure_and_its_run_id_is_a_moment()
    {
        var (_, output, _) = await Run("failures", "--as-of", "2025-01-16T12:00:00Z", "--format", "json");
        var failed = JsonDocument.Parse(output).RootElement;
        Assert.Equal(1, failed.GetArrayLength());
        var runId = failed[0].GetProperty("id").GetString()!;

        // As of the failed run (the moment it ended) it is there; a second before it started, the run is still to come.
        (_, output, _) = await Run("failures", "--as-of", runId, "--format", "json");
        Assert.Equal(runId, JsonDocument.Parse(output).RootElement[0].GetProperty("id").GetString());
        var started = failed[0].GetProperty("startedAt").GetDateTimeOffset();
        (_, output, _) = await Run("failures", "--as-of", started.AddSeconds(-1).ToString("O"), "--format", "json");
        Assert.Equal(0, JsonDocument.Parse(output).RootElement.GetArrayLength());

        // While it ran, it was running: the audit trail then shows it without an end.
        (_, output, _) = await Run("audit", "--as-of", started.AddSeconds(1).ToString("O"), "--format", "json");
        var entry = JsonDocument.Parse(output).RootElement.EnumerateArray().Single(e => e.GetProperty("run").GetString() == runId);
        Assert.Equal("Running", entry.GetProperty("state").GetString());
    }

    [Fact]
    public async Task Before_the_first_night_the_summary_does_not_exist_and_the_error_says_as_of_when()
    {
        var (code, _, error) = await Run("lineage", "customer_revenue_summary", "--as-of", "2025-01-14");

        Assert.Equal(1, code);
        Assert.Contains("no node named 'customer_revenue_summary'", error, StringComparison.Ordinal);
        Assert.Contains("as of 2025-01-14T00:00:00", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_moment_that_is_neither_a_time_nor_a_known_run_is_refused_with_what_to_give()
    {
        var (code, _, error) = await Run("find", "--as-of", "last tuesday");
        Assert.Equal(1, code);
        Assert.Contains("--as-of: as of 'last tuesday': not an ISO 8601 time", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);

        (code, _, error) = await Run("find", "--as-of", "01a23e04-fc65-7906-99de-000000000000");
        Assert.Equal(1, code);
        Assert.Contains("the graph has no run with that id", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task As_of_the_middle_of_the_first_night_only_what_had_run_by_then_exists()
    {
        // 02:00:05 on the first night: the three loads had started, staging and the summary were still to come.
        var (code, output, error) = await Run("find", "--as-of", "2025-01-15T02:00:05Z", "--format", "json");

        Assert.True(code == 0, error);
        var names = JsonDocument.Parse(output).RootElement.EnumerateArray().Select(d => d.GetProperty("node").GetString()).ToList();
        Assert.Contains(Products, names);
        Assert.DoesNotContain(Summary, names);
        Assert.DoesNotContain("dataset:iceberg://nessie:19120:governance_demo.customer_orders_staging", names);
    }
}

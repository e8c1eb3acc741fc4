using System.Text.Json.Nodes;
using Tributary.Storage;
using Tributary.Storage.Lake;
using Tributary.Tests.Support;

namespace Tributary.Tests.Cli;

/// <summary><c>tributary incidents</c>, <c>incident ID</c> and <c>incident resolve ID</c> on the demo store (copies of it where a test writes).</summary>
public sealed class IncidentCommandTests(DemoStoreFixture demo) : IClassFixture<DemoStoreFixture>, IDisposable
{
    private const string Summary = "dataset:iceberg://nessie:19120:governance_demo.customer_revenue_summary";
    private readonly string _copy = Path.Combine(Path.GetTempPath(), $"tributary-incidents-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_copy))
        {
            Directory.Delete(_copy, recursive: true);
        }
    }

    [Fact]
    public async Task The_third_night_opens_an_incident_on_the_summary_with_products_as_top_root_cause_and_the_owners_to_notify()
    {
        var incident = await OpenSummaryIncidentAsync(demo.Directory);

        Assert.Equal("profit_non_negative", incident["check"]!.GetValue<string>());
        Assert.Equal("High", incident["severity"]!.GetValue<string>());
        Assert.StartsWith("2025-01-17", incident["openedAt"]!.GetValue<string>(), StringComparison.Ordinal);
        var top = incident["rootCauses"]![0]!;
        Assert.Equal("dataset:iceberg://nessie:19120:governance_demo.products_source", top["node"]!.GetValue<string>());
        Assert.Equal("assertion price_not_below_cost on cost failed", top["evidence"]![0]!["description"]!.GetValue<string>());
        var owners = incident["owners"]!.AsArray().Select(o => o!["name"]!.GetValue<string>()).ToList();
        Assert.Contains("team:analytics", owners);
        Assert.Contains("team:product", owners);

        var (code, text, _) = await CliRunner.RunAsync("incident", incident["id"]!.GetValue<string>(), "--store", demo.Directory);
        Assert.Equal(0, code);
        Assert.Contains("Warning: data quality issue in governance_demo.customer_revenue_summary: profit_non_negative on total_profit failed", text, StringComparison.Ordinal);
        Assert.Contains("Root cause: governance_demo.products_source (assertion price_not_below_cost on cost failed)", text, StringComparison.Ordinal);
        Assert.Contains("Notify: ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_later_passing_check_resolves_the_incident()
    {
        CopyDemo();
        var id = (await OpenSummaryIncidentAsync(_copy))["id"]!.GetValue<string>();
        var passing = await DemoCheckEvents.WritePassingProfitCheckAsync(_copy);
        Assert.Equal(0, (await CliRunner.RunAsync("ingest", passing, "--store", _copy)).ExitCode);

        var (code, output, error) = await CliRunner.RunAsync("incident", id, "--format", "json", "--store", _copy);

        Assert.True(code == 0, error);
        var incident = JsonNode.Parse(output)!;
        Assert.Equal("Resolved", incident["status"]!.GetValue<string>());
        Assert.False(incident["resolution"]!["byHand"]!.GetValue<bool>());
        Assert.Equal("profit_non_negative passed in run 01947a00-0000-7000-8000-000000000001", incident["resolution"]!["reason"]!.GetValue<string>());
        var open = JsonNode.Parse((await CliRunner.RunAsync("incidents", "--open", "--format", "json", "--store", _copy)).Output)!.AsArray();
        Assert.DoesNotContain(open, i => i!["id"]!.GetValue<string>() == id);
    }

    [Fact]
    public async Task Resolving_by_hand_is_stored_as_an_event_and_kept_when_the_store_is_opened_again()
    {
        CopyDemo();
        var id = (await OpenSummaryIncidentAsync(_copy))["id"]!.GetValue<string>();
        var before = await CountAsync(_copy);

        var (code, output, error) = await CliRunner.RunAsync("incident", "resolve", id, "--by", "alice", "--note", "prices fixed <upstream>", "--store", _copy);
        Assert.True(code == 0, error);
        Assert.Contains($"resolved {id}", output, StringComparison.Ordinal);
        Assert.Equal(before + 1, await CountAsync(_copy));

        // Without the checkpoint the store is replayed from its events: the resolution is one of them.
        foreach (var checkpoint in Directory.EnumerateFiles(_copy, "*checkpoint*", SearchOption.AllDirectories))
        {
            File.Delete(checkpoint);
        }

        var incident = JsonNode.Parse((await CliRunner.RunAsync("incident", id, "--format", "json", "--store", _copy)).Output)!;
        Assert.Equal("Resolved", incident["status"]!.GetValue<string>());
        Assert.Equal(("alice", "prices fixed <upstream>", true), (incident["resolution"]!["by"]!.GetValue<string>(), incident["resolution"]!["reason"]!.GetValue<string>(), incident["resolution"]!["byHand"]!.GetValue<bool>()));

        var again = await CliRunner.RunAsync("incident", "resolve", id, "--store", _copy);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("is already resolved", again.Error, StringComparison.Ordinal);
        Assert.Equal(before + 1, await CountAsync(_copy));
    }

    [Theory]
    [InlineData("incident", "not-an-id", "'not-an-id' is not an incident id")]
    [InlineData("incident", "inc-0000000000000000", "the store has no incident inc-0000000000000000")]
    [InlineData("incidents", "--severity", "urgent", "--severity 'urgent' is not one of low, medium, high, critical")]
    public async Task Bad_incident_arguments_get_a_clear_error(params string[] args)
    {
        var (code, _, error) = await CliRunner.RunAsync([.. args[..^1], "--store", demo.Directory]);

        Assert.Equal(1, code);
        Assert.Contains(args[^1], error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_summary_report_lists_the_open_incident_with_its_root_cause()
    {
        var (code, output, _) = await CliRunner.RunAsync("report", "--format", "md", "--store", demo.Directory);

        Assert.Equal(0, code);
        var section = output[output.IndexOf("## Incidents", StringComparison.Ordinal)..];
        Assert.Contains("profit\\_non\\_negative on total\\_profit", section, StringComparison.Ordinal);
        Assert.Contains("Root cause: governance\\_demo.products\\_source", section, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_lake_has_a_data_quality_issues_table_with_the_documents_columns()
    {
        CopyDemo();
        var lakeDir = Path.Combine(_copy, "lake-out");
        var (code, _, error) = await CliRunner.RunAsync("export", "lake", lakeDir, "--store", _copy);
        Assert.True(code == 0, error);

        var issues = new LineageMetadataRepository(lakeDir).ReadDataQualityIssues();
        var summary = issues.Single(i => i.AffectedTable == "iceberg://nessie:19120:governance_demo.customer_revenue_summary");
        Assert.Equal(("failed-assertion", "profit_non_negative", "open"), (summary.IssueType, summary.CheckName, summary.Status));
        Assert.Equal("iceberg://nessie:19120:governance_demo.products_source", summary.RootCauseTable);
        Assert.Equal("assertion price_not_below_cost on cost failed", summary.RootCause);
        Assert.Equal(2025, summary.DetectedAt.Year);

        var rows = Storage.Parquet.DuckDb.Query($"SELECT affected_table, issue_type, root_cause_table, root_cause, detected_at FROM read_parquet({Storage.Parquet.DuckDb.Literal(Path.Combine(lakeDir, "data_quality_issues", "data_quality_issues.parquet"))}) WHERE check_name = 'profit_non_negative'");
        Assert.Equal("iceberg://nessie:19120:governance_demo.products_source", Storage.Parquet.DuckDb.Text(rows.Single(), "root_cause_table"));
        Assert.Equal("failed-assertion", Storage.Parquet.DuckDb.Text(rows.Single(), "issue_type"));
    }

    private static async Task<JsonNode> OpenSummaryIncidentAsync(string store)
    {
        var (code, output, error) = await CliRunner.RunAsync("incidents", "--open", "--format", "json", "--store", store);
        Assert.True(code == 0, error);
        return JsonNode.Parse(output)!.AsArray().Single(i => i!["node"]!.GetValue<string>() == Summary && i["check"]!.GetValue<string>() == "profit_non_negative")!;
    }

    private void CopyDemo()
    {
        foreach (var file in Directory.EnumerateFiles(demo.Directory, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(_copy, Path.GetRelativePath(demo.Directory, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static async Task<long> CountAsync(string store)
    {
        await using var opened = EmbeddedLineageStore.Open(store, new FileLineageStoreOptions { ReadOnly = true });
        return opened.Count;
    }
}

using System.Text.Json;

namespace Tributary.Tests.Cli;

/// <summary><c>impact --sql FILE --job NS:NAME</c> on the demo store: the staging job's SQL changed before it ships.</summary>
public sealed class SqlChangeCommandTests(DemoStoreFixture demo) : IClassFixture<DemoStoreFixture>
{
    internal const string StagingWithoutEmail = """
        CREATE TABLE governance_demo.customer_orders_staging AS
        SELECT o.order_id, o.customer_id, c.first_name, c.last_name, c.state, o.product_id, o.quantity, o.order_date
        FROM governance_demo.orders_source o
        INNER JOIN governance_demo.customers_source c ON o.customer_id = c.customer_id
        """;

    private const string StagingWithSignupDate = """
        CREATE TABLE governance_demo.customer_orders_staging AS
        SELECT o.order_id, o.customer_id, c.first_name, c.last_name, c.email, c.state, o.product_id, o.quantity, o.order_date, c.signup_date
        FROM governance_demo.orders_source o
        INNER JOIN governance_demo.customers_source c ON o.customer_id = c.customer_id
        """;

    private async Task<(int ExitCode, string Output, string Error)> Run(string sql, params string[] args)
    {
        var file = Path.Combine(demo.Directory, $"proposed-{Guid.NewGuid():N}.sql");
        await File.WriteAllTextAsync(file, sql);
        return await CliRunner.RunAsync(["impact", "--sql", file, "--job", "openlakes:customer_orders_etl", .. args, "--store", demo.Directory]);
    }

    [Fact]
    public async Task Removing_email_from_the_staging_sql_reports_the_summarys_customer_key_and_its_owner_with_exit_code_3()
    {
        var (code, output, error) = await Run(StagingWithoutEmail, "--format", "json");

        Assert.True(code == 3, $"exit {code}: {error}");
        var staging = JsonDocument.Parse(output).RootElement.GetProperty("outputs").EnumerateArray().Single();
        var email = staging.GetProperty("columns").EnumerateArray().Single();
        Assert.Equal(("email", "removed"), (email.GetProperty("column").GetString(), email.GetProperty("change").GetString()));
        var affected = staging.GetProperty("downstream").EnumerateArray().Select(f => f.GetProperty("field").GetString()).ToList();
        Assert.Equal(["iceberg://nessie:19120:governance_demo.customer_revenue_summary:customer_key"], affected);
        Assert.Equal(["team:analytics"], staging.GetProperty("owners").EnumerateArray().Select(o => o.GetProperty("name").GetString()).ToList());
    }

    [Fact]
    public async Task A_change_that_only_adds_a_column_reports_nothing_downstream_with_exit_code_0()
    {
        var (code, output, error) = await Run(StagingWithSignupDate, "--format", "json");

        Assert.True(code == 0, $"exit {code}: {error}");
        var staging = JsonDocument.Parse(output).RootElement.GetProperty("outputs").EnumerateArray().Single();
        var added = staging.GetProperty("columns").EnumerateArray().Single();
        Assert.Equal(("signup_date", "added"), (added.GetProperty("column").GetString(), added.GetProperty("change").GetString()));
        Assert.Equal(0, staging.GetProperty("downstream").GetArrayLength());
    }

    [Fact]
    public async Task The_markdown_format_is_a_pull_request_comment_naming_what_breaks_and_whom_to_tell()
    {
        var (code, output, _) = await Run(StagingWithoutEmail, "--format", "md");

        Assert.Equal(3, code);
        Assert.StartsWith("### Lineage impact of the SQL change to `openlakes:customer\\_orders\\_etl`", output, StringComparison.Ordinal);
        Assert.Contains("**1 downstream field(s) depend on removed, renamed or recomputed columns.** Notify: team:analytics.", output, StringComparison.Ordinal);
        Assert.Contains("customer\\_revenue\\_summary:customer\\_key | email | 1 |", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_job_or_file_is_refused_with_what_to_give()
    {
        var (code, _, error) = await CliRunner.RunAsync("impact", "--sql", Path.Combine(demo.Directory, "missing.sql"), "--job", "openlakes:customer_orders_etl", "--store", demo.Directory);
        Assert.Equal(1, code);
        Assert.Contains("missing.sql' does not exist", error, StringComparison.Ordinal);

        (code, _, error) = await Run(StagingWithoutEmail);
        Assert.Equal(3, code);
        (code, _, error) = await CliRunner.RunAsync("impact", "--sql", "x.sql", "--store", demo.Directory);
        Assert.Equal(1, code);
        Assert.Contains("--sql needs --job NS:NAME", error, StringComparison.Ordinal);
    }
}

using System.Text.Json;
using Tributary.Tests.Support;

namespace Tributary.Tests.Cli;

public sealed class SqlCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tributary-sql-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string CasesPath => Path.GetFullPath(Path.Combine(TestData.Root, "..", "sql-cases", "cases.json"));

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public async Task Table_format_prints_tables_column_sources_with_kinds_indirect_sources_and_diagnostics()
    {
        var file = Write("q.sql", """
            INSERT INTO mart.revenue (customer_id, total)
            SELECT o.customer_id, SUM(o.amount) FROM raw.orders o JOIN raw.customers c ON o.customer_id = c.id
            WHERE c.active GROUP BY o.customer_id;
            SELEC oops;
            """);

        var (code, output, _) = await CliRunner.RunAsync("sql", file, "--dialect", "postgres");

        Assert.Equal(1, code); // the lineage of the statement that analysed is printed; the one that did not is an error
        Assert.Contains("inputs:  raw.customers, raw.orders", output, StringComparison.Ordinal);
        Assert.Contains("outputs: mart.revenue", output, StringComparison.Ordinal);
        Assert.Matches(@"mart\.revenue\.total\s+│ raw\.orders\.amount\s+│ AGGREGATION", output);
        Assert.Matches(@"mart\.revenue\.customer_id\s+│ raw\.orders\.customer_id\s+│ IDENTITY", output);
        Assert.Matches(@"raw\.customers\.active\s+│ FILTER", output);
        Assert.Matches(@"raw\.customers\.id\s+│ JOIN", output);
        Assert.Contains("4:1: error:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Warnings_alone_exit_0_and_the_summary_says_what_rests_on_a_guess()
    {
        var file = Write("q.sql", "INSERT INTO mart.t (a)\nSELECT amount FROM raw.o JOIN raw.c ON o.id = c.id;\nCALL mart.refresh();");

        var (code, output, error) = await CliRunner.RunAsync("sql", file);

        Assert.Equal(0, code);
        Assert.Matches(@"mart\.t\.a\s+│ raw\.o\.amount\s+│ IDENTITY \(guess\)", output);
        Assert.Contains("2:8: warning: column 'amount' is ambiguous", output, StringComparison.Ordinal);
        Assert.Contains("tributary sql: 2 statements analysed; 2 warnings (parts skipped or guessed); 1 column edge rests on a guess", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_statement_failing_exits_1_with_a_summary()
    {
        var file = Write("q.sql", "SELEC a FROM t;\nINSERT INTO FROM;");

        var (code, _, error) = await CliRunner.RunAsync("sql", file, "--format", "json");

        Assert.Equal(1, code);
        Assert.Contains("0 statements analysed; 2 statements could not be analysed", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Catalog_expands_star_and_places_unqualified_columns()
    {
        var catalog = Write("catalog.json", """{ "shop.orders": ["id", "amount"], "shop.customers": ["cid", "name"] }""");
        var file = Write("q.sql", "CREATE TABLE shop.wide AS SELECT * FROM shop.orders JOIN shop.customers ON id = cid");

        var (code, output, _) = await CliRunner.RunAsync("sql", file, "--catalog", catalog, "--format", "json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var targets = json.RootElement.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("column").GetString()).ToList();
        Assert.Equal(["id", "amount", "cid", "name"], targets);
        var name = json.RootElement.GetProperty("columns").EnumerateArray().Single(c => c.GetProperty("column").GetString() == "name");
        Assert.Equal("shop.customers", name.GetProperty("sources")[0].GetProperty("table").GetString());
    }

    [Fact]
    public async Task Default_schema_qualifies_bare_table_names()
    {
        var file = Write("q.sql", "INSERT INTO t2 SELECT a FROM t1");

        var (_, output, _) = await CliRunner.RunAsync("sql", file, "--default-schema", "sales", "--format", "json");

        using var json = JsonDocument.Parse(output);
        Assert.Equal("sales.t1", json.RootElement.GetProperty("inputs")[0].GetString());
        Assert.Equal("sales.t2", json.RootElement.GetProperty("outputs")[0].GetString());
    }

    [Fact]
    public async Task Script_semantics_reports_tables_made_and_read_inside_the_script_as_intermediates()
    {
        var file = Write("q.sql", "CREATE TABLE tmp AS SELECT a FROM src; INSERT INTO dst SELECT a FROM tmp;");

        var (_, output, _) = await CliRunner.RunAsync("sql", file, "--semantics", "script", "--format", "json");

        using var json = JsonDocument.Parse(output);
        Assert.Equal(["src"], json.RootElement.GetProperty("inputs").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["tmp"], json.RootElement.GetProperty("intermediates").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task End_to_end_columns_follow_a_view_made_earlier_while_union_tables_stay_per_statement()
    {
        var file = Write("q.sql", "CREATE VIEW v AS SELECT a FROM src; INSERT INTO dst SELECT a FROM v;");

        var (code, output, _) = await CliRunner.RunAsync("sql", file, "--end-to-end-columns", "--format", "json");
        var (_, plain, _) = await CliRunner.RunAsync("sql", file, "--format", "json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(["src", "v"], json.RootElement.GetProperty("inputs").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["dst", "v"], json.RootElement.GetProperty("outputs").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["src.a"], SourcesOf(json, "dst.a"));
        using var plainJson = JsonDocument.Parse(plain);
        Assert.Equal(["v.a"], SourcesOf(plainJson, "dst.a"));
    }

    [Fact]
    public async Task Facet_format_prints_an_openlineage_column_lineage_facet_per_output()
    {
        var file = Write("q.sql", "INSERT INTO mart.t (k) SELECT sha256(email) FROM raw.users WHERE active");

        var (code, output, _) = await CliRunner.RunAsync("sql", file, "--format", "facet", "--namespace", "postgres://db:5432");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var facet = json.RootElement.GetProperty("mart.t").GetProperty("columnLineage");
        Assert.StartsWith("https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json", facet.GetProperty("_schemaURL").GetString(), StringComparison.Ordinal);
        var input = facet.GetProperty("fields").GetProperty("k").GetProperty("inputFields")[0];
        Assert.Equal("postgres://db:5432", input.GetProperty("namespace").GetString());
        Assert.Equal("raw.users", input.GetProperty("name").GetString());
        Assert.Equal("email", input.GetProperty("field").GetString());
        Assert.True(input.GetProperty("transformations")[0].GetProperty("masking").GetBoolean());
        Assert.Equal("FILTER", facet.GetProperty("dataset")[0].GetProperty("transformations")[0].GetProperty("subtype").GetString());
    }

    [Fact]
    public async Task Bad_dialect_is_a_one_line_error()
    {
        var file = Write("q.sql", "SELECT 1");

        var (code, output, error) = await CliRunner.RunAsync("sql", file, "--dialect", "cobol");

        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Single(error.Trim().Split('\n'));
        Assert.StartsWith("tributary sql: unknown dialect 'cobol'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreadable_catalog_is_a_one_line_error()
    {
        var file = Write("q.sql", "SELECT 1");
        var missing = Path.Combine(_dir, "missing.json");
        var malformed = Write("bad.json", "[\"not\", \"an\", \"object\"]");

        var (code, _, error) = await CliRunner.RunAsync("sql", file, "--catalog", missing);
        var (badCode, _, badError) = await CliRunner.RunAsync("sql", file, "--catalog", malformed);

        Assert.Equal(1, code);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains("cannot read the catalog", error, StringComparison.Ordinal);
        Assert.Equal(1, badCode);
        Assert.Single(badError.Trim().Split('\n'));
        Assert.Contains("is not a JSON object of table to column list", badError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_sql_file_is_a_one_line_error()
    {
        var (code, _, error) = await CliRunner.RunAsync("sql", Path.Combine(_dir, "none.sql"));

        Assert.Equal(1, code);
        Assert.StartsWith("tributary sql: cannot read", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Score_with_a_missing_tpc_folder_is_a_one_line_error()
    {
        var (code, _, error) = await CliRunner.RunAsync("sql", "score", CasesPath, "--tpc", Path.Combine(_dir, "no-tpc"));

        Assert.Equal(1, code);
        Assert.Contains("is not a folder", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Score_on_the_shared_cases_reports_metrics_per_dialect_and_tag_and_the_headline_last()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "tpc"));

        var (code, output, _) = await CliRunner.RunAsync("sql", "score", CasesPath, "--tpc", Path.Combine(_dir, "tpc"));

        Assert.Equal(0, code);
        Assert.Contains("tables   edges", output, StringComparison.Ordinal);
        Assert.Contains("columns  kind accuracy", output, StringComparison.Ordinal);
        Assert.Contains("exact per dialect:", output, StringComparison.Ordinal);
        Assert.Contains("exact per tag:", output, StringComparison.Ordinal);
        var lines = output.TrimEnd().Split('\n');
        Assert.Matches(@"^column-edge F1 (0|1)\.\d{3}, table-edge F1 (0|1)\.\d{3}, exact (0|1)\.\d{3}$", lines[^1].TrimEnd());
        var f1 = double.Parse(lines[^1].Split(' ')[2].TrimEnd(','), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(f1 >= 0.97, lines[^1]);
    }

    [Fact]
    public async Task Score_on_a_missing_case_file_is_a_one_line_error()
    {
        var (code, _, error) = await CliRunner.RunAsync("sql", "score", Path.Combine(_dir, "none.json"));

        Assert.Equal(1, code);
        Assert.StartsWith("tributary sql score: '", error, StringComparison.Ordinal);
    }

    private static string[] SourcesOf(JsonDocument json, string target) =>
        [.. json.RootElement.GetProperty("columns").EnumerateArray()
            .Where(c => c.GetProperty("table").GetString() + "." + c.GetProperty("column").GetString() == target)
            .SelectMany(c => c.GetProperty("sources").EnumerateArray())
            .Select(s => s.GetProperty("table").GetString() + "." + s.GetProperty("column").GetString())];
}

using System.Text.RegularExpressions;
using Tributary.Sql;
using Tributary.Tests.Support;

namespace Tributary.Tests.Sql;

/// <summary>
/// Every TPC-H and TPC-DS query parses and reads exactly the tables it names; against sqlglot's qualified
/// rewrite of each query, every column resolves to the same table.
/// </summary>
public sealed partial class TpcTests
{
    private static readonly Lazy<SqlCatalog> TpchCatalog = new(() => Ddl("tpch"));
    private static readonly Lazy<SqlCatalog> TpcdsCatalog = new(() => Ddl("tpcds"));

    public static TheoryData<string, string> Queries()
    {
        var data = new TheoryData<string, string>();
        foreach (var suite in new[] { "tpch", "tpcds" })
        {
            foreach (var file in Directory.GetFiles(TestData.PathOf("sql", suite, "queries"), "*.sql").Order(StringComparer.Ordinal))
            {
                data.Add(suite, Path.GetFileName(file));
            }
        }

        return data;
    }

    public static TheoryData<string, string> FixturePairs()
    {
        var data = new TheoryData<string, string>();
        foreach (var (suite, _, _) in Fixtures("tpc-h.sql", "tpch").Concat(Fixtures("tpc-ds.sql", "tpcds")))
        {
            data.Add(suite.Split(':')[0], suite.Split(':')[1]);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Queries))]
    public void Query_parses_with_column_lineage_and_no_diagnostics(string suite, string file)
    {
        var sql = File.ReadAllText(TestData.PathOf("sql", suite, "queries", file));

        var result = SqlLineage.Analyze(sql, new SqlAnalysisOptions { Catalog = suite == "tpch" ? TpchCatalog.Value : TpcdsCatalog.Value });

        Assert.Empty(result.Diagnostics);
        Assert.NotEmpty(result.Inputs);
        Assert.Empty(result.Outputs);
        Assert.NotEmpty(result.Columns.SelectMany(c => c.Sources).Select(s => s.Column).Concat(result.Indirect.Select(i => i.Column)));
    }

    [Theory]
    [MemberData(nameof(FixturePairs))]
    public void Query_reads_exactly_the_tables_of_the_qualified_rewrite(string suite, string query)
    {
        var (_, original, qualified) = Fixtures(suite == "tpch" ? "tpc-h.sql" : "tpc-ds.sql", suite).Single(f => f.Name == suite + ":" + query);

        var result = SqlLineage.Analyze(original, new SqlAnalysisOptions { Catalog = suite == "tpch" ? TpchCatalog.Value : TpcdsCatalog.Value });

        Assert.Equal(TablesOfQualifiedRewrite(qualified), Lower(result.Inputs));
    }

    [Theory]
    [MemberData(nameof(FixturePairs))]
    public void Columns_resolve_to_the_same_tables_as_in_the_qualified_rewrite(string suite, string query)
    {
        var (_, original, qualified) = Fixtures(suite == "tpch" ? "tpc-h.sql" : "tpc-ds.sql", suite).Single(f => f.Name == suite + ":" + query);
        var options = new SqlAnalysisOptions { Catalog = suite == "tpch" ? TpchCatalog.Value : TpcdsCatalog.Value };

        var fromOriginal = SqlLineage.Analyze(original, options);
        var fromQualified = SqlLineage.Analyze(qualified, options);

        // TPC-DS 30 names c_last_review_date, which the TPC-DS schema does not have (it has c_last_review_date_sk): the
        // one column the analysis must report rather than drop silently. Every other query resolves without a word.
        var unknown = query == "TPC-DS 30" ? "c_last_review_date" : null;
        Assert.All(fromOriginal.Diagnostics.Concat(fromQualified.Diagnostics), d => Assert.Contains($"column '{unknown}'", d.Message, StringComparison.Ordinal));
        Assert.Equal(unknown is null ? 0 : 1, fromOriginal.Diagnostics.Count);
        Assert.Equal(Lower(fromQualified.Inputs), Lower(fromOriginal.Inputs));
        Assert.Equal(AllSourceColumns(fromQualified, unknown), AllSourceColumns(fromOriginal, unknown));
    }

    [Fact]
    public void Catalog_is_read_from_the_tpc_ddl()
    {
        Assert.Equal(8, TpchCatalog.Value.Count);
        Assert.Equal(24, TpcdsCatalog.Value.Count);
        Assert.True(TpchCatalog.Value.TryGetColumns("lineitem", out var columns));
        Assert.Equal(16, columns.Count);
    }

    private static SqlCatalog Ddl(string suite)
    {
        var files = Directory.GetFiles(TestData.PathOf("sql", suite, "schema")).Where(f => f.EndsWith(".sql", StringComparison.Ordinal) || f.EndsWith(".ddl", StringComparison.Ordinal));
        return SqlCatalog.FromDdl(string.Join(";\n", files.Order(StringComparer.Ordinal).Select(File.ReadAllText)));
    }

    /// <summary>
    /// The tables of sqlglot's qualified rewrite, read textually: every relation there is written <c>"name" AS "alias"</c>
    /// (columns are always <c>"t"."c"</c>), and CTEs are <c>"name" AS (</c>.
    /// </summary>
    private static HashSet<string> TablesOfQualifiedRewrite(string qualified)
    {
        var ctes = QualifiedCte().Matches(qualified).Select(m => m.Groups[1].Value).ToHashSet();
        return QualifiedRelation().Matches(qualified).Select(m => m.Groups[1].Value).Where(t => !ctes.Contains(t)).ToHashSet();
    }

    private static HashSet<string> Lower(IEnumerable<string> names) => names.Select(n => n.ToLowerInvariant()).ToHashSet();

    private static HashSet<string> AllSourceColumns(SqlLineageResult result, string? except) =>
        result.Columns.SelectMany(c => c.Sources.Select(s => s.Column).Concat(c.IndirectSources.Select(s => s.Column)))
            .Concat(result.Indirect.Select(i => i.Column))
            .Where(c => c.Column != except)
            .Select(c => c.ToString().ToLowerInvariant())
            .ToHashSet();

    private static IEnumerable<(string Name, string Original, string Qualified)> Fixtures(string file, string suite)
    {
        var text = File.ReadAllText(TestData.PathOf("sql", "sqlglot-optimizer-fixtures", file));
        var blocks = FixtureHeader().Split(text);
        for (var i = 1; i + 1 < blocks.Length; i += 2)
        {
            var body = string.Join('\n', blocks[i + 1].Split('\n').Where(l => !l.StartsWith('#')));
            var statements = StatementEnd().Split(body).Where(s => s.Trim().Length > 0).ToList();
            yield return (suite + ":" + blocks[i], statements[0], statements[1]);
        }
    }

    [GeneratedRegex(@"^-{10,}\r?\n-- (TPC-\w+ \d+)\r?\n-{10,}\r?\n", RegexOptions.Multiline)]
    private static partial Regex FixtureHeader();

    [GeneratedRegex(@";\s*(\n|$)")]
    private static partial Regex StatementEnd();

    [GeneratedRegex(@"""(\w+)"" AS \(")]
    private static partial Regex QualifiedCte();

    [GeneratedRegex(@"(?<![.\w""])""(\w+)"" AS ""\w+""")]
    private static partial Regex QualifiedRelation();
}

using System.Text;
using Tributary.Server.Load;
using Tributary.Sql;
using static Tributary.Tests.Sql.SqlText;

namespace Tributary.Tests.Sql;

/// <summary>Wide statements (issue 10): linear work per column, the same answers as narrow ones, and budgets that stop the analysis cleanly.</summary>
public sealed class WideSqlTests
{
    private static string Select(int columns, Func<int, string> item, string from = " FROM raw.t")
    {
        var sql = new StringBuilder("SELECT ");
        for (var i = 0; i < columns; i++)
        {
            sql.Append(i == 0 ? "" : ", ").Append(item(i));
        }

        return sql.Append(from).ToString();
    }

    [Fact(Timeout = 60_000)]
    public async Task A_statement_writing_100000_columns_gives_each_its_own_lineage_and_facet_field()
    {
        var result = await Task.Run(() => SqlLineage.Analyze(WideSqlEvent.Sql(100_000), new SqlAnalysisOptions { Semantics = SqlSemantics.Script }));

        Assert.Equal(100_000, result.Columns.Count);
        Assert.Equal("analytics.wide_out.col_0099999 <- raw.wide_src.col_0099999 (identity)", Columns(result)[^1]);
        var facet = result.ToColumnLineageFacets("ns")["analytics.wide_out"];
        Assert.Equal(100_000, facet.Fields.Count);
        Assert.Equal(WideSqlEvent.Column(12_345), facet.Fields[12_345].Name);
    }

    [Fact]
    public void A_lateral_alias_past_the_first_sixteen_resolves_to_its_own_expression()
    {
        var sql = Select(40, i => $"c{i} + 1 AS a{i}") + "";
        sql = sql.Replace(" FROM raw.t", ", a37 * 2 AS doubled FROM raw.t", StringComparison.Ordinal);

        var result = Analyze(sql, SqlDialect.Snowflake);

        Assert.Equal("doubled <- raw.t.c37 (transformation)", Columns(result)[^1]);
    }

    [Fact]
    public void An_expression_over_many_columns_lists_each_source_once_however_often_it_is_named()
    {
        var sql = "SELECT CONCAT(" + string.Join(", ", Enumerable.Range(0, 200).Select(i => $"c{i % 100}")) + ") AS joined FROM raw.t";

        var column = Assert.Single(Analyze(sql).Columns);

        Assert.Equal(100, column.Sources.Count);
        Assert.Equal(100, column.Sources.Select(s => s.Column.Column).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void A_script_writing_the_same_column_twice_merges_its_lineage_into_one_target()
    {
        var sql = "CREATE TABLE s.out AS " + Select(30, i => $"a{i} AS x{i}", " FROM raw.a") + "; INSERT INTO s.out " + Select(30, i => $"b{i} AS x{i}", " FROM raw.b");

        var result = Analyze(sql, semantics: SqlSemantics.Script);

        Assert.Equal(30, result.Columns.Count);
        Assert.Equal("s.out.x29 <- raw.a.a29, raw.b.b29 (identity)", Columns(result)[^1]);
    }

    [Fact]
    public void A_zero_time_budget_stops_the_analysis_with_an_error_and_no_lineage()
    {
        var result = SqlLineage.Analyze(WideSqlEvent.Sql(10), new SqlAnalysisOptions { TimeBudget = TimeSpan.Zero });

        Assert.True(result.StoppedByBudget);
        Assert.Empty(result.Columns);
        Assert.Empty(result.Outputs);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.True(diagnostic.IsError);
        Assert.Equal("the analysis took longer than its budget of 0 ms", diagnostic.Message);
    }

    [Fact]
    public void Sql_longer_than_the_length_limit_is_not_analysed_and_the_diagnostic_gives_both_lengths()
    {
        var result = SqlLineage.Analyze("SELECT a FROM t", new SqlAnalysisOptions { MaxLength = 10 });

        Assert.True(result.StoppedByBudget);
        Assert.Equal("the SQL is 15 characters; at most 10 are analysed", Assert.Single(result.Diagnostics).Message);
    }

    [Fact]
    public void A_generous_budget_changes_nothing()
    {
        var sql = "INSERT INTO s.out SELECT id, SUM(v) AS total FROM raw.t GROUP BY id";

        var bounded = SqlLineage.Analyze(sql, new SqlAnalysisOptions { TimeBudget = TimeSpan.FromMinutes(1), MaxLength = 1_000 });

        Assert.False(bounded.StoppedByBudget);
        Assert.Equal(Columns(Analyze(sql)), Columns(bounded));
    }
}

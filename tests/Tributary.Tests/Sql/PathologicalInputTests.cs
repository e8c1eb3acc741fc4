using System.Text;
using Tributary.Sql;

namespace Tributary.Tests.Sql;

/// <summary>Huge and hostile inputs complete and give diagnostics, never crashes.</summary>
public sealed class PathologicalInputTests
{
    [Fact]
    public void Two_hundred_way_join_reads_every_table()
    {
        var sql = new StringBuilder("INSERT INTO s.out (a) SELECT t200.a FROM s.t0");
        for (var i = 1; i <= 200; i++)
        {
            sql.Append(CultureInvariant($"\nJOIN s.t{i} ON t{i}.id = t{i - 1}.id"));
        }

        var result = SqlText.Analyze(sql.ToString());

        Assert.Empty(result.Diagnostics);
        Assert.Equal(201, result.Inputs.Count);
        Assert.Equal(["s.out.a <- s.t200.a (identity)"], SqlText.Columns(result));
        Assert.Equal(201, result.Indirect.Count(i => i.Kind == SqlIndirectKind.Join));
    }

    [Fact]
    public void Two_thousand_way_join_is_not_mistaken_for_deep_nesting()
    {
        var sql = new StringBuilder("SELECT t0.a FROM s.t0");
        for (var i = 1; i <= 2000; i++)
        {
            sql.Append(CultureInvariant($" LEFT JOIN s.t{i} ON t{i}.id = t0.id"));
        }

        var result = SqlText.Analyze(sql.ToString());

        Assert.Empty(result.Diagnostics);
        Assert.Equal(2001, result.Inputs.Count);
    }

    [Fact]
    public void Ten_thousand_row_values_list_is_one_statement_without_sources()
    {
        var sql = new StringBuilder("INSERT INTO ref.codes (code, name) VALUES ");
        for (var i = 0; i < 10_000; i++)
        {
            sql.Append(i == 0 ? "" : ",\n").Append(CultureInvariant($"({i}, 'name {i}')"));
        }

        var result = SqlText.Analyze(sql.ToString());

        Assert.Empty(result.Diagnostics);
        Assert.Equal(["ref.codes"], result.Outputs);
        Assert.Empty(result.Inputs);
        Assert.Single(result.Statements);
    }

    [Fact]
    public void Ten_thousand_line_script_is_analysed_statement_by_statement()
    {
        var sql = new StringBuilder();
        for (var i = 0; i < 10_000; i++)
        {
            sql.Append(CultureInvariant($"INSERT INTO mart.t{i % 50} (a) SELECT b FROM raw.u{i % 70} WHERE c > {i};\n"));
        }

        var result = SqlText.Analyze(sql.ToString());

        Assert.Empty(result.Diagnostics);
        Assert.Equal(10_000, result.Statements.Count);
        Assert.Equal(70, result.Inputs.Count);
        Assert.Equal(50, result.Outputs.Count);
    }

    [Theory]
    [InlineData("parentheses")]
    [InlineData("subqueries")]
    [InlineData("functions")]
    [InlineData("not")]
    [InlineData("minus")]
    public void Nesting_beyond_the_limit_is_a_diagnostic_and_later_statements_still_count(string kind)
    {
        var deep = kind switch
        {
            "parentheses" => "SELECT " + new string('(', 5000) + "a" + new string(')', 5000) + " FROM t",
            "subqueries" => Nest(3000),
            "functions" => "SELECT " + string.Concat(Enumerable.Repeat("f(", 5000)) + "a" + new string(')', 5000) + " FROM t",
            "not" => "SELECT a FROM t WHERE " + string.Concat(Enumerable.Repeat("NOT ", 5000)) + "a",
            _ => "SELECT " + string.Concat(Enumerable.Repeat("- ", 5000)) + "a FROM t",
        };

        var result = SqlText.Analyze(deep + ";\nINSERT INTO mart.after (x) SELECT y FROM raw.later");

        var error = Assert.Single(result.Diagnostics);
        Assert.True(error.IsError);
        Assert.Contains("nest", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, error.Line);
        Assert.Equal(["mart.after"], result.Outputs);
        Assert.Equal(["mart.after.x <- raw.later.y (identity)"], SqlText.Columns(result));
    }

    [Fact]
    public void A_thousand_nested_subqueries_are_analysed()
    {
        var result = SqlText.Analyze("INSERT INTO mart.deep (a) " + Nest(1000));

        Assert.Empty(result.Diagnostics);
        Assert.Equal(["raw.t"], result.Inputs);
        Assert.Equal(["mart.deep.a <- raw.t.a (identity)"], SqlText.Columns(result));
    }

    [Theory]
    [InlineData(400)]
    [InlineData(20_000)]
    public void A_flat_chain_of_ctes_of_any_length_is_analysed(int length)
    {
        var sql = new System.Text.StringBuilder("WITH c0 AS (SELECT a, b FROM raw.t WHERE b > 0)");
        for (var i = 1; i < length; i++)
        {
            sql.Append(", c").Append(i).Append(" AS (SELECT a, b FROM c").Append(i - 1).Append(')');
        }

        sql.Append(" INSERT INTO mart.x (a) SELECT a FROM c").Append(length - 1);

        var result = SqlText.Analyze(sql.ToString());

        Assert.Empty(result.Diagnostics);
        Assert.Equal(["raw.t"], result.Inputs);
        Assert.Equal(["mart.x.a <- raw.t.a (identity)"], SqlText.Columns(result));
        Assert.Equal(["raw.t.b filter"], SqlText.Indirect(result));
    }

    [Fact]
    public void A_cte_nobody_uses_reads_nothing_even_when_a_later_one_is_evaluated_first()
    {
        var result = SqlText.Analyze("WITH unused AS (SELECT a FROM raw.never), used AS (SELECT a FROM raw.t) SELECT a FROM used");

        Assert.Equal(["raw.t"], result.Inputs);
    }

    [Fact]
    public void Nesting_within_the_limit_is_analysed()
    {
        var result = SqlText.Analyze(Nest(50));

        Assert.Empty(result.Diagnostics);
        Assert.Equal(["raw.t"], result.Inputs);
        Assert.Equal(["a <- raw.t.a (identity)"], SqlText.Columns(result));
    }

    [Fact]
    public void Very_long_operator_chains_stay_flat()
    {
        var sum = string.Join(" + ", Enumerable.Range(0, 20_000).Select(i => "c" + (i % 10).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var filter = string.Join(" AND ", Enumerable.Range(0, 20_000).Select(i => CultureInvariant($"c{i % 10} <> {i}")));

        var result = SqlText.Analyze($"SELECT {sum} AS total FROM raw.t WHERE {filter}");

        Assert.Empty(result.Diagnostics);
        Assert.Equal(10, result.Columns[0].Sources.Count);
        Assert.Equal(10, result.Indirect.Count);
    }

    [Fact]
    public void Two_thousand_branch_union_aligns_every_branch()
    {
        var sql = string.Join(" UNION ALL ", Enumerable.Range(0, 2000).Select(i => CultureInvariant($"SELECT a FROM raw.t{i}")));

        var result = SqlText.Analyze(sql);

        Assert.Empty(result.Diagnostics);
        Assert.Equal(2000, result.Columns[0].Sources.Count);
    }

    [Theory]
    [InlineData("SELECT 'unterminated")]
    [InlineData("SELECT a FROM t WHERE /* never closed")]
    [InlineData(")))(((")]
    [InlineData("SELECT FROM WHERE")]
    [InlineData("INSERT INTO")]
    [InlineData("SELECT a FROM t WHERE x IN (")]
    [InlineData("WITH x AS (SELECT 1")]
    [InlineData("CASE WHEN")]
    [InlineData("\0\u0001\u0002")]
    [InlineData("SELECT \"unterminated FROM t")]
    [InlineData("MERGE INTO t USING")]
    public void Garbage_gives_a_diagnostic_not_an_exception(string sql)
    {
        var result = SqlText.Analyze(sql + ";\nINSERT INTO mart.ok (a) SELECT a FROM raw.ok");

        Assert.NotEmpty(result.Diagnostics);
        Assert.All(result.Diagnostics, d => Assert.True(d.Line >= 1 && d.Column >= 1));
        Assert.True(result.HasErrors);
    }

    [Fact]
    public void Diagnostic_points_at_the_offending_token_with_a_snippet()
    {
        var result = SqlText.Analyze("INSERT INTO a.b (x) SELECT y FROM c.d;\n\nSELECT a,, b FROM t;\nINSERT INTO e.f (x) SELECT y FROM g.h");

        var error = Assert.Single(result.Diagnostics);
        Assert.Equal(3, error.Line);
        Assert.Equal(10, error.Column);
        Assert.Contains("SELECT a,, b FROM t", error.Snippet, StringComparison.Ordinal);
        Assert.Equal(["a.b", "e.f"], result.Outputs);
    }

    private static string Nest(int depth)
    {
        var sql = "SELECT a FROM raw.t";
        for (var i = 0; i < depth; i++)
        {
            sql = CultureInvariant($"SELECT a FROM ({sql}) x{i}");
        }

        return sql;
    }

    private static string CultureInvariant(FormattableString s) => FormattableString.Invariant(s);
}

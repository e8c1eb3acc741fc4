using Tributary.Sql;
using Tributary.Tools.Sql;
using static Tributary.Tests.Sql.SqlText;

namespace Tributary.Tests.Sql;

/// <summary>No silence: every statement yields lineage or a diagnostic with line:column, and guesses are marked.</summary>
public sealed class SqlDiagnosticTests
{
    [Fact]
    public void An_unqualified_column_of_a_join_without_a_catalog_is_a_marked_guess_with_its_candidates()
    {
        var result = Analyze("INSERT INTO mart.t (a)\nSELECT amount FROM raw.orders o JOIN raw.customers c ON o.cid = c.id");

        var source = Assert.Single(Assert.Single(result.Columns).Sources);
        Assert.Equal("raw.orders.amount", source.Column.ToString());
        Assert.True(source.Guessed);
        var warning = Assert.Single(result.Diagnostics);
        Assert.False(warning.IsError);
        Assert.Equal((2, 8), (warning.Line, warning.Column));
        Assert.Contains("'amount' is ambiguous", warning.Message, StringComparison.Ordinal);
        Assert.Contains("raw.orders, raw.customers", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_qualified_column_of_a_join_is_no_guess()
    {
        var result = Analyze("INSERT INTO mart.t (a) SELECT o.amount FROM raw.orders o JOIN raw.customers c ON o.cid = c.id");

        Assert.False(Assert.Single(Assert.Single(result.Columns).Sources).Guessed);
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void A_column_an_incomplete_catalog_does_not_list_is_credited_as_a_guess_and_reported()
    {
        var catalog = Catalog(("analytics.orders", "order_id, customer_id"));

        var result = Analyze("CREATE TABLE analytics.revenue AS\nSELECT order_id, amount FROM analytics.orders", catalog: catalog);

        var amount = result.Columns.Single(c => c.Target.Column == "amount");
        Assert.Equal("analytics.orders.amount", Assert.Single(amount.Sources).Column.ToString());
        Assert.True(amount.Sources[0].Guessed);
        var warning = Assert.Single(result.Diagnostics);
        Assert.Equal((2, 18), (warning.Line, warning.Column));
        Assert.Contains("not among the catalog's columns of analytics.orders", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_column_no_known_table_has_in_a_join_is_reported_with_the_tables_it_is_not_in()
    {
        var catalog = Catalog(("s.a", "id, x"), ("s.b", "id, y"));

        var result = Analyze("INSERT INTO s.t (v) SELECT z FROM s.a JOIN s.b ON a.id = b.id", catalog: catalog);

        Assert.Empty(result.Columns);
        var warning = Assert.Single(result.Diagnostics);
        Assert.Contains("'z' is in none of s.a, s.b", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unsupported_statement_is_an_error_with_line_and_column_while_the_rest_is_analysed()
    {
        var result = Analyze("INSERT INTO t SELECT a FROM s;\n  FROBNICATE everything;");

        var error = Assert.Single(result.Diagnostics);
        Assert.True(error.IsError);
        Assert.Equal((2, 3), (error.Line, error.Column));
        Assert.Contains("unsupported statement", error.Message, StringComparison.Ordinal);
        Assert.Equal(["s"], result.Inputs);
    }

    [Fact]
    public void Dynamic_sql_built_at_run_time_is_a_warning_and_a_literal_one_is_analysed()
    {
        var result = Analyze("EXECUTE IMMEDIATE 'INSERT INTO dw.t SELECT a FROM stg.s';\nEXECUTE IMMEDIATE 'DELETE FROM ' || tbl;", SqlDialect.Oracle);

        Assert.Equal("in: stg.s | out: dw.t", Tables(result));
        var warning = Assert.Single(result.Diagnostics);
        Assert.False(warning.IsError);
        Assert.Equal(2, warning.Line);
        Assert.Contains("dynamic SQL", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_statement_inside_a_dollar_quoted_body_reports_its_error_at_its_place_in_the_file()
    {
        var result = Analyze("CREATE FUNCTION f() RETURNS void AS $$\nBEGIN\n  INSERT INTO t SELECT FROM WHERE;\nEND;\n$$ LANGUAGE plpgsql;", SqlDialect.PostgreSql);

        var error = Assert.Single(result.Diagnostics, d => d.IsError);
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void A_procedure_call_is_reported_as_not_analysed()
    {
        var result = Analyze("CALL mart.load_daily();", SqlDialect.Snowflake);

        var warning = Assert.Single(result.Diagnostics);
        Assert.Contains("CALL mart.load_daily", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_procedure_body_in_another_language_is_reported_as_not_analysed()
    {
        var result = Analyze("CREATE PROCEDURE p() RETURNS STRING LANGUAGE PYTHON AS $$\nsession.table('a').write.save_as_table('b')\n$$;", SqlDialect.Snowflake);

        var warning = Assert.Single(result.Diagnostics);
        Assert.Contains("PYTHON", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_case_whose_statements_partly_fail_scores_what_was_returned_and_does_not_pass()
    {
        var partly = new SqlCase
        {
            Id = "partly",
            Dialect = "ansi",
            Sql = "INSERT INTO mart.t (a) SELECT a FROM raw.s;\nSELEC broken;",
            ExpectedInputs = ["raw.s"],
            ExpectedOutputs = ["mart.t"],
            Checks = ["tables"],
        };

        var report = SqlCaseScorer.Score([partly]);

        Assert.Equal(1, report.ParseFailures);
        Assert.Equal(1, report.TableEdges.TruePositives);
        Assert.False(report.Cases[0].Passed);
    }
}

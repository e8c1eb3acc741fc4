using Tributary.Sql;
using static Tributary.Tests.Sql.SqlText;

namespace Tributary.Tests.Sql;

/// <summary>Multi-statement scripts: splitting, union and script semantics, temporary tables, DROP, RENAME.</summary>
public sealed class SqlScriptTests
{
    private const string TwoStep = """
        INSERT INTO stage.clean (id, amount) SELECT id, amount FROM raw.orders WHERE status <> 'test';
        INSERT INTO mart.daily (id, doubled) SELECT id, amount * 2 FROM stage.clean;
        """;

    [Fact]
    public void Union_semantics_reports_every_statement()
    {
        var result = Analyze(TwoStep);

        Assert.Equal("in: raw.orders, stage.clean | out: mart.daily, stage.clean", Tables(result));
        Assert.Equal(
            ["stage.clean.id <- raw.orders.id (identity)", "stage.clean.amount <- raw.orders.amount (identity)", "mart.daily.id <- stage.clean.id (identity)", "mart.daily.doubled <- stage.clean.amount (transformation)"],
            Columns(result));
        Assert.Empty(result.Intermediates);
    }

    [Fact]
    public void Script_semantics_runs_lineage_end_to_end_through_intermediate_tables()
    {
        var result = Analyze(TwoStep, semantics: SqlSemantics.Script);

        Assert.Equal("in: raw.orders | out: mart.daily", Tables(result));
        Assert.Equal(["stage.clean"], result.Intermediates);
        Assert.Equal(["mart.daily.id <- raw.orders.id (identity)", "mart.daily.doubled <- raw.orders.amount (transformation)"], Columns(result));
        Assert.Equal(["raw.orders.status filter"], Indirect(result));
    }

    [Fact]
    public void Temporary_tables_are_always_intermediate()
    {
        var sql = """
            SELECT id, val INTO #a FROM dbo.src;
            SELECT id, val * 2 AS v2 INTO #b FROM #a;
            INSERT INTO dbo.final (id, v) SELECT id, v2 FROM #b;
            DROP TABLE #a;
            """;

        var result = Analyze(sql, SqlDialect.TSql, semantics: SqlSemantics.Script);

        Assert.Equal("in: dbo.src | out: dbo.final", Tables(result));
        Assert.Equal(["#a", "#b"], result.Intermediates);
        Assert.Equal(["dbo.final.id <- dbo.src.id (identity)", "dbo.final.v <- dbo.src.val (transformation)"], Columns(result));
    }

    [Fact]
    public void Go_separates_batches_only_when_alone_on_its_line()
    {
        var sql = "CREATE TABLE #s (id INT)\nGO\nINSERT INTO #s (id) SELECT id FROM dbo.a\ngo\nINSERT INTO dbo.b (id) SELECT id FROM #s\nGO 2\n";

        var result = Analyze(sql, SqlDialect.TSql, semantics: SqlSemantics.Script);

        Assert.Empty(result.Diagnostics);
        Assert.Equal(3, result.Statements.Count);
        Assert.Equal("in: dbo.a | out: dbo.b", Tables(result));
        Assert.Equal(["dbo.b.id <- dbo.a.id (identity)"], Columns(result));
    }

    [Fact]
    public void Statements_without_separators_are_still_split()
    {
        var result = Analyze("SELECT id INTO #t FROM dbo.a\nINSERT INTO dbo.b (id) SELECT id FROM #t", SqlDialect.TSql, semantics: SqlSemantics.Script);

        Assert.Equal(2, result.Statements.Count);
        Assert.Equal(["dbo.b.id <- dbo.a.id (identity)"], Columns(result));
    }

    [Fact]
    public void Rename_moves_lineage_to_the_new_name_and_drop_forgets_the_old_table()
    {
        var sql = """
            CREATE TABLE mart.t_new AS SELECT a, b FROM raw.src;
            DROP TABLE IF EXISTS mart.t;
            ALTER TABLE mart.t_new RENAME TO t;
            """;

        var result = Analyze(sql, SqlDialect.PostgreSql, semantics: SqlSemantics.Script);

        Assert.Equal("in: raw.src | out: mart.t", Tables(result));
        Assert.Equal(["mart.t.a <- raw.src.a (identity)", "mart.t.b <- raw.src.b (identity)"], Columns(result));
    }

    [Fact]
    public void Tables_created_earlier_feed_the_catalog_for_star_and_insert_without_columns()
    {
        var sql = """
            CREATE TABLE stage.x (id INT, name VARCHAR(10));
            INSERT INTO stage.x SELECT cid, cname FROM raw.customers;
            INSERT INTO mart.y SELECT * FROM stage.x;
            """;

        var result = Analyze(sql, semantics: SqlSemantics.Script);

        Assert.Equal("in: raw.customers | out: mart.y", Tables(result));
        Assert.Equal(["mart.y.id <- raw.customers.cid (identity)", "mart.y.name <- raw.customers.cname (identity)"], Columns(result));
    }

    [Fact]
    public void A_failing_statement_is_a_diagnostic_and_the_rest_is_analysed()
    {
        var result = Analyze("INSERT INTO a.x SELECT 1 FROM b.y;\nSELECT FROM WHERE;\nINSERT INTO c.z (q) SELECT q FROM d.w;");

        var error = Assert.Single(result.Diagnostics);
        Assert.Equal(2, error.Line);
        Assert.Equal("in: b.y, d.w | out: a.x, c.z", Tables(result));
    }

    [Fact]
    public void Tsql_procedural_wrappers_do_not_hide_the_statements_inside()
    {
        var sql = """
            CREATE PROCEDURE dbo.load_it @d DATE AS
            BEGIN
              SET NOCOUNT ON
              IF OBJECT_ID('tempdb..#t') IS NOT NULL DROP TABLE #t
              SELECT id, v INTO #t FROM dbo.src WHERE d = @d
              IF @@ROWCOUNT > 0
              BEGIN
                INSERT INTO dbo.dst (id, v) SELECT id, v FROM #t
              END
            END
            """;

        var result = Analyze(sql, SqlDialect.TSql, semantics: SqlSemantics.Script);

        Assert.False(result.HasErrors);
        Assert.Equal("in: dbo.src | out: dbo.dst", Tables(result));
        Assert.Equal(["dbo.dst.id <- dbo.src.id (identity)", "dbo.dst.v <- dbo.src.v (identity)"], Columns(result));
    }

    [Fact]
    public void Tsql_table_variables_are_temporary_and_sp_rename_renames()
    {
        var sql = """
            DECLARE @t TABLE (id INT)
            INSERT INTO @t (id) SELECT id FROM dbo.a
            SELECT id INTO dbo.b_new FROM @t
            EXEC sp_rename 'dbo.b_new', 'b'
            """;

        var result = Analyze(sql, SqlDialect.TSql, semantics: SqlSemantics.Script);

        Assert.Equal("in: dbo.a | out: dbo.b", Tables(result));
        Assert.Equal(["dbo.b.id <- dbo.a.id (identity)"], Columns(result));
    }

    [Fact]
    public void Statements_wrapped_in_tasks_and_pipes_are_analysed()
    {
        var result = Analyze("CREATE OR REPLACE TASK t1 WAREHOUSE = wh SCHEDULE = '5 MINUTE' AS INSERT INTO mart.t SELECT a FROM raw.s", SqlDialect.Snowflake);

        Assert.Equal(["mart.t.a <- raw.s.a (identity)"], Columns(result));
    }
}

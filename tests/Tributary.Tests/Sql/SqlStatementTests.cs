using Tributary.Sql;
using static Tributary.Tests.Sql.SqlText;

namespace Tributary.Tests.Sql;

/// <summary>Each statement that moves data, in its dialect forms.</summary>
public sealed class SqlStatementTests
{
    [Fact]
    public void Insert_with_column_list_maps_select_items_by_position()
    {
        var result = Analyze("INSERT INTO mart.t (b, a) SELECT x, UPPER(y) FROM raw.s");

        Assert.Equal("in: raw.s | out: mart.t", Tables(result));
        Assert.Equal(["mart.t.b <- raw.s.x (identity)", "mart.t.a <- raw.s.y (transformation)"], Columns(result));
    }

    [Fact]
    public void Insert_without_column_list_takes_target_columns_from_the_catalog()
    {
        var catalog = Catalog(("mart.t", "first, second"));

        var result = Analyze("INSERT INTO mart.t SELECT x AS a, y AS b FROM raw.s", catalog: catalog);

        Assert.Equal(["mart.t.first <- raw.s.x (identity)", "mart.t.second <- raw.s.y (identity)"], Columns(result));
    }

    [Fact]
    public void Insert_without_column_list_or_catalog_takes_the_select_names()
    {
        var result = Analyze("INSERT INTO mart.t SELECT x AS a, y FROM raw.s");

        Assert.Equal(["mart.t.a <- raw.s.x (identity)", "mart.t.y <- raw.s.y (identity)"], Columns(result));
    }

    [Fact]
    public void Insert_overwrite_with_static_partition_skips_the_partition_column()
    {
        var catalog = Catalog(("mart.p", "id, v, dt"));

        var result = Analyze("INSERT OVERWRITE TABLE mart.p PARTITION (dt = '2024-01-01') SELECT id, v FROM raw.t", SqlDialect.Hive, catalog);

        Assert.Equal(["mart.p.id <- raw.t.id (identity)", "mart.p.v <- raw.t.v (identity)"], Columns(result));
    }

    [Fact]
    public void Insert_values_has_an_output_and_no_sources()
    {
        var result = Analyze("INSERT INTO ref.c (code) VALUES ('a'), ('b')", SqlDialect.MySql);

        Assert.Equal("in:  | out: ref.c", Tables(result));
        Assert.Empty(result.Columns);
    }

    [Theory]
    [InlineData(SqlDialect.PostgreSql, "INSERT INTO mart.t (id, v) SELECT id, v FROM raw.s ON CONFLICT (id) DO UPDATE SET v = EXCLUDED.v RETURNING id")]
    [InlineData(SqlDialect.MySql, "INSERT INTO mart.t (id, v) SELECT id, v FROM raw.s ON DUPLICATE KEY UPDATE v = VALUES(v)")]
    [InlineData(SqlDialect.MySql, "REPLACE INTO mart.t (id, v) SELECT id, v FROM raw.s")]
    [InlineData(SqlDialect.Sqlite, "INSERT OR REPLACE INTO mart.t (id, v) SELECT id, v FROM raw.s")]
    [InlineData(SqlDialect.TSql, "INSERT mart.t (id, v) SELECT id, v FROM raw.s")]
    [InlineData(SqlDialect.Spark, "INSERT INTO TABLE mart.t SELECT id, v FROM raw.s")]
    [InlineData(SqlDialect.Snowflake, "INSERT OVERWRITE INTO mart.t (id, v) SELECT id, v FROM raw.s")]
    public void Insert_variants_of_each_dialect_give_the_same_lineage(SqlDialect dialect, string sql)
    {
        var result = Analyze(sql, dialect);

        Assert.Empty(result.Diagnostics);
        Assert.Equal("in: raw.s | out: mart.t", Tables(result));
        Assert.Equal(["mart.t.id <- raw.s.id (identity)", "mart.t.v <- raw.s.v (identity)"], Columns(result));
    }

    [Theory]
    [InlineData(SqlDialect.Snowflake, "CREATE OR REPLACE TABLE mart.t AS SELECT id, v FROM raw.s")]
    [InlineData(SqlDialect.PostgreSql, "CREATE TABLE IF NOT EXISTS mart.t AS (SELECT id, v FROM raw.s)")]
    [InlineData(SqlDialect.Spark, "CREATE TABLE mart.t USING delta PARTITIONED BY (v) LOCATION 's3://b/p' AS SELECT id, v FROM raw.s")]
    [InlineData(SqlDialect.Athena, "CREATE TABLE mart.t WITH (format = 'PARQUET') AS SELECT id, v FROM raw.s")]
    [InlineData(SqlDialect.BigQuery, "CREATE OR REPLACE TABLE mart.t PARTITION BY DATE(v) CLUSTER BY id AS SELECT id, v FROM raw.s")]
    [InlineData(SqlDialect.MySql, "CREATE TABLE mart.t SELECT id, v FROM raw.s")]
    [InlineData(SqlDialect.TSql, "SELECT id, v INTO mart.t FROM raw.s")]
    [InlineData(SqlDialect.PostgreSql, "CREATE MATERIALIZED VIEW mart.t AS SELECT id, v FROM raw.s")]
    [InlineData(SqlDialect.Spark, "CREATE OR REPLACE TEMPORARY VIEW mart.t AS SELECT id, v FROM raw.s")]
    [InlineData(SqlDialect.TSql, "CREATE OR ALTER VIEW mart.t AS SELECT id, v FROM raw.s")]
    public void Create_table_as_and_views_write_their_query(SqlDialect dialect, string sql)
    {
        var result = Analyze(sql, dialect);

        Assert.Empty(result.Diagnostics);
        Assert.Equal("in: raw.s | out: mart.t", Tables(result));
        Assert.Equal(["mart.t.id <- raw.s.id (identity)", "mart.t.v <- raw.s.v (identity)"], Columns(result));
    }

    [Fact]
    public void View_column_list_renames_by_position()
    {
        var result = Analyze("CREATE VIEW mart.v (a, b) AS SELECT x, y FROM raw.s");

        Assert.Equal(["mart.v.a <- raw.s.x (identity)", "mart.v.b <- raw.s.y (identity)"], Columns(result));
    }

    [Theory]
    [InlineData("CREATE TABLE mart.t LIKE raw.s")]
    [InlineData("CREATE OR REPLACE TRANSIENT TABLE mart.t CLONE raw.s")]
    public void Create_like_and_clone_are_table_level_lineage(string sql)
    {
        var result = Analyze(sql, SqlDialect.Snowflake);

        Assert.Equal("in: raw.s | out: mart.t", Tables(result));
    }

    [Theory]
    [InlineData(SqlDialect.PostgreSql, "ALTER TABLE raw.old RENAME TO new")]
    [InlineData(SqlDialect.MySql, "RENAME TABLE raw.old TO raw.new")]
    [InlineData(SqlDialect.TSql, "EXEC sp_rename 'raw.old', 'new'")]
    public void Rename_of_an_existing_table_is_table_level_lineage(SqlDialect dialect, string sql)
    {
        var result = Analyze(sql, dialect);

        Assert.Equal("in: raw.old | out: raw.new", Tables(result));
    }

    [Fact]
    public void Update_from_writes_the_target_and_filters_on_the_join()
    {
        var result = Analyze("UPDATE mart.c AS c SET country = a.code, touched = now() FROM raw.addr AS a WHERE a.cid = c.id", SqlDialect.PostgreSql);

        Assert.Equal("in: raw.addr | out: mart.c", Tables(result));
        Assert.Equal(["mart.c.country <- raw.addr.code (identity)"], Columns(result));
        Assert.Equal(["raw.addr.cid filter"], Indirect(result));
    }

    [Fact]
    public void Tsql_update_of_an_alias_writes_the_aliased_table()
    {
        var result = Analyze("UPDATE t SET t.name = s.name, t.n = t.n + 1 FROM dbo.target t JOIN staging.src s ON s.id = t.id", SqlDialect.TSql);

        Assert.Equal("in: staging.src | out: dbo.target", Tables(result));
        Assert.Equal(["dbo.target.name <- staging.src.name (identity)"], Columns(result));
        Assert.Equal(["staging.src.id join"], Indirect(result));
    }

    [Fact]
    public void Mysql_multi_table_update_writes_the_table_named_by_set()
    {
        var result = Analyze("UPDATE shop.p p JOIN shop.prices x ON x.sku = p.sku SET p.price = x.price * 2", SqlDialect.MySql);

        Assert.Equal("in: shop.prices | out: shop.p", Tables(result));
        Assert.Equal(["shop.p.price <- shop.prices.price (transformation)"], Columns(result));
    }

    [Fact]
    public void Update_of_a_column_tuple_from_a_subquery_maps_by_position()
    {
        var result = Analyze("UPDATE mart.t SET (a, b) = (SELECT x, y FROM raw.s WHERE s.id = t.id)", SqlDialect.PostgreSql);

        Assert.Equal(["mart.t.a <- raw.s.x (identity)", "mart.t.b <- raw.s.y (identity)"], Columns(result));
    }

    [Theory]
    [InlineData(SqlDialect.PostgreSql, "DELETE FROM mart.t USING raw.gone g WHERE g.id = mart.t.id")]
    [InlineData(SqlDialect.TSql, "DELETE t FROM mart.t t JOIN raw.gone g ON g.id = t.id")]
    [InlineData(SqlDialect.MySql, "DELETE t FROM mart.t t JOIN raw.gone g ON g.id = t.id")]
    [InlineData(SqlDialect.Ansi, "DELETE FROM mart.t WHERE id IN (SELECT id FROM raw.gone)")]
    public void Delete_writes_its_target_and_reads_the_others(SqlDialect dialect, string sql)
    {
        var result = Analyze(sql, dialect);

        Assert.Empty(result.Diagnostics);
        Assert.Equal("in: raw.gone | out: mart.t", Tables(result));
        Assert.Empty(result.Columns);
    }

    [Fact]
    public void Merge_collects_every_branch_and_keeps_the_strongest_kind()
    {
        var sql = """
            MERGE INTO mart.t AS t USING raw.s AS s ON t.id = s.id
            WHEN MATCHED AND s.deleted THEN DELETE
            WHEN MATCHED THEN UPDATE SET v = s.v + 1
            WHEN NOT MATCHED THEN INSERT (id, v) VALUES (s.id, s.v)
            WHEN NOT MATCHED BY SOURCE THEN DELETE
            """;

        var result = Analyze(sql);

        Assert.Equal("in: raw.s | out: mart.t", Tables(result));
        Assert.Equal(["mart.t.v <- raw.s.v (transformation)", "mart.t.id <- raw.s.id (identity)"], Columns(result));
        Assert.Equal(["raw.s.deleted filter", "raw.s.id join"], Indirect(result));
    }

    [Fact]
    public void Merge_star_actions_copy_every_source_column_by_name()
    {
        var catalog = Catalog(("raw.s", "id, v"));

        var result = Analyze("MERGE INTO mart.t t USING raw.s s ON t.id = s.id WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *", SqlDialect.Databricks, catalog);

        Assert.Equal(["mart.t.id <- raw.s.id (identity)", "mart.t.v <- raw.s.v (identity)"], Columns(result));
    }

    [Theory]
    [InlineData("USING (VALUES (1, 'a'), (2, 'b')) AS s (id, v)")]
    [InlineData("USING VALUES (1, 'a') AS s (id, v)")]
    public void A_teradata_merge_from_a_values_row_writes_its_target_with_no_diagnostic(string source)
    {
        var result = Analyze(
            $"MERGE INTO mart.t {source} ON mart.t.id = s.id WHEN MATCHED THEN UPDATE SET v = s.v WHEN NOT MATCHED THEN INSERT (id, v) VALUES (s.id, s.v)",
            SqlDialect.Teradata);

        Assert.Equal("in:  | out: mart.t", Tables(result));
        Assert.Empty(Columns(result));
        Assert.Empty(result.Diagnostics);
        Assert.Equal("MERGE", Assert.Single(result.Statements).Kind);
    }

    [Theory]
    [InlineData(SqlDialect.Snowflake, "COPY INTO raw.events FROM @stage/events/ FILE_FORMAT = (TYPE = 'JSON')", "in: @stage/events/ | out: raw.events")]
    [InlineData(SqlDialect.Snowflake, "COPY INTO 's3://bucket/out/' FROM mart.t", "in: mart.t | out: s3://bucket/out/")]
    [InlineData(SqlDialect.PostgreSql, "COPY raw.t (a, b) FROM 's3://bucket/f.csv' WITH (FORMAT csv)", "in: s3://bucket/f.csv | out: raw.t")]
    [InlineData(SqlDialect.PostgreSql, "COPY (SELECT a FROM mart.t) TO '/tmp/out.csv'", "in: mart.t | out: /tmp/out.csv")]
    [InlineData(SqlDialect.Hive, "LOAD DATA INPATH '/data/x' OVERWRITE INTO TABLE raw.x", "in: /data/x | out: raw.x")]
    public void Copy_and_load_move_data_between_a_location_and_a_table(SqlDialect dialect, string sql, string tables)
    {
        var result = Analyze(sql, dialect);

        Assert.Empty(result.Diagnostics);
        Assert.Equal(tables, Tables(result));
    }

    [Fact]
    public void Hive_multi_insert_shares_one_from_clause()
    {
        var result = Analyze("FROM raw.src s INSERT OVERWRITE TABLE mart.a SELECT s.id INSERT OVERWRITE TABLE mart.b SELECT s.y WHERE s.y > 0", SqlDialect.Hive);

        Assert.Equal("in: raw.src | out: mart.a, mart.b", Tables(result));
        Assert.Equal(["mart.a.id <- raw.src.id (identity)", "mart.b.y <- raw.src.y (identity)"], Columns(result));
    }

    [Theory]
    [InlineData("SET search_path = x")]
    [InlineData("GRANT SELECT ON t TO u")]
    [InlineData("TRUNCATE TABLE mart.t")]
    [InlineData("BEGIN")]
    [InlineData("ANALYZE mart.t")]
    [InlineData("CREATE INDEX i ON t (a)")]
    [InlineData("ALTER TABLE t ADD COLUMN c INT")]
    [InlineData("DECLARE @x INT")]
    public void Statements_that_move_no_data_are_skipped_quietly(string sql)
    {
        var result = Analyze(sql);

        Assert.Empty(result.Diagnostics);
        Assert.Empty(result.Inputs);
        Assert.Empty(result.Outputs);
    }

    [Fact]
    public void Create_table_with_columns_is_an_output_and_feeds_the_catalog()
    {
        var result = Analyze("CREATE TABLE stage.x (id INT PRIMARY KEY, name VARCHAR(10), CONSTRAINT pk PRIMARY KEY (id));\nINSERT INTO stage.x SELECT a, b FROM raw.y");

        Assert.Equal("in: raw.y | out: stage.x", Tables(result));
        Assert.Equal(["stage.x.id <- raw.y.a (identity)", "stage.x.name <- raw.y.b (identity)"], Columns(result));
    }

    [Fact]
    public void Snowflake_insert_all_writes_every_target_from_the_source_query()
    {
        var sql = "INSERT FIRST WHEN amount > 100 THEN INTO mart.big (id, amt) VALUES (id, amount) ELSE INTO mart.small SELECT id, amount FROM raw.s";

        var result = Analyze(sql, SqlDialect.Snowflake);

        Assert.Equal("in: raw.s | out: mart.big, mart.small", Tables(result));
        Assert.Equal(
            ["mart.big.id <- raw.s.id (identity)", "mart.big.amt <- raw.s.amount (identity)", "mart.small.id <- raw.s.id (identity)", "mart.small.amount <- raw.s.amount (identity)"],
            Columns(result));
        Assert.Equal(["raw.s.amount filter"], Indirect(result));
    }

    [Fact]
    public void Bulk_insert_loads_a_file_into_a_table()
    {
        var result = Analyze("BULK INSERT dbo.t FROM 'C:\\data\\t.csv' WITH (FIELDTERMINATOR = ',')", SqlDialect.TSql);

        Assert.Equal(["dbo.t"], result.Outputs);
        Assert.Single(result.Inputs);
    }

    [Fact]
    public void Spark_cache_table_as_select_fills_a_temporary_view()
    {
        var result = Analyze("CACHE TABLE tmp AS SELECT a FROM raw.t", SqlDialect.Spark);

        Assert.Equal(["tmp.a <- raw.t.a (identity)"], Columns(result));
    }
}

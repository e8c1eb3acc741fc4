using Tributary.Sql;
using static Tributary.Tests.Sql.SqlText;

namespace Tributary.Tests.Sql;

/// <summary>Identifiers per dialect: quoting, dotted parts, multi-part names, case, default schema, aliases.</summary>
public sealed class SqlNameTests
{
    [Theory]
    [InlineData(SqlDialect.Ansi, "SELECT \"Order Id\" FROM \"Sales\".\"Orders\"", "Sales.Orders", "Order Id")]
    [InlineData(SqlDialect.PostgreSql, "SELECT \"Order Id\" FROM \"Sales\".\"Orders\"", "Sales.Orders", "Order Id")]
    [InlineData(SqlDialect.MySql, "SELECT `Order Id` FROM `Sales`.`Orders`", "Sales.Orders", "Order Id")]
    [InlineData(SqlDialect.Spark, "SELECT `Order Id` FROM `Sales`.`Orders`", "Sales.Orders", "Order Id")]
    [InlineData(SqlDialect.TSql, "SELECT [Order Id] FROM [Sales].[Orders]", "Sales.Orders", "Order Id")]
    [InlineData(SqlDialect.Sqlite, "SELECT [Order Id] FROM \"Sales\".`Orders`", "Sales.Orders", "Order Id")]
    [InlineData(SqlDialect.TSql, "SELECT [order.id] FROM [sales].[order.items]", "sales.\"order.items\"", "order.id")]
    [InlineData(SqlDialect.BigQuery, "SELECT id FROM `proj.ds.orders`", "proj.ds.orders", "id")]
    [InlineData(SqlDialect.BigQuery, "SELECT id FROM `proj`.ds.`orders`", "proj.ds.orders", "id")]
    [InlineData(SqlDialect.BigQuery, "SELECT id FROM my-proj.ds.orders", "my-proj.ds.orders", "id")]
    [InlineData(SqlDialect.TSql, "SELECT id FROM srv.db.dbo.orders", "srv.db.dbo.orders", "id")]
    [InlineData(SqlDialect.TSql, "SELECT id FROM db..orders", "db.orders", "id")]
    [InlineData(SqlDialect.Spark, "SELECT id FROM parquet.`s3://bucket/path`", "s3://bucket/path", "id")]
    public void Quoted_and_multi_part_names_are_read_per_dialect(SqlDialect dialect, string sql, string table, string column)
    {
        var result = Analyze(sql, dialect);

        Assert.Empty(result.Diagnostics);
        Assert.Equal([table], result.Inputs);
        Assert.Equal(new SqlColumnRef(table, column), result.Columns[0].Sources[0].Column);
    }

    [Theory]
    [InlineData(SqlDialect.MySql, "SELECT a FROM s.t WHERE b = \"x;y\"")]
    [InlineData(SqlDialect.PostgreSql, "SELECT a FROM s.t WHERE b = $$x;y$$")]
    [InlineData(SqlDialect.PostgreSql, "SELECT a FROM s.t WHERE b = $tag$x;y$tag$")]
    [InlineData(SqlDialect.PostgreSql, "SELECT a FROM s.t WHERE b = E'x\\';y'")]
    [InlineData(SqlDialect.Spark, "SELECT a FROM s.t WHERE b = 'x\\';y'")]
    [InlineData(SqlDialect.BigQuery, "SELECT a FROM s.t WHERE b = '''x;y'''")]
    [InlineData(SqlDialect.Ansi, "SELECT a FROM s.t WHERE b = 'it''s;y'")]
    [InlineData(SqlDialect.MySql, "SELECT a FROM s.t # ; FROM ghost.x\nWHERE b = 1")]
    [InlineData(SqlDialect.PostgreSql, "SELECT a /* nested /* ; */ still comment */ FROM s.t")]
    [InlineData(SqlDialect.Snowflake, "SELECT a // ; FROM ghost.x\nFROM s.t")]
    public void Strings_and_comments_hide_semicolons_and_names(SqlDialect dialect, string sql)
    {
        var result = Analyze(sql, dialect);

        Assert.Empty(result.Diagnostics);
        Assert.Single(result.Statements);
        Assert.Equal(["s.t"], result.Inputs);
    }

    [Fact]
    public void Unquoted_names_are_case_insensitive_and_keep_their_first_spelling()
    {
        var result = Analyze("insert into MART.Orders_Copy (ORDER_ID) select O.Order_Id from Raw.ORDERS o", SqlDialect.Snowflake);

        Assert.Equal(["MART.Orders_Copy.ORDER_ID <- Raw.ORDERS.Order_Id (identity)"], Columns(result));
    }

    [Fact]
    public void Case_sensitive_option_keeps_differently_cased_names_apart()
    {
        var options = new SqlAnalysisOptions { Dialect = SqlDialect.PostgreSql, CaseSensitive = true };

        var result = SqlLineage.Analyze("SELECT \"A\".x FROM s.t AS \"A\" JOIN s.u AS a ON \"A\".k = a.k", options);

        Assert.Equal(["x <- s.t.x (identity)"], Columns(result));
    }

    [Fact]
    public void Default_schema_qualifies_only_unqualified_tables()
    {
        var result = Analyze("INSERT INTO daily (d) SELECT c.day FROM orders o JOIN reporting.cal c ON c.day = o.d", SqlDialect.PostgreSql, defaultSchema: "analytics");

        Assert.Equal("in: analytics.orders, reporting.cal | out: analytics.daily", Tables(result));
    }

    [Fact]
    public void Use_sets_the_default_schema_for_later_statements()
    {
        var result = Analyze("INSERT INTO t1 SELECT a FROM s0;\nUSE SCHEMA analytics;\nINSERT INTO t2 SELECT a FROM s1", SqlDialect.Snowflake);

        Assert.Equal("in: analytics.s1, s0 | out: analytics.t2, t1", Tables(result));
    }

    [Fact]
    public void Aliases_shadow_table_names()
    {
        var result = Analyze("SELECT customers.id, orders.name FROM raw.orders AS customers JOIN raw.customers AS orders ON customers.cid = orders.id");

        Assert.Equal(["id <- raw.orders.id (identity)", "name <- raw.customers.name (identity)"], Columns(result));
    }

    [Fact]
    public void Fully_qualified_column_references_find_their_table()
    {
        var result = Analyze("SELECT raw.orders.id, orders.amount FROM raw.orders");

        Assert.Equal(["id <- raw.orders.id (identity)", "amount <- raw.orders.amount (identity)"], Columns(result));
    }

    [Fact]
    public void Struct_field_of_an_aliased_table_maps_to_the_top_level_column()
    {
        var catalog = Catalog(("p.raw.o", "id, customer"));

        var result = Analyze("SELECT o.customer.address.city AS city FROM p.raw.o o", SqlDialect.BigQuery, catalog);

        Assert.Equal(["city <- p.raw.o.customer (transformation)"], Columns(result));
    }

    [Theory]
    [InlineData("ansi", SqlDialect.Ansi)]
    [InlineData("postgres", SqlDialect.PostgreSql)]
    [InlineData("redshift", SqlDialect.Redshift)]
    [InlineData("duckdb", SqlDialect.DuckDb)]
    [InlineData("oracle", SqlDialect.Oracle)]
    [InlineData("teradata", SqlDialect.Teradata)]
    [InlineData("presto", SqlDialect.Trino)]
    [InlineData("tsql", SqlDialect.TSql)]
    [InlineData("mssql", SqlDialect.TSql)]
    [InlineData("bigquery", SqlDialect.BigQuery)]
    [InlineData("spark", SqlDialect.Spark)]
    [InlineData("hive", SqlDialect.Hive)]
    [InlineData("databricks", SqlDialect.Databricks)]
    [InlineData("snowflake", SqlDialect.Snowflake)]
    [InlineData("mysql", SqlDialect.MySql)]
    [InlineData("sqlite", SqlDialect.Sqlite)]
    [InlineData("athena", SqlDialect.Athena)]
    [InlineData("trino", SqlDialect.Trino)]
    public void Dialect_names_parse(string name, SqlDialect expected)
    {
        Assert.True(SqlAnalysisOptions.TryParseDialect(name, out var dialect));
        Assert.Equal(expected, dialect);
    }

    [Fact]
    public void Unknown_dialect_name_is_reported()
    {
        Assert.False(SqlAnalysisOptions.TryParseDialect("cobol", out _));
    }
}

using Tributary.Sql;
using static Tributary.Tests.Sql.SqlText;

namespace Tributary.Tests.Sql;

/// <summary>Query constructs: CTEs, set operations, subqueries, stars, windows, conditions, table functions.</summary>
public sealed class SqlQueryTests
{
    [Fact]
    public void Cte_chain_passes_lineage_through_every_step()
    {
        var result = Analyze("WITH a AS (SELECT id, v FROM raw.t), b AS (SELECT id, v * 2 AS w FROM a) SELECT id, w FROM b");

        Assert.Equal(["id <- raw.t.id (identity)", "w <- raw.t.v (transformation)"], Columns(result));
    }

    [Fact]
    public void Cte_named_like_its_own_source_table_reads_the_real_table()
    {
        var result = Analyze("WITH orders AS (SELECT id, amount * 2 AS amount FROM orders) SELECT id, amount FROM orders", SqlDialect.PostgreSql);

        Assert.Equal(["orders"], result.Inputs);
        Assert.Equal(["id <- orders.id (identity)", "amount <- orders.amount (transformation)"], Columns(result));
    }

    [Fact]
    public void Recursive_cte_without_the_keyword_terminates()
    {
        var sql = "WITH tree AS (SELECT id, 0 AS lvl FROM dbo.nodes WHERE parent IS NULL UNION ALL SELECT n.id, t.lvl + 1 FROM dbo.nodes n JOIN tree t ON n.parent = t.id) SELECT id, lvl FROM tree";

        var result = Analyze(sql, SqlDialect.TSql);

        Assert.Equal(["id <- dbo.nodes.id (identity)"], Columns(result));
    }

    [Fact]
    public void Union_aligns_branches_by_position_and_takes_names_from_the_first()
    {
        var result = Analyze("SELECT a AS x, b AS y FROM s.t1 UNION SELECT b, a FROM s.t2");

        Assert.Equal(["x <- s.t1.a, s.t2.b (identity)", "y <- s.t1.b, s.t2.a (identity)"], Columns(result));
    }

    [Fact]
    public void Except_keeps_the_left_values_and_filters_with_the_right()
    {
        var result = Analyze("SELECT id FROM s.a EXCEPT SELECT id FROM s.b WHERE flag");

        Assert.Equal(["id <- s.a.id (identity)"], Columns(result));
        Assert.Equal(["s.b.flag filter", "s.b.id filter"], Indirect(result));
    }

    [Fact]
    public void Correlated_scalar_subquery_contributes_its_value_and_filters()
    {
        var result = Analyze("SELECT c.id, (SELECT MAX(o.ts) FROM s.o o WHERE o.cid = c.id) AS last FROM s.c c");

        Assert.Equal(["id <- s.c.id (identity)", "last <- s.o.ts (aggregation)"], Columns(result));
        Assert.Equal(["s.c.id filter", "s.o.cid filter"], Indirect(result));
    }

    [Fact]
    public void Exists_reads_a_table_without_column_edges()
    {
        var result = Analyze("SELECT c.id FROM s.c c WHERE EXISTS (SELECT * FROM s.o o WHERE o.cid = c.id)");

        Assert.Equal("in: s.c, s.o | out: ", Tables(result));
        Assert.Equal(["id <- s.c.id (identity)"], Columns(result));
    }

    [Fact]
    public void Star_expands_with_the_catalog_honouring_except_replace_and_rename()
    {
        var catalog = Catalog(("s.t", "a, b, c, d"));

        var result = Analyze("SELECT * EXCEPT (b) REPLACE (UPPER(c) AS c) FROM s.t", SqlDialect.BigQuery, catalog);

        Assert.Equal(["a <- s.t.a (identity)", "c <- s.t.c (transformation)", "d <- s.t.d (identity)"], Columns(result));
    }

    [Fact]
    public void Snowflake_exclude_and_rename_modify_the_star()
    {
        var catalog = Catalog(("s.t", "a, b, c"));

        var result = Analyze("SELECT * EXCLUDE b RENAME (c AS z) FROM s.t", SqlDialect.Snowflake, catalog);

        Assert.Equal(["a <- s.t.a (identity)", "z <- s.t.c (identity)"], Columns(result));
    }

    [Fact]
    public void Star_without_a_catalog_is_one_star_column()
    {
        var result = Analyze("INSERT INTO x.y SELECT * FROM a.b");

        Assert.Equal(["x.y.* <- a.b.* (identity)"], Columns(result));
    }

    [Fact]
    public void Star_through_a_cte_of_an_unknown_table_still_resolves_named_columns()
    {
        var result = Analyze("WITH c AS (SELECT * FROM raw.t) SELECT id, v + 1 AS w FROM c");

        Assert.Equal(["id <- raw.t.id (identity)", "w <- raw.t.v (transformation)"], Columns(result));
    }

    [Fact]
    public void Window_keys_are_sources_and_window_indirect_uses()
    {
        var result = Analyze("SELECT id, SUM(v) OVER (PARTITION BY g ORDER BY ts) AS running FROM s.t");

        Assert.Equal(["id <- s.t.id (identity)", "running <- s.t.g, s.t.ts, s.t.v (aggregation)"], Columns(result));
        Assert.Equal(["s.t.g window", "s.t.ts window"], Indirect(result));
        Assert.Equal([SqlIndirectKind.Window, SqlIndirectKind.Window], result.Columns[1].IndirectSources.Select(i => i.Kind));
    }

    [Fact]
    public void Named_windows_resolve_through_the_window_clause()
    {
        var result = Analyze("SELECT ROW_NUMBER() OVER w AS rn FROM s.t WINDOW w AS (PARTITION BY g ORDER BY ts)", SqlDialect.PostgreSql);

        Assert.Equal(["rn <- s.t.g, s.t.ts (aggregation)"], Columns(result));
    }

    [Fact]
    public void Qualify_window_columns_are_filters_only()
    {
        var result = Analyze("SELECT id FROM s.t QUALIFY ROW_NUMBER() OVER (PARTITION BY g ORDER BY ts DESC) = 1", SqlDialect.Snowflake);

        Assert.Equal(["id <- s.t.id (identity)"], Columns(result));
        Assert.Equal(["s.t.g filter", "s.t.ts filter"], Indirect(result));
    }

    [Fact]
    public void Case_if_and_iif_conditions_are_sources_and_conditional_uses()
    {
        var result = Analyze("SELECT CASE WHEN a > 0 THEN b END AS x, IIF(c = 1, d, 0) AS y FROM s.t", SqlDialect.TSql);

        Assert.Equal(["x <- s.t.a, s.t.b (transformation)", "y <- s.t.c, s.t.d (transformation)"], Columns(result));
        Assert.Equal(["s.t.a"], result.Columns[0].IndirectSources.Select(i => i.Column.ToString()));
        Assert.Equal(SqlIndirectKind.Conditional, result.Columns[1].IndirectSources[0].Kind);
    }

    [Theory]
    [InlineData(SqlDialect.Ansi, "SELECT CAST(a AS INT) AS x FROM s.t")]
    [InlineData(SqlDialect.PostgreSql, "SELECT a::int AS x FROM s.t")]
    [InlineData(SqlDialect.Snowflake, "SELECT TRY_CAST(a AS INT) AS x FROM s.t")]
    [InlineData(SqlDialect.TSql, "SELECT CONVERT(INT, a, 1) AS x FROM s.t")]
    [InlineData(SqlDialect.MySql, "SELECT CONVERT(a, SIGNED) AS x FROM s.t")]
    [InlineData(SqlDialect.BigQuery, "SELECT SAFE_CAST(a AS INT64) AS x FROM s.t")]
    public void Casts_of_every_syntax_are_transformations(SqlDialect dialect, string sql)
    {
        var result = Analyze(sql, dialect);

        Assert.Equal(["x <- s.t.a (transformation)"], Columns(result));
    }

    [Theory]
    [InlineData(SqlDialect.PostgreSql, "SELECT payload ->> 'user' AS x FROM s.t")]
    [InlineData(SqlDialect.PostgreSql, "SELECT payload #>> '{a,b}' AS x FROM s.t")]
    [InlineData(SqlDialect.Snowflake, "SELECT payload:user.name::string AS x FROM s.t")]
    [InlineData(SqlDialect.Spark, "SELECT get_json_object(payload, '$.a') AS x FROM s.t")]
    [InlineData(SqlDialect.Spark, "SELECT payload['a'] AS x FROM s.t")]
    [InlineData(SqlDialect.BigQuery, "SELECT JSON_VALUE(payload, '$.a') AS x FROM s.t")]
    [InlineData(SqlDialect.BigQuery, "SELECT t.payload.user.id AS x FROM s.t AS t")]
    public void Json_and_struct_access_maps_to_the_top_level_column(SqlDialect dialect, string sql)
    {
        var result = Analyze(sql, dialect);

        Assert.Equal(["x <- s.t.payload (transformation)"], Columns(result));
    }

    [Fact]
    public void Lateral_view_explode_reads_the_array_column()
    {
        var result = Analyze("SELECT o.id, t.tag FROM raw.o o LATERAL VIEW OUTER explode(o.tags) t AS tag", SqlDialect.Hive);

        Assert.Equal("in: raw.o | out: ", Tables(result));
        Assert.Equal(["id <- raw.o.id (identity)", "tag <- raw.o.tags (transformation)"], Columns(result));
    }

    [Fact]
    public void Unnest_with_offset_reads_the_array_and_the_offset_reads_nothing()
    {
        var result = Analyze("SELECT o.id, item.sku, off FROM `p.s.orders` o CROSS JOIN UNNEST(o.items) AS item WITH OFFSET AS off", SqlDialect.BigQuery);

        Assert.Equal("in: p.s.orders | out: ", Tables(result));
        Assert.Equal(["id <- p.s.orders.id (identity)", "sku <- p.s.orders.items (transformation)"], Columns(result));
    }

    [Fact]
    public void Snowflake_table_flatten_reads_the_variant_column()
    {
        var result = Analyze("SELECT e.id, f.value:sku::string AS sku FROM raw.e e, TABLE(FLATTEN(input => e.payload:items)) f", SqlDialect.Snowflake);

        Assert.Equal(["id <- raw.e.id (identity)", "sku <- raw.e.payload (transformation)"], Columns(result));
    }

    [Fact]
    public void Lateral_subquery_sees_the_tables_before_it()
    {
        var result = Analyze("SELECT u.id, l.last FROM raw.u u LEFT JOIN LATERAL (SELECT max(ts) AS last FROM raw.l g WHERE g.uid = u.id) l ON true", SqlDialect.PostgreSql);

        Assert.Equal(["id <- raw.u.id (identity)", "last <- raw.l.ts (aggregation)"], Columns(result));
    }

    [Fact]
    public void Cross_apply_subquery_sees_the_tables_before_it()
    {
        var result = Analyze("SELECT a.id, x.v FROM dbo.a a CROSS APPLY (SELECT TOP 1 b.v FROM dbo.b b WHERE b.aid = a.id ORDER BY b.ts DESC) x", SqlDialect.TSql);

        Assert.Equal(["id <- dbo.a.id (identity)", "v <- dbo.b.v (identity)"], Columns(result));
        Assert.Contains("dbo.b.ts sort", Indirect(result));
    }

    [Fact]
    public void Group_by_and_order_by_ordinals_and_aliases_resolve_to_select_items()
    {
        var result = Analyze("SELECT CAST(ts AS DATE) AS d, SUM(v) AS total FROM s.t GROUP BY 1 ORDER BY total DESC");

        Assert.Equal(["s.t.ts group_by", "s.t.v sort"], Indirect(result));
    }

    [Fact]
    public void Aggregates_are_aggregation_even_inside_expressions()
    {
        var result = Analyze("SELECT ROUND(SUM(a) / COUNT(DISTINCT b), 2) AS r, COUNT(*) AS n FROM s.t");

        Assert.Equal(["r <- s.t.a, s.t.b (aggregation)"], Columns(result));
    }

    [Fact]
    public void Hashing_functions_mark_sources_as_masked()
    {
        var result = Analyze("SELECT md5(email) AS h, sha2(ssn, 256) AS s, CONCAT(md5(a), b) AS mixed FROM s.t", SqlDialect.Spark);

        Assert.Equal(["h <- s.t.email [masked] (transformation)", "s <- s.t.ssn [masked] (transformation)", "mixed <- s.t.a [masked], s.t.b (transformation)"], Columns(result));
        Assert.True(result.Columns[0].Masking);
        Assert.False(result.Columns[2].Masking);
    }

    [Fact]
    public void Using_join_key_comes_from_both_sides()
    {
        var result = Analyze("SELECT id, a.x FROM s.a a JOIN s.b b USING (id)");

        Assert.Equal(["id <- s.a.id, s.b.id (identity)", "x <- s.a.x (identity)"], Columns(result));
        Assert.Equal(["s.a.id join", "s.b.id join"], Indirect(result));
    }

    [Fact]
    public void Natural_join_uses_the_columns_both_sides_share()
    {
        var catalog = Catalog(("s.a", "id, x"), ("s.b", "id, y"));

        var result = Analyze("SELECT x, y FROM s.a NATURAL JOIN s.b", catalog: catalog);

        Assert.Equal(["s.a.id join", "s.b.id join"], Indirect(result));
    }

    [Fact]
    public void Unqualified_columns_go_to_the_table_the_catalog_says_has_them()
    {
        var catalog = Catalog(("s.a", "id, x"), ("s.b", "id, y"));

        var result = Analyze("SELECT y, x FROM s.a JOIN s.b ON a.id = b.id", catalog: catalog);

        Assert.Equal(["y <- s.b.y (identity)", "x <- s.a.x (identity)"], Columns(result));
    }

    [Fact]
    public void Lateral_column_alias_is_used_where_the_dialect_allows_it()
    {
        var result = Analyze("SELECT a * 2 AS doubled, doubled + 1 AS plus FROM s.t", SqlDialect.Snowflake);

        Assert.Equal(["doubled <- s.t.a (transformation)", "plus <- s.t.a (transformation)"], Columns(result));
    }

    [Fact]
    public void Pivot_is_table_level_lineage()
    {
        var result = Analyze("SELECT * FROM raw.m PIVOT (SUM(amount) FOR month IN ('JAN', 'FEB')) AS p", SqlDialect.Snowflake);

        Assert.Empty(result.Diagnostics);
        Assert.Equal("in: raw.m | out: ", Tables(result));
    }

    [Fact]
    public void Derived_table_column_aliases_rename_by_position()
    {
        var result = Analyze("SELECT t.a FROM (SELECT x FROM s.u) AS t(a)");

        Assert.Equal(["a <- s.u.x (identity)"], Columns(result));
    }

    [Fact]
    public void Values_as_a_table_has_no_sources()
    {
        var result = Analyze("SELECT v.code FROM (VALUES ('a', 1), ('b', 2)) AS v(code, n)");

        Assert.Empty(result.Inputs);
        Assert.Empty(result.Columns);
    }

    [Fact]
    public void Date_part_keywords_inside_date_functions_are_not_columns()
    {
        var result = Analyze("SELECT DATEADD(day, 1, ts) AS a, DATEDIFF(month, ts, other) AS b, EXTRACT(YEAR FROM ts) AS c FROM s.t", SqlDialect.TSql);

        Assert.Equal(["a <- s.t.ts (transformation)", "b <- s.t.other, s.t.ts (transformation)", "c <- s.t.ts (transformation)"], Columns(result));
    }

    [Fact]
    public void Lambda_parameters_are_not_columns()
    {
        var result = Analyze("SELECT transform(arr, x -> x + bonus) AS a2 FROM s.t", SqlDialect.Spark);

        Assert.Equal(["a2 <- s.t.arr, s.t.bonus (transformation)"], Columns(result));
    }

    [Fact]
    public void Tuple_in_subquery_filters_on_every_compared_column()
    {
        var result = Analyze("SELECT a FROM raw.t WHERE (a, b) IN (SELECT x, y FROM raw.u)");

        Assert.Equal(["raw.t.a filter", "raw.t.b filter", "raw.u.x filter", "raw.u.y filter"], Indirect(result));
    }

    [Fact]
    public void Parenthesized_join_tree_is_read_like_a_flat_one()
    {
        var result = Analyze("SELECT x FROM (raw.a JOIN raw.b ON a.id = b.id) LEFT JOIN raw.c ON c.id = a.id");

        Assert.Equal("in: raw.a, raw.b, raw.c | out: ", Tables(result));
    }
}

using Tributary.Model.Facets;
using Tributary.Sql;

namespace Tributary.Tests.Sql;

/// <summary>The result's conversions: the OpenLineage columnLineage facet, the flat edge list, per-statement views, the catalog.</summary>
public sealed class SqlResultTests
{
    private const string Sql = """
        INSERT INTO mart.t (id, total, bucket, email_hash)
        SELECT o.id, SUM(o.amount), CASE WHEN o.kind = 'x' THEN 'a' ELSE 'b' END, md5(c.email)
        FROM raw.orders o JOIN raw.customers c ON c.id = o.cid
        WHERE o.status = 'paid'
        GROUP BY o.id, o.kind, c.email
        """;

    [Fact]
    public void Facet_maps_kinds_to_direct_and_indirect_transformations()
    {
        var result = SqlLineage.Analyze(Sql);

        var facet = result.ToColumnLineageFacets("postgres://db:5432")["mart.t"];

        Assert.Equal(["id", "total", "bucket", "email_hash"], facet.Fields.Select(f => f.Name));
        var id = Assert.Single(facet.Fields[0].InputFields);
        Assert.Equal(("postgres://db:5432", "raw.orders", "id"), (id.Namespace, id.Name, id.Field));
        Assert.Equal(Transformation.Identity, Assert.Single(id.Transformations));
        Assert.Equal(new Transformation("DIRECT", "AGGREGATION"), Assert.Single(facet.Fields[1].InputFields[0].Transformations));
        Assert.Equal(
            [new Transformation("DIRECT", "TRANSFORMATION"), new Transformation("INDIRECT", "CONDITIONAL")],
            facet.Fields[2].InputFields.Single(f => f.Field == "kind").Transformations);
        Assert.True(Assert.Single(facet.Fields[3].InputFields[0].Transformations).IsMasking);
    }

    [Fact]
    public void Facet_dataset_list_holds_the_statement_indirect_uses()
    {
        var result = SqlLineage.Analyze(Sql);

        var facet = result.ToColumnLineageFacets("ns")["mart.t"];

        var dataset = facet.Dataset.Select(f => $"{f.Name}.{f.Field}:{string.Join('+', f.Transformations.Select(t => t.Subtype))}").Order(StringComparer.Ordinal);
        Assert.Equal(
            ["raw.customers.email:GROUP_BY", "raw.customers.id:JOIN", "raw.orders.cid:JOIN", "raw.orders.id:GROUP_BY", "raw.orders.kind:GROUP_BY", "raw.orders.status:FILTER"],
            dataset);
        Assert.All(facet.Dataset.SelectMany(f => f.Transformations), t => Assert.Equal("INDIRECT", t.Type));
    }

    [Fact]
    public void Facets_exist_only_for_output_tables()
    {
        var result = SqlLineage.Analyze("SELECT a FROM raw.t");

        Assert.Empty(result.ToColumnLineageFacets("ns"));
    }

    [Fact]
    public void Flat_edges_list_direct_then_dataset_level_rows()
    {
        var result = SqlLineage.Analyze("INSERT INTO m.t (a) SELECT UPPER(x) FROM r.s WHERE y > 0");

        var edges = result.ToEdges();

        Assert.Equal(
            [
                new SqlLineageEdge(new SqlColumnRef("r.s", "x"), "m.t", "a", "DIRECT", "TRANSFORMATION", false),
                new SqlLineageEdge(new SqlColumnRef("r.s", "y"), "m.t", null, "INDIRECT", "FILTER", false),
            ],
            edges);
    }

    [Fact]
    public void Statements_are_reported_one_by_one_with_their_position()
    {
        var result = SqlLineage.Analyze("INSERT INTO a.x SELECT p FROM b.y;\n\n  UPDATE c.z SET q = 1");

        Assert.Equal([(1, 1, "INSERT"), (3, 3, "UPDATE")], result.Statements.Select(s => (s.Line, s.Column, s.Kind)));
        Assert.Equal(["b.y"], result.Statements[0].Inputs);
        Assert.Equal(["c.z"], result.Statements[1].Outputs);
    }

    [Fact]
    public void Column_reference_quotes_a_column_name_containing_a_dot()
    {
        Assert.Equal("sales.\"order.items\".\"order.id\"", new SqlColumnRef("sales.\"order.items\"", "order.id").ToString());
        Assert.Equal("total", new SqlColumnRef(null, "total").ToString());
    }

    [Fact]
    public void Catalog_reads_json_with_names_or_column_objects()
    {
        var catalog = SqlCatalog.FromJson("""{"raw.a": ["x", "y"], "raw.b": [{"name": "z", "type": "int"}]}""");

        Assert.True(catalog.TryGetColumns("RAW.A", out var a));
        Assert.Equal(["x", "y"], a);
        Assert.True(catalog.TryGetColumns("b", out var b));
        Assert.Equal(["z"], b);
        Assert.False(catalog.TryGetColumns("raw.c", out _));
    }

    [Fact]
    public void Catalog_matches_names_qualified_more_or_less_than_its_keys()
    {
        var catalog = SqlText.Catalog(("db.raw.orders", "id"), ("stage.items", "sku"));

        Assert.True(catalog.TryGetColumns("raw.orders", out _));
        Assert.True(catalog.TryGetColumns("orders", out _));
        Assert.True(catalog.TryGetColumns("prod.stage.items", out _));
        Assert.False(catalog.TryGetColumns("other.orders", out _));
    }

    [Fact]
    public void Catalog_rejects_json_that_is_not_an_object_of_arrays()
    {
        Assert.Throws<FormatException>(() => SqlCatalog.FromJson("""["raw.a"]"""));
        Assert.Throws<FormatException>(() => SqlCatalog.FromJson("""{"raw.a": "x"}"""));
    }

    [Fact]
    public void Catalog_is_built_from_ddl()
    {
        var catalog = SqlCatalog.FromDdl("CREATE TABLE s.a (id INT NOT NULL, name VARCHAR(10), PRIMARY KEY (id)); CREATE VIEW v AS SELECT 1; CREATE TABLE b (x DECIMAL(10, 2))");

        Assert.Equal(2, catalog.Count);
        Assert.True(catalog.TryGetColumns("s.a", out var columns));
        Assert.Equal(["id", "name"], columns);
    }
}

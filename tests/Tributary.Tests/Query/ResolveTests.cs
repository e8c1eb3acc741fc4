using Tributary.Graph;
using Tributary.Model;
using Tributary.Query;
using static Tributary.Tests.Graph.GraphEvents;

namespace Tributary.Tests.Query;

public sealed class ResolveTests
{
    private static readonly LineageGraph Graph = RetailPipeline.Graph();
    private readonly LineageQueryEngine _engine = new(Graph);

    [Fact]
    public void Node_id_text_resolves_to_that_node()
    {
        var resolution = _engine.Resolve("dataset:lakehouse.governance_demo:customers_source");

        Assert.Equal(NodeId.From(RetailPipeline.Customers), resolution.Node);
    }

    [Fact]
    public void Unique_dataset_name_resolves_without_its_namespace()
    {
        Assert.Equal(NodeId.From(RetailPipeline.Customers), _engine.Resolve("customers_source").Node);
    }

    [Fact]
    public void Unique_job_name_resolves()
    {
        Assert.Equal(NodeId.From(RetailPipeline.Etl), _engine.Resolve("customer_orders_etl").Node);
    }

    [Fact]
    public void Dataset_dot_field_resolves_to_the_field()
    {
        Assert.Equal(NodeId.From(RetailPipeline.Customers.Field("email")), _engine.Resolve("customers_source.email").Node);
    }

    [Fact]
    public void Ambiguous_name_lists_the_candidates()
    {
        using var graph = LineageGraph.From([Run(Job("load"), [new DatasetId("pg", "a.orders")], [new DatasetId("s3", "b.orders")])]);

        var resolution = new LineageQueryEngine(graph).Resolve("orders");

        Assert.False(resolution.IsFound);
        Assert.True(resolution.IsAmbiguous);
        Assert.Equal([NodeId.From(new DatasetId("pg", "a.orders")), NodeId.From(new DatasetId("s3", "b.orders"))], resolution.Candidates);
    }

    [Fact]
    public void Exact_name_wins_over_a_partial_match()
    {
        using var graph = LineageGraph.From([Run(Job("load"), [Dataset("orders")], [Dataset("public.orders")])]);

        Assert.Equal(Node(Dataset("orders")), new LineageQueryEngine(graph).Resolve("orders").Node);
    }

    [Fact]
    public void Unknown_name_resolves_to_nothing()
    {
        var resolution = _engine.Resolve("no_such_table");

        Assert.False(resolution.IsFound);
        Assert.Empty(resolution.Candidates);
    }

    [Fact]
    public void Alias_name_resolves_to_the_canonical_dataset()
    {
        var table = new DatasetId("hive", "sales.orders_table");
        using var graph = LineageGraph.From([Run(Job("load"), [], [Output(Dataset("orders_file"), Symlinks(table))])]);

        Assert.Equal(Node(Dataset("orders_file")), new LineageQueryEngine(graph).Resolve("orders_table").Node);
    }
}

using Tributary.Graph;
using Tributary.Model;
using Tributary.Query;
using static Tributary.Tests.Graph.GraphEvents;

namespace Tributary.Tests.Query;

public sealed class LineageQueryTests
{
    [Fact]
    public void Upstream_query_stops_at_requested_depth()
    {
        using var graph = LineageGraph.From(Chain(6));

        var result = new LineageQueryEngine(graph).Upstream(Node(Dataset("d6")), depth: 2);

        Assert.Equal(["d4", "d5", "d6", "j5", "j6"], result.Nodes.Select(n => n.Id.Name).Order(StringComparer.Ordinal));
        Assert.Equal(2, result.Nodes.Single(n => n.Id == Node(Dataset("d4"))).UpstreamDepth);
        Assert.False(result.Partial);
    }

    [Fact]
    public void Upstream_and_downstream_depths_are_separate()
    {
        using var graph = LineageGraph.From(Chain(6));

        var result = new LineageQueryEngine(graph).Lineage(Node(Dataset("d3")), upstreamDepth: 1, downstreamDepth: 2);

        Assert.Equal(["d2", "d3", "d4", "d5", "j3", "j4", "j5"], result.Nodes.Select(n => n.Id.Name).Order(StringComparer.Ordinal));
        Assert.Equal(6, result.Edges.Count);
    }

    [Fact]
    public void Lineage_nodes_and_edges_come_sorted_by_id()
    {
        var result = new LineageQueryEngine(RetailPipeline.Graph()).Upstream(NodeId.From(RetailPipeline.Summary));

        Assert.Equal(result.Nodes.Select(n => n.Id).Order(), result.Nodes.Select(n => n.Id));
        Assert.Equal(7, result.Nodes.Count);
        Assert.Equal(result.Edges.OrderBy(e => e.From).ThenBy(e => e.To).ThenBy(e => e.Kind), result.Edges);
    }

    [Fact]
    public void Dropped_dataset_leaves_traversal_unless_asked()
    {
        using var graph = LineageGraph.From([.. Chain(3), Run(Job("drop"), [], [Output(Dataset("d1"), Lifecycle("DROP"))], at: T0.AddHours(1))]);
        var engine = new LineageQueryEngine(graph);

        var hidden = engine.Downstream(Node(Dataset("d0")));
        var shown = engine.Downstream(Node(Dataset("d0")), options: new LineageQueryOptions { IncludeDeleted = true });

        Assert.DoesNotContain(hidden.Nodes, n => n.Id == Node(Dataset("d1")));
        Assert.True(shown.Nodes.Single(n => n.Id == Node(Dataset("d1"))).Deleted);
        Assert.Contains(shown.Nodes, n => n.Id == Node(Dataset("d3")));
    }

    [Fact]
    public void Large_graph_query_answers_within_the_node_budget_and_says_partial()
    {
        using var graph = LineageGraph.From(SyntheticGraph.Generate(2_000, 6_000, 20_000, 0, seed: 1));

        var result = new LineageQueryEngine(graph).Upstream(NodeId.From(SyntheticGraph.Dataset(5_999)), 20, new LineageQueryOptions { MaxNodes = 500 });

        Assert.True(result.Partial);
        Assert.Equal(500, result.Nodes.Count);
    }

    [Fact]
    public void Unknown_node_is_an_argument_error()
    {
        using var graph = LineageGraph.From(Chain(1));

        Assert.Throws<ArgumentException>(() => new LineageQueryEngine(graph).Upstream(Node(Dataset("nope"))));
    }

    [Fact]
    public void Column_lineage_of_a_field_goes_up_and_down_with_transformations()
    {
        var engine = new LineageQueryEngine(RetailPipeline.Graph());

        var result = engine.ColumnLineage(NodeId.From(RetailPipeline.Staging.Field("first_name")), 5, 5);

        Assert.Equal(
            [NodeId.From(RetailPipeline.Staging.Field("first_name")), NodeId.From(RetailPipeline.Summary.Field("customer_name")), NodeId.From(RetailPipeline.Customers.Field("first_name"))],
            result.Nodes.Select(n => n.Id));
        var concat = result.Edges.Single(e => e.To.Field == "customer_name");
        Assert.Equal("CONCAT(first_name, ' ', last_name)", concat.Transformations.Single().Description);
    }

    [Fact]
    public void Column_lineage_of_a_dataset_starts_from_all_its_fields()
    {
        var engine = new LineageQueryEngine(RetailPipeline.Graph());

        var result = engine.ColumnLineage(NodeId.From(RetailPipeline.Summary), 1, 0);

        Assert.Contains(result.Nodes, n => n.Id == NodeId.From(RetailPipeline.Products.Field("cost")));
        Assert.Contains(result.Nodes, n => n.Id == NodeId.From(RetailPipeline.Staging.Field("email")));
        Assert.DoesNotContain(result.Nodes, n => n.Id == NodeId.From(RetailPipeline.Customers.Field("email")));
    }

    [Fact]
    public void As_of_query_shows_lineage_as_it_was_then()
    {
        using var graph = LineageGraph.From(Chain(4));
        var engine = new LineageQueryEngine(graph);

        var then = engine.Downstream(Node(Dataset("d0")), options: new LineageQueryOptions { AsOf = T0.AddMinutes(2) });

        Assert.Equal(["d0", "d1", "d2", "j1", "j2"], then.Nodes.Select(n => n.Id.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Node_budget_below_one_is_an_argument_error()
    {
        using var graph = LineageGraph.From(Chain(1));

        Assert.Throws<ArgumentOutOfRangeException>(() => new LineageQueryEngine(graph).Upstream(Node(Dataset("d1")), options: new LineageQueryOptions { MaxNodes = 0 }));
    }
}

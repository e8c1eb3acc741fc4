using Tributary.Graph;
using Tributary.Model;
using static Tributary.Tests.Graph.GraphEvents;

namespace Tributary.Tests.Graph;

public sealed class GraphTraversalTests
{
    private static TraversalResult Walk(LineageGraph graph, NodeId start, TraversalRequest request) =>
        graph.Read(store => GraphTraversal.Walk(store, [store.Find(start)], request));

    private static HashSet<NodeId> Ids(LineageGraph graph, TraversalResult result) =>
        graph.Read(store => result.Nodes.Select(store.IdOf).ToHashSet());

    [Fact]
    public void Upstream_walk_stops_at_requested_depth_counting_jobs_crossed()
    {
        using var graph = LineageGraph.From(Chain(5));

        var result = Walk(graph, Node(Dataset("d5")), new TraversalRequest { UpstreamDepth = 2 });
        var ids = Ids(graph, result);

        Assert.Equal([Node(Dataset("d3")), Node(Dataset("d4")), Node(Dataset("d5")), Node(Job("j4")), Node(Job("j5"))], ids.Order());
        Assert.False(result.Partial);
    }

    [Fact]
    public void Depth_counts_edges_when_job_levels_are_off()
    {
        using var graph = LineageGraph.From(Chain(5));

        var result = Walk(graph, Node(Dataset("d5")), new TraversalRequest { UpstreamDepth = 2, CountJobLevels = false });

        Assert.Equal([Node(Dataset("d4")), Node(Dataset("d5")), Node(Job("j5"))], Ids(graph, result).Order());
    }

    [Fact]
    public void Walk_never_loops_on_cycles()
    {
        using var graph = LineageGraph.From(
        [
            Run(Job("forward"), [Dataset("a")], [Dataset("b")]),
            Run(Job("back"), [Dataset("b")], [Dataset("a")]),
        ]);

        var result = Walk(graph, Node(Dataset("a")), new TraversalRequest { UpstreamDepth = 1000, DownstreamDepth = 1000 });

        Assert.Equal(4, result.Count);
        Assert.False(result.Partial);
    }

    [Fact]
    public void Node_budget_cuts_the_walk_and_marks_it_partial()
    {
        using var graph = LineageGraph.From(Chain(50));

        var result = Walk(graph, Node(Dataset("d50")), new TraversalRequest { UpstreamDepth = 100, MaxNodes = 10 });

        Assert.Equal(10, result.Count);
        Assert.True(result.Partial);
    }

    [Fact]
    public void Edge_filter_separates_table_and_column_lineage()
    {
        using var graph = LineageGraph.From(
        [
            Run(Job("copy"), [Input(Dataset("a"))], [Output(Dataset("b"), Columns(("id", [From(Dataset("a"), "id")])))]),
        ]);

        var table = Walk(graph, Node(Field("b", "id")), new TraversalRequest { UpstreamDepth = 5, Edges = EdgeMask.Table });
        var columns = Walk(graph, Node(Field("b", "id")), new TraversalRequest { UpstreamDepth = 5, Edges = EdgeMask.Columns });

        Assert.Equal(1, table.Count);
        Assert.Equal([Node(Field("a", "id")), Node(Field("b", "id"))], Ids(graph, columns).Order());
    }

    [Fact]
    public void Dropped_dataset_leaves_the_walk_unless_deleted_nodes_are_asked_for()
    {
        using var graph = LineageGraph.From(
        [
            .. Chain(3),
            Run(Job("drop"), [], [Output(Dataset("d2"), Lifecycle("DROP"))], at: T0.AddHours(1)),
        ]);

        var hidden = Walk(graph, Node(Dataset("d0")), new TraversalRequest { DownstreamDepth = 10 });
        var shown = Walk(graph, Node(Dataset("d0")), new TraversalRequest { DownstreamDepth = 10, IncludeDeleted = true });

        Assert.DoesNotContain(Node(Dataset("d2")), Ids(graph, hidden));
        Assert.DoesNotContain(Node(Dataset("d3")), Ids(graph, hidden));
        Assert.Contains(Node(Dataset("d3")), Ids(graph, shown));
    }

    [Fact]
    public void As_of_walk_ignores_edges_first_seen_later()
    {
        using var graph = LineageGraph.From(Chain(4));

        var result = Walk(graph, Node(Dataset("d0")), new TraversalRequest { DownstreamDepth = 10, AsOf = T0.AddMinutes(2).UtcTicks });

        Assert.Contains(Node(Dataset("d2")), Ids(graph, result));
        Assert.DoesNotContain(Node(Dataset("d3")), Ids(graph, result));
    }
}

using Tributary.Graph;
using Tributary.Query;
using static Tributary.Tests.Graph.GraphEvents;

namespace Tributary.Tests.Query;

public sealed class TraceDataFlowTests
{
    // a → j1 → b → j2 → d, and a shortcut a → j3 → d.
    private static LineageGraph Diamond() => LineageGraph.From(
    [
        Run(Job("j1"), [Dataset("a")], [Dataset("b")]),
        Run(Job("j2"), [Dataset("b")], [Dataset("d")]),
        Run(Job("j3"), [Dataset("a")], [Dataset("d")]),
    ]);

    [Fact]
    public void All_simple_paths_come_back_shortest_first()
    {
        using var graph = Diamond();

        var trace = new LineageQueryEngine(graph).TraceDataFlow(Node(Dataset("a")), Node(Dataset("d")));

        Assert.Equal([2, 4], trace.Paths.Select(p => p.Length));
        Assert.Equal([Node(Dataset("a")), Node(Job("j3")), Node(Dataset("d"))], trace.Paths[0].Nodes);
        Assert.False(trace.Partial);
    }

    [Fact]
    public void Path_limit_keeps_the_shortest_and_says_partial()
    {
        using var graph = Diamond();

        var trace = new LineageQueryEngine(graph).TraceDataFlow(Node(Dataset("a")), Node(Dataset("d")), maxPaths: 1);

        Assert.Equal(2, trace.Paths.Single().Length);
        Assert.True(trace.Partial);
    }

    [Fact]
    public void Length_limit_hides_longer_paths()
    {
        using var graph = Diamond();

        var trace = new LineageQueryEngine(graph).TraceDataFlow(Node(Dataset("a")), Node(Dataset("d")), maxLength: 3);

        Assert.Equal([2], trace.Paths.Select(p => p.Length));
    }

    [Fact]
    public void No_path_against_the_flow()
    {
        using var graph = Diamond();

        Assert.Empty(new LineageQueryEngine(graph).TraceDataFlow(Node(Dataset("d")), Node(Dataset("a"))).Paths);
    }

    [Fact]
    public void Paths_between_fields_follow_column_lineage()
    {
        var engine = new LineageQueryEngine(RetailPipeline.Graph());

        var trace = engine.TraceDataFlow(
            Tributary.Model.NodeId.From(RetailPipeline.Customers.Field("last_name")),
            Tributary.Model.NodeId.From(RetailPipeline.Summary.Field("customer_name")));

        Assert.Equal(["last_name", "last_name", "customer_name"], trace.Paths.Single().Nodes.Select(n => n.Field));
    }

    [Fact]
    public void Cycles_do_not_make_paths_loop()
    {
        using var graph = LineageGraph.From(
        [
            Run(Job("f"), [Dataset("a")], [Dataset("b")]),
            Run(Job("g"), [Dataset("b")], [Dataset("a")]),
            Run(Job("h"), [Dataset("b")], [Dataset("c")]),
        ]);

        var trace = new LineageQueryEngine(graph).TraceDataFlow(Node(Dataset("a")), Node(Dataset("c")), maxLength: 50);

        Assert.Single(trace.Paths);
    }
}

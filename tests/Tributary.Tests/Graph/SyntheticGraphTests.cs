using Tributary.Graph;

namespace Tributary.Tests.Graph;

public sealed class SyntheticGraphTests
{
    [Fact]
    public void Generated_graph_has_the_requested_shape()
    {
        using var graph = LineageGraph.From(SyntheticGraph.Generate(jobs: 100, datasets: 300, edges: 1_000, columnsPerDataset: 3, seed: 7));

        Assert.Equal(100, graph.JobCount);
        Assert.Equal(300, graph.DatasetCount);
        Assert.Equal(900, graph.FieldCount);
        var tableEdges = graph.GetEdges().Count(e => e.Kind is EdgeKind.Read or EdgeKind.Write);
        Assert.InRange(tableEdges, 900, 1_000);
    }

    [Fact]
    public void Same_seed_generates_the_same_events()
    {
        var first = SyntheticGraph.Generate(50, 120, 400, 0, seed: 3).Select(e => string.Join(",", e.Inputs.Select(i => i.Id.Name)));
        var second = SyntheticGraph.Generate(50, 120, 400, 0, seed: 3).Select(e => string.Join(",", e.Inputs.Select(i => i.Id.Name)));

        Assert.Equal(first, second);
    }
}

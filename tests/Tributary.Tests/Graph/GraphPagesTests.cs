using Tributary.Export;
using Tributary.Graph;

namespace Tributary.Tests.Graph;

public sealed class GraphPagesTests
{
    [Fact]
    public void Listings_read_a_page_at_a_time_hold_exactly_what_the_whole_graph_listings_hold()
    {
        // More runs, datasets, jobs and edges than a page holds (4,096), with columns so fields and their edges count too.
        using var graph = LineageGraph.From(SyntheticGraph.Generate(jobs: 5_000, datasets: 9_000, edges: 12_000, columnsPerDataset: 2, seed: 5));

        Assert.True(graph.GetRuns().Count > 4_096 && graph.GetDatasets().Count > 4_096 && graph.GetEdges().Count > 4_096);
        Assert.Equal(graph.GetRuns().Select(r => r.Id.ToString()).Order(), graph.RunsInPages().Select(r => r.Id.ToString()).Order());
        Assert.Equal(graph.GetDatasets().Select(d => d.Id.ToString()).Order(), graph.DatasetsInPages().Select(d => d.Id.ToString()).Order());
        Assert.Equal(graph.GetJobs().Select(j => j.Id.ToString()).Order(), graph.JobsInPages().Select(j => j.Id.ToString()).Order());
        Assert.Equal(graph.GetEdges().Select(e => $"{e.From} {e.To} {e.Kind}").Order(), graph.EdgesInPages().Select(e => $"{e.From} {e.To} {e.Kind}").Order());
    }

    [Fact]
    public void The_lake_projection_of_a_graph_larger_than_a_page_has_one_row_per_run_node_and_edge()
    {
        using var graph = LineageGraph.From(SyntheticGraph.Generate(jobs: 5_000, datasets: 9_000, edges: 12_000, columnsPerDataset: 0, seed: 6));
        var projection = new LakeProjectionExporter(graph);

        Assert.Equal(graph.GetRuns().Count, projection.Operations().Select(o => o.Run).Distinct().Count());
        Assert.Equal(graph.GetDatasets().Count + graph.GetJobs().Count, projection.Nodes().Select(n => n.Node).Distinct().Count());
        Assert.Equal(graph.GetEdges().Count, projection.Relationships().Count());
    }
}

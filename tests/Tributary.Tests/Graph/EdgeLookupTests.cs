using Tributary.Graph;
using Tributary.Model;
using static Tributary.Tests.Graph.GraphEvents;

namespace Tributary.Tests.Graph;

/// <summary>
/// An edge seen again is found by walking its two nodes' edge lists in step, and only between two hubs (a dataset every
/// job reads, a job with many runs) does the graph fall back to an index of every edge: either way an edge seen again
/// is the same edge, widened, never a second one.
/// </summary>
public sealed class EdgeLookupTests
{
    private static readonly DatasetId Calendar = Dataset("calendar");
    private static readonly JobId Nightly = Job("nightly");

    [Fact]
    public void An_edge_between_two_hubs_seen_again_is_the_same_edge_widened()
    {
        // The nightly job reads the calendar first; then 100 other jobs read it, and the nightly job runs 100 times more:
        // by then its edge from the calendar is far down both the calendar's out-edges and the job's in-edges.
        var events = new List<LineageEvent> { Run(Nightly, [Calendar], [], at: T0) };
        for (var i = 0; i < 100; i++)
        {
            events.Add(Run(Job($"report_{i}"), [Calendar], [], at: T0.AddMinutes(1 + i)));
        }

        for (var i = 0; i < 100; i++)
        {
            events.Add(Run(Nightly, [Calendar], [], at: T0.AddHours(2 + i)));
        }

        var graph = LineageGraph.From(events);

        // 101 jobs read the calendar once each; 201 runs each belong to their job.
        Assert.Equal(101 + 201, graph.EdgeCount);
        var edge = Assert.Single(graph.GetEdges(Node(Nightly), LineageDirection.Upstream), e => e.From == Node(Calendar));
        Assert.Equal(T0, edge.FirstSeen);
        Assert.Equal(T0.AddHours(101), edge.LastSeen);

        using var loaded = new LineageGraph();
        loaded.LoadCheckpoint(CheckpointDeterminismTests.Checkpoint(graph));
        Assert.Equal(graph.EdgeCount, loaded.EdgeCount);
        loaded.Apply(Run(Nightly, [Calendar], [], at: T0.AddHours(200)));
        Assert.Equal(graph.EdgeCount + 1, loaded.EdgeCount); // the new run's edge to its job, and no second read
        Assert.Equal(T0.AddHours(200), Assert.Single(loaded.GetEdges(Node(Nightly), LineageDirection.Upstream), e => e.From == Node(Calendar)).LastSeen);
    }

    [Fact]
    public void Two_names_of_one_dataset_linked_together_count_their_shared_edge_once()
    {
        var warehouse = Dataset("orders", "warehouse");
        var lake = Dataset("orders", "s3://lake");
        var graph = LineageGraph.From(
        [
            Run(Job("load"), [Dataset("raw")], [warehouse], at: T0),
            Run(Job("load"), [Dataset("raw")], [lake], at: T0.AddMinutes(1)),
            Run(Job("load"), [Input(Dataset("raw"))], [Output(warehouse, Symlinks(lake))], at: T0.AddMinutes(2)),
        ]);

        // raw → load, load → orders (the two names' writes merged into one), and three runs of load.
        Assert.Equal(2 + 3, graph.EdgeCount);
        using var loaded = new LineageGraph();
        loaded.LoadCheckpoint(CheckpointDeterminismTests.Checkpoint(graph));
        Assert.Equal(graph.EdgeCount, loaded.EdgeCount);
    }
}

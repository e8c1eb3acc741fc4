using Tributary.Graph;
using Tributary.Model;
using Tributary.Query;
using static Tributary.Tests.Graph.GraphEvents;

namespace Tributary.Tests.Graph;

/// <summary>
/// A graph loaded from a checkpoint answers "as of" questions from records it has not decoded yet (first-seen times
/// read in place); those answers must be the grown graph's, moment by moment.
/// </summary>
public sealed class AsOfCheckpointTests
{
    [Fact]
    public void Answers_as_of_every_moment_from_a_freshly_loaded_checkpoint_are_those_of_the_graph_it_was_written_from()
    {
        // A job that changes its inputs run by run, a table dropped and recreated, and one that appears late.
        LineageEvent[] events =
        [
            Run(Job("load"), [Dataset("raw_a")], [Dataset("staged")], at: T0),
            Run(Job("load"), [Dataset("raw_b")], [Dataset("staged")], at: T0.AddHours(2)),
            Run(Job("summary"), [Dataset("staged")], [Dataset("mart")], at: T0.AddHours(3)),
            Run(Job("drop"), [], [Output(Dataset("raw_b"), Lifecycle("DROP"))], at: T0.AddHours(4)),
            Run(Job("load"), [Dataset("raw_a"), Dataset("raw_c")], [Dataset("staged")], at: T0.AddHours(5)),
            Run(Job("recreate"), [], [Output(Dataset("raw_b"), Lifecycle("CREATE"))], at: T0.AddHours(6)),
            Run(Job("late"), [Dataset("mart")], [Dataset("report")], at: T0.AddHours(7)),
        ];
        using var grown = LineageGraph.From(events);
        using var bytes = new MemoryStream();
        grown.WriteCheckpoint(bytes);
        var image = bytes.ToArray();

        for (var hour = -1; hour <= 8; hour++)
        {
            var moment = T0.AddHours(hour).AddMinutes(30);
            using var loaded = new LineageGraph();
            loaded.LoadCheckpoint(image); // fresh each time: nothing decoded before this moment's questions

            foreach (var node in new[] { Node(Dataset("report")), Node(Dataset("mart")), Node(Dataset("staged")), Node(Job("load")) })
            {
                Assert.Equal(Describe(new LineageQueryEngine(grown).AsOf(moment), node), Describe(new LineageQueryEngine(loaded).AsOf(moment), node));
            }
        }
    }

    private static string Describe(LineageQueryEngine engine, NodeId node)
    {
        if (engine.Graph.Resolve(node) is null)
        {
            return $"{node}: not there";
        }

        var result = engine.Upstream(node, 20, new LineageQueryOptions { IncludeDeleted = true });
        return string.Join(" | ", result.Nodes.Select(n => $"{n.Id}{(n.Deleted ? " (deleted)" : "")}").Order(StringComparer.Ordinal))
            + " || " + string.Join(" | ", result.Edges.Select(e => $"{e.From}->{e.To}").Order(StringComparer.Ordinal));
    }
}

using Tributary.Graph;
using Tributary.Model;
using Tributary.Model.Facets;
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

            // Job versions (SQL), row counts and input statistics: every optional part a run or job record may hold.
            WithSql(Run(Job("summary"), [Input(Dataset("raw_b"), Statistics(3)), Input(Dataset("staged"), Statistics(7))], [Output(Dataset("mart"), 5)], at: T0.AddHours(7).AddMinutes(40)), "select * from staged"),
            WithSql(Run(Job("summary"), [Input(Dataset("raw_c"), Statistics(2)), Input(Dataset("raw_a"), Statistics(4))], [Output(Dataset("mart"), 9)], at: T0.AddHours(8)), "select * from raw_a"),
        ];
        using var grown = LineageGraph.From(events);
        using var bytes = new MemoryStream();
        grown.WriteCheckpoint(bytes);
        var image = bytes.ToArray();

        for (var hour = -1; hour <= 9; hour++)
        {
            var moment = T0.AddHours(hour).AddMinutes(30);
            using var loaded = new LineageGraph();
            loaded.LoadCheckpoint(image); // fresh each time: nothing decoded before this moment's questions

            foreach (var node in new[] { Node(Dataset("report")), Node(Dataset("mart")), Node(Dataset("staged")), Node(Job("load")), Node(Job("summary")) })
            {
                Assert.Equal(Describe(new LineageQueryEngine(grown).AsOf(moment), node), Describe(new LineageQueryEngine(loaded).AsOf(moment), node));
            }
        }
    }

    [Fact]
    public void What_as_of_walks_read_in_place_from_a_checkpoint_is_what_the_decoded_records_hold()
    {
        var run = RunId.New();
        LineageEvent[] events =
        [
            WithSql(Run(Job("summary"), [Input(Dataset("a"), Statistics(3)), Input(Dataset("b"), Statistics(7)), Input(Dataset("c"))], [Output(Dataset("m"), 5), Output(Dataset("n"))], at: T0, run: run), "select 1"),
            WithSql(Run(Job("summary"), [Input(Dataset("b"))], [Output(Dataset("m"), 9)], at: T0.AddHours(1)), "select 2"),
            Run(Job("plain"), [Dataset("m")], [Dataset("r")], at: T0.AddHours(2)),
        ];
        using var grown = LineageGraph.From(events);
        using var bytes = new MemoryStream();
        grown.WriteCheckpoint(bytes);
        using var loaded = new LineageGraph();
        loaded.LoadCheckpoint(bytes.ToArray());

        var (inPlace, decoded) = loaded.Read(store =>
        {
            string Facts(bool decode)
            {
                var facts = new List<string>();
                for (var j = 0; j < store.Jobs.Count; j++)
                {
                    if (!decode && store.Jobs.TryUndecoded(j, out var job))
                    {
                        var scanner = new RecordScanner(job);
                        var runs = new List<long>();
                        for (int i = 0, n = GraphStore.SeekJobRuns(ref scanner); i < n; i++)
                        {
                            runs.Add(scanner.Number());
                        }

                        facts.Add($"job {j} first {GraphStore.FirstSeenInPlace(job, NodeKind.Job)} runs {string.Join(",", runs)}");
                    }
                    else
                    {
                        facts.Add($"job {j} first {store.Jobs[j].FirstSeen} runs {string.Join(",", store.Jobs[j].Runs ?? [])}");
                    }
                }

                for (var r = 0; r < store.Runs.Count; r++)
                {
                    if (!decode && store.Runs.TryUndecoded(r, out var record))
                    {
                        var scanner = new RecordScanner(record);
                        var datasets = new List<string>();
                        for (int i = 0, n = GraphStore.SeekRunDatasets(ref scanner); i < n; i++)
                        {
                            var (dataset, output) = GraphStore.ReadRunDataset(ref scanner);
                            datasets.Add($"{dataset}{(output ? "out" : "in")}");
                        }

                        facts.Add($"run {r} first {GraphStore.FirstSeenInPlace(record, NodeKind.Run)} datasets {string.Join(",", datasets)}");
                    }
                    else
                    {
                        facts.Add($"run {r} first {store.Runs[r].FirstEvent} datasets {string.Join(",", store.Runs[r].Datasets.ToArray().Select(d => $"{d.Dataset}{(d.Output ? "out" : "in")}"))}");
                    }
                }

                for (var d = 0; d < store.Datasets.Count; d++)
                {
                    facts.Add($"dataset {d} first {(!decode && store.Datasets.TryUndecoded(d, out var record) ? GraphStore.FirstSeenInPlace(record, NodeKind.Dataset) : store.Datasets[d].FirstSeen)}");
                }

                return string.Join("\n", facts);
            }

            return (Facts(decode: false), Facts(decode: true));
        });

        Assert.Contains("datasets", inPlace);
        Assert.Equal(decoded, inPlace);
    }

    private static (string, Facet) Statistics(long rows) =>
        (InputStatisticsInputDatasetFacet.Key, new InputStatisticsInputDatasetFacet { RowCount = rows, Size = rows * 10 });

    private static RunEvent WithSql(RunEvent run, string sql) =>
        run with { Job = new Job(run.Job.Id) { Facets = Facets((SqlJobFacet.Key, new SqlJobFacet(sql))) } };

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

using Tributary.Graph;
using Tributary.Model;
using Tributary.Query;
using static Tributary.Tests.Graph.GraphEvents;

namespace Tributary.Tests.Query;

public sealed class AsOfTests
{
    // Spark's shape: CREATE TABLE, then DROP TABLE (a lifecycleStateChange DROP output), then CREATE again.
    private static LineageGraph DroppedAndRecreated()
    {
        var table = Dataset("/tmp/drop_test/drop_table_test", "file");
        return LineageGraph.From([
            Run(Job("create_table"), [], [Output(table, Lifecycle("CREATE"), Schema("a", "b"), Owners("team:one"))], at: T0),
            Run(Job("drop_table"), [], [Output(table, Lifecycle("DROP"))], at: T0.AddHours(1)),
            Run(Job("create_table"), [], [Output(table, Lifecycle("CREATE"), Schema("a", "c"), Owners("team:two"))], at: T0.AddHours(2)),
        ]);
    }

    [Fact]
    public void A_dropped_and_recreated_table_is_deleted_only_between_the_drop_and_the_create()
    {
        var graph = DroppedAndRecreated();
        var table = Dataset("/tmp/drop_test/drop_table_test", "file");

        Assert.False(graph.AsOf(T0.AddMinutes(30)).GetDataset(table)!.Deleted);
        Assert.True(graph.AsOf(T0.AddMinutes(90)).GetDataset(table)!.Deleted);
        Assert.False(graph.AsOf(T0.AddMinutes(150)).GetDataset(table)!.Deleted);
        Assert.Null(graph.AsOf(T0.AddMinutes(-1)).GetDataset(table));
        Assert.DoesNotContain(new LineageQueryEngine(graph).AsOf(T0.AddMinutes(90)).FindDataSources(), d => d.Id == table);
        Assert.Contains(new LineageQueryEngine(graph).AsOf(T0.AddMinutes(150)).FindDataSources(), d => d.Id == table);
    }

    [Fact]
    public void Schema_and_owners_as_of_a_moment_are_those_of_the_version_then()
    {
        var graph = DroppedAndRecreated();
        var table = Dataset("/tmp/drop_test/drop_table_test", "file");

        var first = graph.AsOf(T0.AddMinutes(30)).GetDataset(table)!;
        Assert.Equal(["a", "b"], first.Fields.Select(f => f.Id.Name));
        Assert.Equal(["team:one"], first.Owners.Select(o => o.Name));
        var later = graph.AsOf(T0.AddMinutes(150)).GetDataset(table)!;
        Assert.Equal(["a", "c"], later.Fields.Select(f => f.Id.Name));
        Assert.Equal(["team:two"], later.Owners.Select(o => o.Name));
    }

    [Fact]
    public void The_diff_says_removed_across_the_drop_and_added_across_the_create()
    {
        var engine = new LineageQueryEngine(DroppedAndRecreated());
        var table = Dataset("/tmp/drop_test/drop_table_test", "file");

        var acrossDrop = engine.Diff(T0.AddMinutes(30), T0.AddMinutes(90));
        Assert.Equal([table], acrossDrop.DatasetsRemoved);
        Assert.Empty(acrossDrop.DatasetsAdded);
        var acrossCreate = engine.Diff(T0.AddMinutes(90), T0.AddMinutes(150));
        Assert.Equal([table], acrossCreate.DatasetsAdded);
        var overall = engine.Diff(T0.AddMinutes(30), T0.AddMinutes(150));
        var schema = Assert.Single(overall.SchemaChanges);
        Assert.Equal(["c"], schema.Added);
        Assert.Equal(["b"], schema.Removed);
        Assert.Equal(["team:one"], Assert.Single(overall.OwnerChanges).Before);
    }

    [Fact]
    public void A_job_reads_as_of_a_moment_only_what_its_latest_run_then_read()
    {
        var (a, b, c) = (Dataset("a"), Dataset("b"), Dataset("c"));
        var graph = LineageGraph.From([
            Run(Job("j"), [Input(a)], [Output(c)], at: T0),
            Run(Job("j"), [Input(b)], [Output(c)], at: T0.AddHours(1)),
        ]);
        var engine = new LineageQueryEngine(graph);

        Assert.Equal([a], graph.AsOf(T0.AddMinutes(30)).GetJob(Job("j"))!.Inputs);
        Assert.Equal([b], graph.AsOf(T0.AddMinutes(90)).GetJob(Job("j"))!.Inputs);
        Assert.Contains(engine.AsOf(T0.AddMinutes(30)).Upstream(Node(c)).Nodes, n => n.Id == Node(a));
        Assert.DoesNotContain(engine.AsOf(T0.AddMinutes(90)).Upstream(Node(c)).Nodes, n => n.Id == Node(a));
        var diff = engine.Diff(T0.AddMinutes(30), T0.AddMinutes(90));
        Assert.Equal([new EdgeChange(Node(b), Node(Job("j")), EdgeKind.Read)], diff.EdgesAdded);
        Assert.Equal([new EdgeChange(Node(a), Node(Job("j")), EdgeKind.Read)], diff.EdgesRemoved);
    }

    [Fact]
    public void A_view_as_of_a_moment_is_read_only()
    {
        var view = DroppedAndRecreated().AsOf(T0);

        Assert.Throws<InvalidOperationException>(() => view.Apply(Run(Job("x"), [Input(Dataset("a"))], [Output(Dataset("b"))], at: T0)));
    }
}

using Tributary.Graph;
using Tributary.Model;
using Tributary.Model.Facets;
using Tributary.Tests.Ingest;
using static Tributary.Tests.Graph.GraphEvents;

namespace Tributary.Tests.Graph;

/// <summary>
/// The events of a run repeat their datasets' schema and column lineage, and the graph recognises a repeat instead of
/// interning every field again. What it then changes must be exactly what applying the facet in full changes: each
/// case here is applied once to one graph that keeps what it recognised, and once event by event to graphs loaded
/// from the previous checkpoint (which start with nothing recognised), and the two must load as the same graph.
/// </summary>
public sealed class RepeatedFacetTests
{
    private static readonly DatasetId Orders = Dataset("orders");
    private static readonly DatasetId Staged = Dataset("staged_orders");
    private static readonly DatasetId Customers = Dataset("customers");
    private static readonly DatasetId Discounts = Dataset("discounts", "crm"); // named by the column lineage alone
    private static readonly JobId Load = Job("load_orders");

    [Fact]
    public void A_run_repeating_its_column_lineage_widens_the_same_edges_as_applying_it_in_full()
    {
        var run = RunId.New();
        var events = new[]
        {
            Step(run, RunState.Start, 0, Lineage()),
            Step(run, RunState.Running, 5, Lineage()),
            Step(run, RunState.Complete, 9, Lineage()),
            Step(RunId.New(), RunState.Complete, 20, Lineage()),
        };

        var graph = AssertSameAsInFull(events);
        var edge = Assert.Single(graph.GetEdges(Node(Field("staged_orders", "total")), LineageDirection.Upstream), e => e.From == Node(Field("orders", "amount")));
        Assert.Equal(T0.AddMinutes(20), edge.LastSeen);
        Assert.Equal(T0.AddMinutes(20), graph.GetDataset(Discounts)!.LastSeen);
    }

    [Fact]
    public void A_repeat_arriving_before_the_event_it_repeats_changes_what_the_full_facet_would()
    {
        var run = RunId.New();
        var masked = new Transformation("DIRECT", "TRANSFORMATION", "hashed", Masking: true);
        var indirect = new Transformation("INDIRECT", "FILTER");
        AssertSameAsInFull(
        [
            Step(run, RunState.Complete, 9, Lineage()),
            Step(run, RunState.Start, 0, Lineage()),
            Step(RunId.New(), RunState.Complete, 30, Lineage(masked)),
            Step(RunId.New(), RunState.Complete, 20, Lineage()),
            Step(RunId.New(), RunState.Complete, 40, Lineage()),
            Step(RunId.New(), RunState.Complete, 35, Lineage(masked)),

            // An older facet that calls the edge indirect does not replace its transformations, but it is the last
            // word on whether the edge is direct until the next facet applied says otherwise, repeat or not.
            Step(RunId.New(), RunState.Complete, 25, Lineage(indirect)),
            Step(RunId.New(), RunState.Complete, 38, Lineage()),
        ]);
    }

    [Fact]
    public void A_column_lineage_that_changes_a_transformation_is_applied_in_full_and_the_newest_one_describes_the_edge()
    {
        var indirect = new Transformation("INDIRECT", "FILTER");
        var graph = AssertSameAsInFull(
        [
            Step(RunId.New(), RunState.Complete, 0, Lineage()),
            Step(RunId.New(), RunState.Complete, 10, Lineage(indirect)),
            Step(RunId.New(), RunState.Complete, 5, Lineage()),
        ]);

        var edge = Assert.Single(graph.GetEdges(Node(Field("staged_orders", "total")), LineageDirection.Upstream), e => e.From == Node(Field("orders", "amount")));
        Assert.Equal("INDIRECT", Assert.Single(edge.Transformations).Type);
    }

    [Fact]
    public void A_repeat_after_its_input_dataset_was_renamed_lands_on_the_renamed_dataset()
    {
        var renamed = Dataset("orders_v2");
        var rename = Run(Job("migrate"), [], [Output(renamed, Lifecycle("RENAME", Orders))], at: T0.AddMinutes(3));
        AssertSameAsInFull(
        [
            Step(RunId.New(), RunState.Complete, 0, Lineage()),
            rename,
            Step(RunId.New(), RunState.Complete, 10, Lineage()),
            Step(RunId.New(), RunState.Complete, 12, Lineage()),
        ]);
    }

    [Fact]
    public void A_repeat_that_adds_a_field_without_inputs_or_a_different_schema_still_adds_them()
    {
        // The same inputs and edges as Lineage(), and a field named with none.
        var withNote = Columns(
            ("total", [From(Orders, "amount"), From(Customers, "discount"), From(Discounts, "rate")]),
            ("id", [From(Orders, "id")]),
            ("note", []));
        var graph = AssertSameAsInFull(
        [
            Step(RunId.New(), RunState.Complete, 0, Lineage()),
            Step(RunId.New(), RunState.Complete, 5, withNote),
            Run(Load, [Input(Orders, Schema("id", "amount"))], [Output(Staged, Schema("id", "total", "region"), Lineage())], at: T0.AddMinutes(6)),
            Step(RunId.New(), RunState.Complete, 7, Lineage()),
        ]);

        var fields = graph.GetDataset(Staged)!.Fields.Select(f => f.Id.Name).ToList();
        Assert.Contains("note", fields);
        Assert.Contains("region", fields);
    }

    private static (string, Facet) Lineage(params Transformation[] total) => Columns(
        ("total", [From(Orders, "amount", total), From(Customers, "discount"), From(Discounts, "rate")]),
        ("id", [From(Orders, "id")]));

    // Every event builds its facets afresh, as the door does for each event it reads: a repeat is equal, never the same object.
    private static RunEvent Step(RunId run, RunState state, int minutes, (string, Facet) lineage) => Run(
        Load,
        [Input(Orders, Schema("id", "amount")), Input(Customers, Schema("id", "discount"))],
        [Output(Staged, Schema("id", "total"), lineage)],
        state,
        T0.AddMinutes(minutes),
        run);

    private static LineageGraph AssertSameAsInFull(IReadOnlyList<LineageEvent> events)
    {
        var recognising = LineageGraph.From(events);
        var checkpoint = CheckpointDeterminismTests.Checkpoint(new LineageGraph());
        foreach (var e in events)
        {
            using var fresh = new LineageGraph();
            fresh.LoadCheckpoint(checkpoint);
            fresh.Apply(e);
            checkpoint = CheckpointDeterminismTests.Checkpoint(fresh);
        }

        var inFull = new LineageGraph();
        inFull.LoadCheckpoint(checkpoint);
        Assert.Equal(LineageReplicaTests.AnswersOf(inFull), LineageReplicaTests.AnswersOf(recognising));
        Assert.Equal(CheckpointDeterminismTests.Checkpoint(inFull), CheckpointDeterminismTests.Checkpoint(recognising));
        return recognising;
    }
}

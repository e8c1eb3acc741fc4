using Tributary.Graph;
using Tributary.Model;
using Tributary.Model.Facets;
using static Tributary.Tests.Graph.GraphEvents;

namespace Tributary.Tests.Graph;

/// <summary>Edges share one kept list per distinct transformation list; which lists count as the same must not change.</summary>
public sealed class TransformationListTests
{
    [Fact]
    public void Transformations_that_differ_only_by_an_absent_or_empty_subtype_share_the_list_seen_first()
    {
        using var graph = LineageGraph.From(
        [
            Run(Job("a"), [Input(Dataset("src"))], [Output(Dataset("one"), Columns(("x", [From(Dataset("src"), "x", new Transformation("DIRECT", null, "copy"))])))]),
            Run(Job("b"), [Input(Dataset("src"))], [Output(Dataset("two"), Columns(("y", [From(Dataset("src"), "y", new Transformation("DIRECT", "", "copy"))])))]),
        ]);

        Assert.Equal([new Transformation("DIRECT", null, "copy")], Upstream(graph, "two", "y").Transformations);
    }

    [Fact]
    public void Transformations_that_differ_in_masking_type_or_description_keep_lists_of_their_own()
    {
        Transformation[] kinds =
        [
            new("DIRECT", "IDENTITY"), new("DIRECT", "IDENTITY", Masking: false), new("DIRECT", "IDENTITY", Masking: true),
            new("INDIRECT", "IDENTITY"), new("DIRECT", "IDENTITY", "trimmed"),
        ];
        using var graph = LineageGraph.From(
            kinds.Select((t, i) => Run(Job("j" + i), [Input(Dataset("src"))], [Output(Dataset("out" + i), Columns(("c", [From(Dataset("src"), "c", t)])))])));

        for (var i = 0; i < kinds.Length; i++)
        {
            Assert.Equal([kinds[i]], Upstream(graph, "out" + i, "c").Transformations);
        }
    }

    [Fact]
    public void The_same_transformations_read_back_from_a_checkpoint_are_found_again_for_new_edges()
    {
        var hash = new Transformation("DIRECT", "TRANSFORMATION", "sha256", Masking: true);
        using var first = LineageGraph.From([Run(Job("a"), [Input(Dataset("src"))], [Output(Dataset("one"), Columns(("x", [From(Dataset("src"), "x", hash)])))])]);
        using var checkpoint = new MemoryStream();
        first.WriteCheckpoint(checkpoint);
        using var graph = new LineageGraph();
        graph.LoadCheckpoint(checkpoint.ToArray());

        graph.Apply(Run(Job("b"), [Input(Dataset("src"))], [Output(Dataset("two"), Columns(("y", [From(Dataset("src"), "y", new Transformation("DIRECT", "TRANSFORMATION", "sha256", Masking: true))])))]));

        Assert.Same(Upstream(graph, "one", "x").Transformations, Upstream(graph, "two", "y").Transformations);
    }

    private static LineageEdge Upstream(LineageGraph graph, string dataset, string field) =>
        graph.GetEdges(Node(Field(dataset, field)), LineageDirection.Upstream).Single(e => e.Kind == EdgeKind.ColumnLineage);
}

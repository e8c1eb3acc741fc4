using Tributary.Graph;
using Tributary.Model;
using Tributary.Model.Facets;
using Tributary.Query;
using static Tributary.Tests.Graph.GraphEvents;

namespace Tributary.Tests.Query;

public sealed class RootCauseTests
{
    [Fact]
    public void The_dataset_with_the_problem_is_the_symptom_not_a_suspect()
    {
        var report = new LineageQueryEngine(RetailPipeline.Graph()).RootCause(NodeId.From(RetailPipeline.Summary));

        Assert.DoesNotContain(report.Candidates, c => c.Node == NodeId.From(RetailPipeline.Summary));
        Assert.Equal(7, report.Upstream.Count);
    }

    [Fact]
    public void A_small_volume_wobble_is_not_evidence()
    {
        using var graph = LineageGraph.From(
        [
            Run(Job("prices"), [], [Output(Dataset("products"), 100, Schema("id"))], at: T0),
            Run(Job("prices"), [], [Output(Dataset("products"), 95, Schema("id"))], at: T0.AddDays(1)),
            Run(Job("summary"), [Dataset("products")], [Dataset("summary")], at: T0.AddDays(2)),
        ]);

        Assert.Empty(new LineageQueryEngine(graph).RootCause(Node(Dataset("summary"))).Candidates);
    }

    [Fact]
    public void Upstream_suspects_are_ranked_by_their_evidence()
    {
        using var graph = LineageGraph.From(
        [
            Run(Job("prices"), [], [Output(Dataset("products"), 50, Schema("id", "price", "cost"))], at: T0),
            Run(Job("prices"), [], [Output(Dataset("products"), 20, Schema("id", "price"))], at: T0.AddDays(1)),
            Run(Job("orders"), [], [Dataset("orders")], RunState.Fail, T0.AddDays(1)) with
            {
                Run = new Run(RunId.New()) { Facets = Facets((ErrorMessageRunFacet.Key, new ErrorMessageRunFacet("disk full", "C#"))) },
            },
            Run(Job("summary"), [Dataset("products"), Dataset("orders")], [Dataset("summary")], at: T0.AddDays(2)),
        ]);

        var report = new LineageQueryEngine(graph).RootCause(Node(Dataset("summary")));

        Assert.Equal([Node(Dataset("products")), Node(Job("orders"))], report.Candidates.Select(c => c.Node));
        Assert.Equal([EvidenceKind.SchemaChange, EvidenceKind.VolumeDrop], report.Candidates[0].Evidence.Select(e => e.Kind).Order());
        Assert.Contains("removed cost", report.Candidates[0].Evidence.Single(e => e.Kind == EvidenceKind.SchemaChange).Description, StringComparison.Ordinal);
        Assert.Contains("rows fell from 50 to 20", report.Candidates[0].Evidence.Single(e => e.Kind == EvidenceKind.VolumeDrop).Description, StringComparison.Ordinal);
        Assert.Contains("disk full", report.Candidates[1].Evidence.Single().Description, StringComparison.Ordinal);
        Assert.Equal(2, report.Candidates[1].Depth);
    }

    [Fact]
    public void Later_passing_assertion_clears_an_earlier_failure()
    {
        var check = (bool ok) => new OutputDataset(Dataset("a"))
        {
            OutputFacets = Facets((DataQualityAssertionsDatasetFacet.Key, new DataQualityAssertionsDatasetFacet { Assertions = [new Assertion("not_null", ok, "id")] })),
        };
        using var graph = LineageGraph.From(
        [
            Run(Job("load"), [], [check(false)], at: T0),
            Run(Job("load"), [], [check(true)], at: T0.AddDays(1)),
        ]);

        Assert.Empty(new LineageQueryEngine(graph).RootCause(Node(Dataset("a"))).Candidates);
    }
}

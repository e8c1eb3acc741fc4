using Tributary.Graph;
using Tributary.Model;
using Tributary.Query;
using static Tributary.Tests.Graph.GraphEvents;

namespace Tributary.Tests.Query;

public sealed class ImpactTests
{
    private readonly LineageQueryEngine _engine = new(RetailPipeline.Graph());

    [Fact]
    public void Impact_groups_everything_downstream_by_depth()
    {
        var impact = _engine.Impact(NodeId.From(RetailPipeline.Customers));

        var first = impact.Levels.Single(l => l.Depth == 1);
        Assert.Equal([RetailPipeline.Etl], first.Jobs);
        Assert.Equal([RetailPipeline.Staging], first.Datasets);
        Assert.Equal([RetailPipeline.Summary], impact.Levels.Single(l => l.Depth == 2).Datasets);
        Assert.Equal(2, impact.DatasetCount);
        Assert.Equal(2, impact.JobCount);
        Assert.False(impact.Partial);
    }

    [Fact]
    public void Impact_counts_the_fields_columns_flow_into()
    {
        var impact = _engine.Impact(NodeId.From(RetailPipeline.Customers));

        Assert.Equal(
            [RetailPipeline.Staging.Field("email"), RetailPipeline.Staging.Field("first_name"), RetailPipeline.Staging.Field("last_name")],
            impact.Levels.Single(l => l.Depth == 1).Fields);
        Assert.Equal([RetailPipeline.Summary.Field("customer_name"), RetailPipeline.Summary.Field("email_hash")], impact.Levels.Single(l => l.Depth == 2).Fields);
        Assert.Equal(5, impact.FieldCount);
    }

    [Fact]
    public void Impact_lists_the_owners_to_notify()
    {
        var impact = _engine.Impact(NodeId.From(RetailPipeline.Customers));

        Assert.Equal(["analytics-team", "data-engineering-team", "finance-team"], impact.Owners.Select(o => o.Name));
        Assert.Equal([NodeId.From(RetailPipeline.Summary)], impact.Owners.Single(o => o.Name == "finance-team").Owns);
    }

    [Fact]
    public void Impact_of_a_field_follows_its_column_lineage()
    {
        var impact = _engine.Impact(NodeId.From(RetailPipeline.Products.Field("cost")));

        Assert.Equal([RetailPipeline.Summary.Field("profit_margin"), RetailPipeline.Summary.Field("total_cost")], impact.Levels.Single().Fields);
        Assert.Equal([RetailPipeline.Summary], impact.Levels.Single().Datasets);
    }

    [Fact]
    public void Impact_with_a_small_budget_is_partial()
    {
        using var graph = LineageGraph.From(Chain(100));

        var impact = new LineageQueryEngine(graph).Impact(Node(Dataset("d0")), 200, new LineageQueryOptions { MaxNodes = 20 });

        Assert.True(impact.Partial);
        Assert.Equal(19, impact.TotalCount);
    }
}

using Tributary.Model;
using Tributary.Query;

namespace Tributary.Tests.Query;

public sealed class FindDataSourcesTests
{
    private readonly LineageQueryEngine _engine = new(RetailPipeline.Graph());

    [Fact]
    public void Name_pattern_finds_matching_datasets_sorted_by_id()
    {
        var found = _engine.FindDataSources(new DataSourceFilter { NamePattern = "*_source" });

        Assert.Equal([RetailPipeline.Customers, RetailPipeline.Orders, RetailPipeline.Products], found.Select(d => d.Id));
    }

    [Fact]
    public void Owner_filter_accepts_the_name_without_its_prefix()
    {
        var found = _engine.FindDataSources(new DataSourceFilter { Owner = "finance-team" });

        Assert.Equal([RetailPipeline.Summary], found.Select(d => d.Id));
    }

    [Fact]
    public void Tag_filter_matches_field_level_tags_and_lists_apart_the_datasets_they_propagated_to()
    {
        var found = _engine.FindDataSources(new DataSourceFilter { Tag = "pii=true" });

        Assert.Equal([RetailPipeline.Staging, RetailPipeline.Summary, RetailPipeline.Customers], found.Select(d => d.Id));
        Assert.Empty(found.Single(d => d.Id == RetailPipeline.Customers).PropagatedTags!);
        var staging = found.Single(d => d.Id == RetailPipeline.Staging);
        Assert.Empty(staging.Tags);
        Assert.Contains(staging.PropagatedTags!, c => c.Node == NodeId.From(RetailPipeline.Staging.Field("email")) && c.Origin == NodeId.From(RetailPipeline.Customers.Field("email")));
    }

    [Fact]
    public void Type_filter_matches_the_data_source_name()
    {
        var found = _engine.FindDataSources(new DataSourceFilter { Type = "salesforce crm" });

        Assert.Equal([RetailPipeline.Customers], found.Select(d => d.Id));
    }

    [Fact]
    public void Namespace_filter_excludes_other_namespaces()
    {
        Assert.Empty(_engine.FindDataSources(new DataSourceFilter { Namespace = "postgres://*" }));
        Assert.Equal(5, _engine.FindDataSources(new DataSourceFilter { Namespace = "lakehouse.*" }).Count);
    }
}

using Tributary.Graph;
using Tributary.Json;
using Tributary.Model;
using Tributary.Model.Facets;
using static Tributary.Tests.Graph.GraphEvents;

namespace Tributary.Tests.Graph;

public sealed class TagDefinitionTests
{
    private const string Producer = "urn:tributary:test";

    // The events as the store keeps them: written as JSON and read back, as a replay reads them.
    private static LineageEvent Stored(LineageEvent lineageEvent) => LineageJson.Deserialize(LineageJson.Serialize(lineageEvent));

    [Fact]
    public void A_tag_definition_is_kept_with_its_newest_description_and_is_not_a_dataset()
    {
        using var graph = LineageGraph.From(
        [
            Run(Job("load"), [], [Output(Dataset("orders"))], at: T0),
            Stored(TagDefinitionFacet.Event("PII", "Personal data", Producer, T0.AddHours(1))),
            Stored(TagDefinitionFacet.Event("finance", null, Producer, T0.AddHours(1))),
            Stored(TagDefinitionFacet.Event("PII", "Personal data (GDPR Art. 4)", Producer, T0.AddHours(3))),
            Stored(TagDefinitionFacet.Event("PII", "Personal data (GDPR Art. 4)", Producer, T0.AddHours(3))),
        ]);

        Assert.Equal(
            [new TagDefinition("PII", "Personal data (GDPR Art. 4)", T0.AddHours(3)), new TagDefinition("finance", null, T0.AddHours(1))],
            graph.GetTagDefinitions());
        Assert.Equal(1, graph.DatasetCount);
        Assert.Null(graph.GetDataset(TagDefinitionFacet.Definitions));
    }

    [Fact]
    public void Tag_definitions_arriving_out_of_order_and_as_of_a_moment_follow_event_time()
    {
        using var graph = LineageGraph.From(
        [
            Stored(TagDefinitionFacet.Event("PII", "newer", Producer, T0.AddHours(2))),
            Stored(TagDefinitionFacet.Event("PII", "older", Producer, T0)),
        ]);

        Assert.Equal("newer", Assert.Single(graph.GetTagDefinitions()).Description);
        Assert.Equal("older", Assert.Single(graph.AsOf(T0.AddHours(1)).GetTagDefinitions()).Description);
        Assert.Empty(graph.AsOf(T0.AddMinutes(-1)).GetTagDefinitions());
    }

    [Fact]
    public void Tag_definitions_survive_a_checkpoint()
    {
        using var graph = LineageGraph.From(
        [
            Run(Job("load"), [], [Output(Dataset("orders"))], at: T0),
            Stored(TagDefinitionFacet.Event("tier=gold", "Tier-one <data> & \"quoted\"", Producer, T0.AddHours(1))),
        ]);
        using var checkpoint = new MemoryStream();
        graph.WriteCheckpoint(checkpoint);
        using var restored = new LineageGraph();
        restored.LoadCheckpoint(checkpoint.ToArray());

        Assert.Equal(graph.GetTagDefinitions(), restored.GetTagDefinitions());
        Assert.Equal(1, restored.DatasetCount);
    }
}

using Tributary.Model;
using Tributary.Model.Facets;

namespace Tributary.Incidents;

/// <summary>
/// Builds the event that resolves an incident by hand: a <see cref="DatasetEvent"/> (or a <see cref="JobEvent"/>
/// for a failed run's job) carrying <see cref="IncidentResolutionFacet"/>. It goes in through the ingest door like
/// any event, so it is stored durably and replayed; the graph keeps it as a resolution, not as a sighting of the node.
/// </summary>
public static class IncidentResolutions
{
    /// <summary>The producer URI written on resolution events.</summary>
    public const string Producer = "https://github.com/tributary-lineage/tributary/tree/0.1.0/incidents";

    /// <summary>
    /// The resolution event for <paramref name="incident"/> on <paramref name="node"/> (the incident's dataset or
    /// job).
    /// </summary>
    public static LineageEvent Event(IncidentId incident, NodeId node, string? resolvedBy, string? note, DateTimeOffset at)
    {
        var facet = new IncidentResolutionFacet(incident.ToString(), resolvedBy, note).ToRawFacet(Producer);
        var facets = new FacetSet([new(IncidentResolutionFacet.Key, facet)]);
        return node.Kind == NodeKind.Job
            ? new JobEvent { EventTime = at, Producer = Producer, Job = new Job(node.AsJob()) { Facets = facets } }
            : new DatasetEvent { EventTime = at, Producer = Producer, Dataset = new Dataset(node.AsDataset()) { Facets = facets } };
    }
}

using Tributary.Graph;
using Tributary.Model;

namespace Tributary.Server.Hosting;

/// <summary>
/// For each dataset, job and run, which stored event carried each of its current facets (newest by event time).
/// The graph keeps these locations, so they come back with its checkpoint; the facets themselves stay in the store
/// (they can be megabytes), and reading them means reading just those events back.
/// </summary>
public sealed class EventIndex(LineageGraph graph)
{
    /// <summary>The facet names of a node with where each was last seen.</summary>
    public IReadOnlyDictionary<string, FacetLocation> FacetsOf(NodeId node) => graph.GetFacetLocations(node);
}

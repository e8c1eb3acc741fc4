using Tributary.Model;
using Tributary.Model.Facets;

namespace Tributary.Graph;

/// <summary>An edge of the lineage graph, with when it was first and last seen.</summary>
/// <param name="From">Where data (or control) comes from.</param>
/// <param name="To">Where it goes.</param>
/// <param name="Kind">What the edge means.</param>
/// <param name="FirstSeen">The event time that first reported the edge.</param>
/// <param name="LastSeen">The event time that last reported the edge.</param>
public sealed record LineageEdge(NodeId From, NodeId To, EdgeKind Kind, DateTimeOffset FirstSeen, DateTimeOffset LastSeen)
{
    /// <summary>For column lineage, every transformation reported (type, subtype, description, masking); empty otherwise.</summary>
    public IReadOnlyList<Transformation> Transformations { get; init; } = [];

    /// <summary>True when the transformations mask the data (no unmasked DIRECT transformation copies it through).</summary>
    public bool IsMasking { get; init; }
}

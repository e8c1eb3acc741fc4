using Tributary.Model;

namespace Tributary.Storage.Lake;

/// <summary>One row of <c>lineage_relationships</c>: an edge of the lineage with when it was first and last seen.</summary>
/// <param name="From">Where data comes from.</param>
/// <param name="To">Where it goes.</param>
/// <param name="Kind">What the edge means, by the projection's name for it (the graph's are <c>Read</c>, <c>Write</c>, <c>ColumnLineage</c>, <c>DatasetColumnLineage</c> and <c>RunOf</c>).</param>
/// <param name="FirstSeen">The event time that first reported it.</param>
/// <param name="LastSeen">The event time that last reported it.</param>
public sealed record LakeRelationship(NodeId From, NodeId To, string Kind, DateTimeOffset FirstSeen, DateTimeOffset LastSeen)
{
    /// <summary>True for column lineage that masks the data.</summary>
    public bool IsMasking { get; init; }

    /// <summary>The column-lineage transformations as a JSON array (empty for other edges).</summary>
    public string Transformations { get; init; } = "[]";
}

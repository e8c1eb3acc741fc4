using Tributary.Model;

namespace Tributary.Storage.Lake;

/// <summary>One row of <c>lineage_nodes</c>: a dataset, job or field with its attributes.</summary>
/// <param name="Node">The node's id (Marquez form).</param>
public sealed record LakeNode(NodeId Node)
{
    /// <summary>The dataset type, the field's data type or the job's type, or null.</summary>
    public string? Type { get; init; }

    /// <summary>The description, or null.</summary>
    public string? Description { get; init; }

    /// <summary>When any event first mentioned the node, or null (fields).</summary>
    public DateTimeOffset? FirstSeen { get; init; }

    /// <summary>When any event last mentioned the node, or null (fields).</summary>
    public DateTimeOffset? LastSeen { get; init; }

    /// <summary>Everything else the projection knows about the node (owners, tags, source, SQL, ...), as a JSON object.</summary>
    public string Attributes { get; init; } = "{}";
}

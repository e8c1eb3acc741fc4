using Tributary.Model;

namespace Tributary.Query;

/// <summary>A node in a query result, with how far it is from the node asked about.</summary>
/// <param name="Id">The node.</param>
/// <param name="UpstreamDepth">Levels upstream of the root (0 for the root), or null when not reached upstream.</param>
/// <param name="DownstreamDepth">Levels downstream of the root (0 for the root), or null when not reached downstream.</param>
/// <param name="Deleted">True when the node is a dropped dataset (or a field of one); seen only with <c>IncludeDeleted</c>.</param>
public sealed record LineageNode(NodeId Id, int? UpstreamDepth, int? DownstreamDepth, bool Deleted)
{
    /// <summary>What the node stands for.</summary>
    public NodeKind Kind => Id.Kind;
}

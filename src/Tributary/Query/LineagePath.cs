using Tributary.Model;

namespace Tributary.Query;

/// <summary>One simple path data takes from one node to another.</summary>
/// <param name="Nodes">The nodes along the path, first to last.</param>
public sealed record LineagePath(IReadOnlyList<NodeId> Nodes)
{
    /// <summary>The number of edges on the path.</summary>
    public int Length => Nodes.Count - 1;
}

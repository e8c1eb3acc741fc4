using Tributary.Graph;
using Tributary.Model;

namespace Tributary.Query;

/// <summary>The part of the graph around a node: nodes with their depths and the edges between them.</summary>
/// <param name="Root">The node asked about (resolved to its canonical node).</param>
/// <param name="Nodes">The nodes reached, root included, sorted by id.</param>
/// <param name="Edges">The edges walked between them, sorted by (from, to, kind).</param>
/// <param name="Partial">True when the node budget cut the walk short, so the graph may be larger than shown.</param>
public sealed record LineageResult(NodeId Root, IReadOnlyList<LineageNode> Nodes, IReadOnlyList<LineageEdge> Edges, bool Partial);

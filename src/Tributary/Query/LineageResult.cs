using Tributary.Graph;
using Tributary.Model;

namespace Tributary.Query;

/// <summary>The part of the graph around a node: nodes with their depths and the edges between them.</summary>
/// <param name="Root">The node asked about (resolved to its canonical node).</param>
/// <param name="Nodes">The nodes reached, root included, sorted by id.</param>
/// <param name="Edges">The edges walked between them, sorted by (from, to, kind).</param>
/// <param name="Partial">True when the node budget cut the walk short, so the graph may be larger than shown.</param>
public sealed record LineageResult(NodeId Root, IReadOnlyList<LineageNode> Nodes, IReadOnlyList<LineageEdge> Edges, bool Partial)
{
    /// <summary>
    /// The field-to-field part alone: the field nodes and the column-lineage edges between them, as Marquez's
    /// column-lineage answer holds them (its UI reads a dataset and a field from every node). The dataset-level
    /// (INDIRECT) lineage a column-lineage result also holds is left out.
    /// </summary>
    public LineageResult FieldsOnly()
    {
        var nodes = new List<LineageNode>(Nodes.Count);
        foreach (var node in Nodes)
        {
            if (node.Kind == NodeKind.DatasetField)
            {
                nodes.Add(node);
            }
        }

        var edges = new List<LineageEdge>(Edges.Count);
        foreach (var edge in Edges)
        {
            if (edge.Kind == EdgeKind.ColumnLineage)
            {
                edges.Add(edge);
            }
        }

        return this with { Nodes = nodes, Edges = edges };
    }
}

using Tributary.Graph;
using Tributary.Model;

namespace Tributary.Query;

public sealed partial class LineageQueryEngine
{
    /// <summary>
    /// The table-level lineage of a dataset or job (or the column lineage of a field): everything within
    /// <paramref name="upstreamDepth"/> levels upstream and <paramref name="downstreamDepth"/> levels downstream.
    /// A level is one job crossed: a dataset's writers and their inputs are one level up. Throws
    /// <see cref="ArgumentException"/> for a node the graph does not know.
    /// </summary>
    public LineageResult Lineage(NodeId node, int upstreamDepth, int downstreamDepth, LineageQueryOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(upstreamDepth);
        ArgumentOutOfRangeException.ThrowIfNegative(downstreamDepth);
        return _graph.Read(store =>
        {
            var start = Require(store, node, nameof(node));
            if (store.KindOf(start) == NodeKind.DatasetField)
            {
                return Walk(store, start, [start], Request(options, upstreamDepth, downstreamDepth, EdgeMask.Columns));
            }

            if (store.KindOf(start) == NodeKind.Run)
            {
                start = store.RunOf(start).Job;
            }

            return Walk(store, start, [start], Request(options, upstreamDepth, downstreamDepth, EdgeMask.Table));
        });
    }

    /// <summary>Everything a node comes from, up to <paramref name="depth"/> levels (default 20).</summary>
    public LineageResult Upstream(NodeId node, int depth = 20, LineageQueryOptions? options = null) => Lineage(node, depth, 0, options);

    /// <summary>Everything that comes from a node, up to <paramref name="depth"/> levels (default 20).</summary>
    public LineageResult Downstream(NodeId node, int depth = 20, LineageQueryOptions? options = null) => Lineage(node, 0, depth, options);

    /// <summary>
    /// The column lineage of a field, or of every field of a dataset: the fields (and, through the column-lineage
    /// facet's <c>dataset</c> list, datasets) it is computed from and flows into, with each edge's transformations.
    /// Depth counts column hops.
    /// </summary>
    public LineageResult ColumnLineage(NodeId node, int upstreamDepth, int downstreamDepth, LineageQueryOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(upstreamDepth);
        ArgumentOutOfRangeException.ThrowIfNegative(downstreamDepth);
        return _graph.Read(store =>
        {
            var start = Require(store, node, nameof(node));
            var starts = new List<int> { start };
            if (store.KindOf(start) == NodeKind.Dataset)
            {
                foreach (var field in store.DatasetOf(start).Fields ?? [])
                {
                    if (store.Resolve(field) == field)
                    {
                        starts.Add(field);
                    }
                }
            }
            else if (store.KindOf(start) != NodeKind.DatasetField)
            {
                throw new ArgumentException($"Column lineage needs a dataset or a field; '{node}' is a {store.KindOf(start)}.", nameof(node));
            }

            return Walk(store, start, [.. starts], Request(options, upstreamDepth, downstreamDepth, EdgeMask.Columns) with { CountJobLevels = false });
        });
    }

    private static LineageResult Walk(GraphStore store, int root, int[] starts, TraversalRequest request)
    {
        var result = GraphTraversal.Walk(store, starts, request);
        var nodes = new List<LineageNode>(result.Count);
        for (var i = 0; i < result.Count; i++)
        {
            var up = result.UpstreamDepths[i];
            var down = result.DownstreamDepths[i];
            nodes.Add(new LineageNode(store.IdOf(result.Nodes[i]), up < 0 ? null : up, down < 0 ? null : down, store.IsDeleted(result.Nodes[i])));
        }

        nodes.Sort((a, b) => a.Id.CompareTo(b.Id));
        var edges = new List<LineageEdge>(result.Edges.Count);
        foreach (var edge in result.Edges)
        {
            edges.Add(GraphViews.Edge(store, edge));
        }

        edges.Sort(EdgeOrder.Compare);
        return new LineageResult(store.IdOf(root), nodes, edges, result.Partial);
    }
}

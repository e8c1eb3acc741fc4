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
        var count = result.Count;

        // Sort node ids once; edges then sort by the positions of their ends, with no string comparisons.
        var ids = new NodeId[count];
        var order = new int[count];
        for (var i = 0; i < count; i++)
        {
            ids[i] = store.IdOf(result.Nodes[i]);
            order[i] = i;
        }

        Array.Sort(ids, order, NodeOrder.Instance);
        var nodes = new LineageNode[count];
        var position = new IntMap(count);
        for (var p = 0; p < count; p++)
        {
            var i = order[p];
            var (up, down) = (result.UpstreamDepths[i], result.DownstreamDepths[i]);
            nodes[p] = new LineageNode(ids[p], up < 0 ? null : up, down < 0 ? null : down, store.IsDeleted(result.Nodes[i]));
            position.TryAdd(result.Nodes[i], p);
        }

        var keys = new long[result.Edges.Count];
        var edgeIndexes = new int[result.Edges.Count];
        var records = store.Edges;
        for (var i = 0; i < keys.Length; i++)
        {
            var edge = result.Edges[i];
            position.TryGetValue(records[edge].From, out var from);
            position.TryGetValue(records[edge].To, out var to);
            keys[i] = (((long)from * count) + to) * 8 + (byte)records[edge].Kind;
            edgeIndexes[i] = edge;
        }

        Array.Sort(keys, edgeIndexes);
        var edges = new LineageEdge[keys.Length];
        for (var i = 0; i < edges.Length; i++)
        {
            edges[i] = GraphViews.Edge(store, edgeIndexes[i]);
        }

        return new LineageResult(store.IdOf(root), nodes, edges, result.Partial);
    }
}

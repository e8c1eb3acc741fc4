using System.Buffers;
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
        return Diagnostics.LineageTelemetry.Measure("lineage", () => _graph.Read(store =>
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
        }));
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
        return Diagnostics.LineageTelemetry.Measure("column-lineage", () => _graph.Read(store =>
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
        }));
    }

    private static LineageResult Walk(GraphStore store, int root, int[] starts, TraversalRequest request)
    {
        using var result = GraphTraversal.Walk(store, starts, request);
        var count = result.Count;
        var edgeCount = result.Edges.Count;

        // Temporaries come from the shared pools: at 10,000 nodes they would otherwise be large-object allocations.
        var ids = ArrayPool<NodeId>.Shared.Rent(count);
        var order = ArrayPool<int>.Shared.Rent(count);
        var keys = ArrayPool<long>.Shared.Rent(edgeCount);
        var edgeIndexes = ArrayPool<int>.Shared.Rent(edgeCount);
        using var position = new IntMap(count);
        try
        {
            // Sort node ids once; edges then sort by the positions of their ends, with no string comparisons.
            for (var i = 0; i < count; i++)
            {
                ids[i] = store.IdOf(result.Nodes[i]);
                order[i] = i;
            }

            NodeSort.Sort(ids, order, count);
            var nodes = new ChunkedList<LineageNode>();
            for (var p = 0; p < count; p++)
            {
                var i = order[p];
                var (up, down) = (result.UpstreamDepths[i], result.DownstreamDepths[i]);
                nodes.Add(new LineageNode(ids[p], up < 0 ? null : up, down < 0 ? null : down, GraphMoment.DeletedAt(store, result.Nodes[i], request.AsOf)));
                position.TryAdd(result.Nodes[i], p);
            }

            var records = store.Edges;
            for (var i = 0; i < edgeCount; i++)
            {
                var edge = result.Edges[i];
                position.TryGetValue(records[edge].From, out var from);
                position.TryGetValue(records[edge].To, out var to);
                keys[i] = (((long)from * count) + to) * 8 + (byte)records[edge].Kind;
                edgeIndexes[i] = edge;
            }

            Array.Sort(keys, edgeIndexes, 0, edgeCount);
            var edges = new ChunkedList<LineageEdge>();
            for (var i = 0; i < edgeCount; i++)
            {
                // The key holds both ends' positions in the sorted node list, so their ids need no second lookup.
                var ends = keys[i] / 8;
                edges.Add(GraphViews.Edge(store, edgeIndexes[i], ids[ends / count], ids[ends % count]));
            }

            return new LineageResult(store.IdOf(root), nodes, edges, result.Partial);
        }
        finally
        {
            ArrayPool<NodeId>.Shared.Return(ids, clearArray: true);
            ArrayPool<int>.Shared.Return(order);
            ArrayPool<long>.Shared.Return(keys);
            ArrayPool<int>.Shared.Return(edgeIndexes);
        }
    }
}

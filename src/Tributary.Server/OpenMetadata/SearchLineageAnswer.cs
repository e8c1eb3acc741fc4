using Tributary.Model;

namespace Tributary.Server.OpenMetadata;

/// <summary>
/// OpenMetadata's search lineage answer (<c>GET /api/v1/lineage/getLineage</c>): nodes keyed by fully qualified name
/// with their depth, edges keyed by <c>fromId-toId</c>, and per-layer totals. <c>from</c> and <c>size</c> page the
/// nodes other than the entity (nearest layers first, then by name); edges are those between the nodes returned.
/// </summary>
internal static class SearchLineageAnswer
{
    public static SearchLineageResult Of(TableLineage view, NodeId root, int upstream, int downstream, int from, int size)
    {
        var (result, up, down) = view.Around(root, upstream, downstream);
        var others = result.Nodes
            .Where(n => n.Id != root && n.Kind == NodeKind.Dataset)
            .Select(n => (Node: n, Depth: Math.Min(n.UpstreamDepth ?? int.MaxValue, n.DownstreamDepth ?? int.MaxValue), Reference: view.Reference(n.Id)))
            .OrderBy(n => n.Depth).ThenBy(n => n.Reference.FullyQualifiedName, StringComparer.Ordinal)
            .ToList();
        var page = others.Skip(from).Take(size).ToList();
        var nodes = new SortedDictionary<string, NodeInformation>(StringComparer.Ordinal);
        var rootReference = view.Reference(root);
        nodes[rootReference.FullyQualifiedName!] = new NodeInformation(rootReference, 0);
        var kept = new HashSet<NodeId> { root };
        foreach (var (node, depth, reference) in page)
        {
            nodes[reference.FullyQualifiedName!] = new NodeInformation(reference, depth);
            kept.Add(node.Id);
        }

        return new SearchLineageResult(
            new DirectionPaging(Layers(others.Where(n => n.Node.UpstreamDepth is > 0).Select(n => n.Node.UpstreamDepth!.Value)), Layers(others.Where(n => n.Node.DownstreamDepth is > 0).Select(n => n.Node.DownstreamDepth!.Value))),
            nodes,
            Edges(view, up, kept),
            Edges(view, down, kept));
    }

    private static List<LayerPaging> Layers(IEnumerable<int> depths) =>
        [.. depths.GroupBy(d => d).OrderBy(g => g.Key).Select(g => new LayerPaging(g.Key, g.Count()))];

    private static SortedDictionary<string, SearchLineageEdge> Edges(TableLineage view, List<TableLineage.Edge> edges, HashSet<NodeId> kept)
    {
        var map = new SortedDictionary<string, SearchLineageEdge>(StringComparer.Ordinal);
        foreach (var edge in edges)
        {
            if (!kept.Contains(edge.From) || !kept.Contains(edge.To))
            {
                continue;
            }

            var from = view.Reference(edge.From);
            var to = view.Reference(edge.To);
            var details = view.Details(edge);
            var key = from.Id.ToString("D") + "-" + to.Id.ToString("D");
            map.TryAdd(key, new SearchLineageEdge(new RelationshipRef(from.Id, from.FullyQualifiedName!, from.Type), new RelationshipRef(to.Id, to.FullyQualifiedName!, to.Type))
            {
                Pipeline = details.Pipeline,
                SqlQuery = details.SqlQuery,
                Columns = details.ColumnsLineage,
                Description = details.Description,
                Source = details.Source,
                Doc_id = key,
                PipelineEntityType = details.Pipeline is null ? null : "pipeline",
            });
        }

        return map;
    }
}

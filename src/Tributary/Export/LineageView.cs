using Tributary.Graph;
using Tributary.Model;
using Tributary.Query;

namespace Tributary.Export;

/// <summary>
/// The part of a lineage graph an exporter writes: nodes with what the graph knows about them, and the edges
/// between them, both sorted by node id with ordinal comparison so every export of the same graph is byte-identical.
/// Make one from a whole graph or from a query's <see cref="LineageResult"/> (the subgraph around a node).
/// </summary>
public sealed class LineageView
{
    private readonly Dictionary<NodeId, LineageViewNode> _byId;

    private LineageView(List<LineageViewNode> nodes, List<LineageEdge> edges, NodeId? root, bool partial)
    {
        nodes.Sort((a, b) => a.Id.CompareTo(b.Id));
        _byId = nodes.ToDictionary(n => n.Id);
        edges.RemoveAll(e => !_byId.ContainsKey(e.From) || !_byId.ContainsKey(e.To));
        edges.Sort(EdgeOrder.Compare);
        Nodes = nodes;
        Edges = edges;
        Root = root;
        Partial = partial;
    }

    /// <summary>The nodes, sorted by id.</summary>
    public IReadOnlyList<LineageViewNode> Nodes { get; }

    /// <summary>The edges whose both ends are in <see cref="Nodes"/>, sorted by (from, to, kind).</summary>
    public IReadOnlyList<LineageEdge> Edges { get; }

    /// <summary>The node the view is centred on, or null for a whole graph.</summary>
    public NodeId? Root { get; }

    /// <summary>True when the query's node budget cut the view short, so the lineage may be larger than shown.</summary>
    public bool Partial { get; }

    /// <summary>The node with this id, or null when the view does not contain it.</summary>
    public LineageViewNode? Find(NodeId id) => _byId.GetValueOrDefault(id);

    /// <summary>The whole graph: every dataset and job, and, as <paramref name="options"/> asks, fields, runs and dropped datasets.</summary>
    public static LineageView Of(LineageGraph graph, ExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        options ??= ExportOptions.Default;
        var latest = LatestRuns(graph.GetRuns());
        var nodes = new List<LineageViewNode>();
        var datasets = new Dictionary<DatasetId, DatasetInfo>();
        foreach (var dataset in graph.GetDatasets())
        {
            if (!dataset.Deleted || options.IncludeDeleted)
            {
                datasets[dataset.Id] = dataset;
                nodes.Add(new LineageViewNode(dataset.Node) { Dataset = dataset });
            }
        }

        foreach (var job in graph.GetJobs())
        {
            nodes.Add(new LineageViewNode(job.Node) { Job = job, Run = latest.GetValueOrDefault(job.Id) });
        }

        if (options.IncludeRuns)
        {
            foreach (var run in graph.GetRuns())
            {
                nodes.Add(new LineageViewNode(NodeId.From(run.Id)) { Run = run });
            }
        }

        var edges = graph.GetEdges().Where(e => Wanted(e.Kind, options)).ToList();
        if (options.IncludeFields)
        {
            var fields = new HashSet<NodeId>();
            foreach (var edge in edges)
            {
                AddField(edge.From);
                AddField(edge.To);
            }

            void AddField(NodeId id)
            {
                if (id.Kind == NodeKind.DatasetField && fields.Add(id) && datasets.TryGetValue(id.AsDataset(), out var owner))
                {
                    var field = owner.Fields.FirstOrDefault(f => f.Node == id) ?? graph.GetField(id.AsField());
                    nodes.Add(new LineageViewNode(id) { Field = field, Dataset = owner });
                }
            }
        }

        var partial = options.MaxNodes is { } max && nodes.Count > max;
        if (partial)
        {
            nodes.Sort((a, b) => a.Id.CompareTo(b.Id));
            nodes.RemoveRange(options.MaxNodes!.Value, nodes.Count - options.MaxNodes.Value);
        }

        return new LineageView(nodes, edges, null, partial);
    }

    /// <summary>The subgraph a lineage query returned (see <c>LineageQueryEngine.Lineage</c>), with each node's depth from the root.</summary>
    public static LineageView Of(LineageGraph graph, LineageResult result, ExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(result);
        options ??= ExportOptions.Default;
        var nodes = new List<LineageViewNode>(result.Nodes.Count);
        foreach (var node in result.Nodes)
        {
            var id = node.Id;
            var view = new LineageViewNode(id) { UpstreamDepth = node.UpstreamDepth, DownstreamDepth = node.DownstreamDepth };
            view = id.Kind switch
            {
                NodeKind.Dataset => view with { Dataset = graph.GetDataset(id.AsDataset()) },
                NodeKind.Job => view with { Job = graph.GetJob(id.AsJob()), Run = graph.GetRuns(id.AsJob()) is { Count: > 0 } runs ? runs[^1] : null },
                NodeKind.DatasetField => view with { Field = graph.GetField(id.AsField()), Dataset = graph.GetDataset(id.AsDataset()) },
                _ => view with { Run = graph.GetRun(id.AsRun()) },
            };
            if (!view.Deleted || options.IncludeDeleted || id == result.Root)
            {
                nodes.Add(view);
            }
        }

        return new LineageView(nodes, [.. result.Edges], result.Root, result.Partial);
    }

    /// <summary>
    /// This view with each dataset and field carrying its classifications from <paramref name="report"/>, put there
    /// or propagated; a field's go on its dataset when the view does not draw the field. Exports show them.
    /// </summary>
    public LineageView With(ClassificationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var byNode = new Dictionary<NodeId, List<Classification>>();
        foreach (var classification in report.Classifications)
        {
            var node = classification.Node;
            if (!_byId.ContainsKey(node) && node.Kind == NodeKind.DatasetField)
            {
                node = NodeId.From(node.AsDataset());
            }

            if (_byId.ContainsKey(node))
            {
                if (!byNode.TryGetValue(node, out var list))
                {
                    byNode[node] = list = [];
                }

                list.Add(classification);
            }
        }

        var nodes = Nodes.Select(n => byNode.TryGetValue(n.Id, out var tags) ? n with { Classifications = tags } : n).ToList();
        return new LineageView(nodes, [.. Edges], Root, Partial);
    }

    private static bool Wanted(EdgeKind kind, ExportOptions options) => kind switch
    {
        EdgeKind.Read or EdgeKind.Write => true,
        EdgeKind.ColumnLineage or EdgeKind.DatasetColumnLineage => options.IncludeFields,
        _ => options.IncludeRuns,
    };

    // The most recently started run of each job (runs arrive sorted by start time, then id).
    private static Dictionary<JobId, RunInfo> LatestRuns(IReadOnlyList<RunInfo> runs)
    {
        var latest = new Dictionary<JobId, RunInfo>();
        foreach (var run in runs)
        {
            latest[run.Job] = run;
        }

        return latest;
    }
}

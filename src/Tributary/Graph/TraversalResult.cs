namespace Tributary.Graph;

// The nodes a traversal reached (with their distance upstream and downstream, -1 when not reached that way), the
// edges it walked between them, and whether the node budget cut it short.
internal sealed class TraversalResult
{
    private readonly Dictionary<int, int> _index = [];
    private readonly HashSet<int> _edgeSet = [];

    public List<int> Nodes { get; } = [];

    public List<int> UpstreamDepths { get; } = [];

    public List<int> DownstreamDepths { get; } = [];

    public List<int> Edges { get; } = [];

    public bool Partial { get; set; }

    public int Count => Nodes.Count;

    public bool Contains(int node) => _index.ContainsKey(node);

    public int DepthOf(int node, bool downstream)
    {
        if (!_index.TryGetValue(node, out var at))
        {
            return -1;
        }

        return downstream ? DownstreamDepths[at] : UpstreamDepths[at];
    }

    public void Add(int node, bool downstream, int depth)
    {
        if (!_index.TryGetValue(node, out var at))
        {
            at = Nodes.Count;
            _index.Add(node, at);
            Nodes.Add(node);
            UpstreamDepths.Add(-1);
            DownstreamDepths.Add(-1);
        }

        var depths = downstream ? DownstreamDepths : UpstreamDepths;
        if (depths[at] < 0 || depth < depths[at])
        {
            depths[at] = depth;
        }
    }

    public void AddEdge(int edge)
    {
        if (_edgeSet.Add(edge))
        {
            Edges.Add(edge);
        }
    }
}

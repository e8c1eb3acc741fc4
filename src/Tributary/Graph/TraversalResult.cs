namespace Tributary.Graph;

// The nodes a traversal reached (with their distance upstream and downstream, -1 when not reached that way), the
// edges it walked between them, and whether the node budget cut it short.
internal sealed class TraversalResult : IDisposable
{
    private readonly IntMap _index;
    private readonly IntMap _edgeSet;

    public TraversalResult(int expectedNodes = 64)
    {
        _index = new IntMap(expectedNodes);
        _edgeSet = new IntMap(expectedNodes * 2);
        Nodes = new PooledList<int>(expectedNodes);
        UpstreamDepths = new PooledList<int>(expectedNodes);
        DownstreamDepths = new PooledList<int>(expectedNodes);
        Edges = new PooledList<int>(expectedNodes * 2);
    }

    public PooledList<int> Nodes { get; }

    public PooledList<int> UpstreamDepths { get; }

    public PooledList<int> DownstreamDepths { get; }

    public PooledList<int> Edges { get; }

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
            _index.TryAdd(node, at);
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
        if (_edgeSet.TryAdd(edge, 0))
        {
            Edges.Add(edge);
        }
    }

    public void Dispose()
    {
        _index.Dispose();
        _edgeSet.Dispose();
        Nodes.Dispose();
        UpstreamDepths.Dispose();
        DownstreamDepths.Dispose();
        Edges.Dispose();
    }
}

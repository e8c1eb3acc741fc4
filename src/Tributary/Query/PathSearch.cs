using Tributary.Graph;
using Tributary.Model;

namespace Tributary.Query;

// Enumerates simple paths of one exact length by depth-first search, stepping only to nodes whose distance to the
// target still fits in the remaining length, within a work budget. Called with increasing lengths, it yields the
// shortest paths first.
internal sealed class PathSearch(GraphStore store, TraversalRequest request, TraversalResult toTarget, int target, int maxPaths, int budget) : IDisposable
{
    // Each job's latest run as of the request's moment, for the edges a path may take then (null: now).
    private readonly IntMap? _runs = request.AsOf == GraphMoment.Now ? null : new IntMap(64);

    private readonly List<int> _path = [];
    private readonly HashSet<int> _onPath = [];
    private int _work;

    public List<LineagePath> Paths { get; } = [];

    public bool Truncated { get; private set; }

    public bool Done => Paths.Count >= maxPaths || Truncated;

    public void Run(int source, int length)
    {
        var found = new List<LineagePath>();
        _path.Clear();
        _onPath.Clear();
        _path.Add(source);
        _onPath.Add(source);
        Extend(source, length, found);
        found.Sort(ComparePaths);
        foreach (var path in found)
        {
            if (Paths.Count >= maxPaths)
            {
                Truncated = true;
                break;
            }

            Paths.Add(path);
        }
    }

    private void Extend(int node, int remaining, List<LineagePath> found)
    {
        if (remaining == 0)
        {
            if (node == target)
            {
                found.Add(new LineagePath([.. _path.Select(store.IdOf)]));
            }

            return;
        }

        var edges = store.Edges;
        for (var e = store.Nodes[node].FirstOut; e >= 0; e = edges[e].NextOut)
        {
            if (++_work > budget || found.Count + Paths.Count > maxPaths)
            {
                Truncated = true;
                return;
            }

            var next = edges[e].To;
            if (!GraphTraversal.Follows(in edges[e], request) || _onPath.Contains(next) || (_runs is not null && !GraphMoment.EdgeAt(store, e, request.AsOf, _runs)))
            {
                continue;
            }

            var distance = toTarget.DepthOf(next, downstream: false);
            if (distance < 0 || distance > remaining - 1)
            {
                continue;
            }

            _path.Add(next);
            _onPath.Add(next);
            Extend(next, remaining - 1, found);
            _path.RemoveAt(_path.Count - 1);
            _onPath.Remove(next);
        }
    }

    public void Dispose() => _runs?.Dispose();

    private static int ComparePaths(LineagePath a, LineagePath b)
    {
        for (var i = 0; i < a.Nodes.Count && i < b.Nodes.Count; i++)
        {
            var c = a.Nodes[i].CompareTo(b.Nodes[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return a.Nodes.Count.CompareTo(b.Nodes.Count);
    }
}

namespace Tributary.Export;

// A layered left-to-right layout (Sugiyama's scheme, kept small): break cycles by reversing DFS back edges,
// assign layers by longest path, route edges spanning several layers through dummy nodes, then reduce crossings
// with a few barycentric down and up sweeps. Node indices are the caller's; results are deterministic because
// every step breaks ties by index. Cost is linear in nodes, edges and dummies per sweep; dummies are capped.
internal sealed class LayeredLayout
{
    private const int MaxDummies = 20_000;

    private LayeredLayout(int[] layer, int[] slot, int layerCount, int maxSlots, List<int[]> routes)
    {
        Layer = layer;
        Slot = slot;
        LayerCount = layerCount;
        MaxSlots = maxSlots;
        Routes = routes;
    }

    // Per real and dummy node: its layer (column) and its slot (row) within the layer.
    public int[] Layer { get; }

    public int[] Slot { get; }

    public int LayerCount { get; }

    public int MaxSlots { get; }

    // Per input edge, in input order: the nodes it passes through, from its source to its target (dummies between).
    public List<int[]> Routes { get; }

    public static LayeredLayout Compute(int nodeCount, IReadOnlyList<(int From, int To)> edges, int sweeps = 4)
    {
        var dag = BreakCycles(nodeCount, edges);
        var layer = AssignLayers(nodeCount, dag);

        // Split long edges into unit-length segments through dummy nodes (while the budget lasts).
        var layers = new List<int>(layer);
        var up = new List<List<int>>();
        var down = new List<List<int>>();
        for (var i = 0; i < nodeCount; i++)
        {
            up.Add([]);
            down.Add([]);
        }

        var routes = new List<int[]>(edges.Count);
        var dummies = 0;
        for (var e = 0; e < edges.Count; e++)
        {
            var (from, to) = dag[e];
            if (from == to)
            {
                routes.Add([edges[e].From, edges[e].To]);
                continue;
            }

            var path = new List<int> { from };
            var span = layers[to] - layers[from];
            if (span > 1 && dummies + span - 1 <= MaxDummies)
            {
                for (var l = layers[from] + 1; l < layers[to]; l++)
                {
                    layers.Add(l);
                    up.Add([]);
                    down.Add([]);
                    path.Add(layers.Count - 1);
                    dummies++;
                }
            }

            path.Add(to);
            for (var i = 0; i + 1 < path.Count; i++)
            {
                if (layers[path[i + 1]] - layers[path[i]] == 1)
                {
                    down[path[i]].Add(path[i + 1]);
                    up[path[i + 1]].Add(path[i]);
                }
            }

            if (edges[e].From != from)
            {
                path.Reverse();
            }

            routes.Add([.. path]);
        }

        var total = layers.Count;
        var layerCount = total == 0 ? 0 : layers.Max() + 1;
        var columns = new List<int>[layerCount];
        for (var l = 0; l < layerCount; l++)
        {
            columns[l] = [];
        }

        for (var v = 0; v < total; v++)
        {
            columns[layers[v]].Add(v);
        }

        var slot = new int[total];
        foreach (var column in columns)
        {
            for (var i = 0; i < column.Count; i++)
            {
                slot[column[i]] = i;
            }
        }

        for (var s = 0; s < sweeps; s++)
        {
            for (var l = 1; l < layerCount; l++)
            {
                Reorder(columns[l], up, slot);
            }

            for (var l = layerCount - 2; l >= 0; l--)
            {
                Reorder(columns[l], down, slot);
            }
        }

        for (var l = 1; l < layerCount; l++)
        {
            Reorder(columns[l], up, slot);
        }

        var maxSlots = columns.Length == 0 ? 0 : columns.Max(c => c.Count);
        return new LayeredLayout([.. layers], slot, layerCount, maxSlots, routes);
    }

    // Orders a layer by the mean slot of each node's neighbours in the adjacent, already ordered layer; a node
    // without neighbours keeps its slot as its key, and ties keep the current order.
    private static void Reorder(List<int> column, List<List<int>> neighbours, int[] slot)
    {
        var keys = new Dictionary<int, double>(column.Count);
        foreach (var v in column)
        {
            var adjacent = neighbours[v];
            keys[v] = adjacent.Count == 0 ? slot[v] : adjacent.Average(n => slot[n]);
        }

        var ordered = column.OrderBy(v => keys[v]).ThenBy(v => slot[v]).ToList();
        column.Clear();
        column.AddRange(ordered);
        for (var i = 0; i < column.Count; i++)
        {
            slot[column[i]] = i;
        }
    }

    // An iterative depth-first search in index order; an edge to a node still on the stack closes a cycle and is
    // reversed. Returns the edges with back edges flipped (self-loops stay as they are and are ignored later).
    private static (int From, int To)[] BreakCycles(int nodeCount, IReadOnlyList<(int From, int To)> edges)
    {
        var outgoing = new List<int>[nodeCount];
        for (var i = 0; i < nodeCount; i++)
        {
            outgoing[i] = [];
        }

        for (var e = 0; e < edges.Count; e++)
        {
            outgoing[edges[e].From].Add(e);
        }

        var state = new byte[nodeCount]; // 0 unseen, 1 on the stack, 2 done
        var reversed = new bool[edges.Count];
        var stack = new Stack<(int Node, int Next)>();
        for (var root = 0; root < nodeCount; root++)
        {
            if (state[root] != 0)
            {
                continue;
            }

            stack.Push((root, 0));
            state[root] = 1;
            while (stack.Count > 0)
            {
                var (node, next) = stack.Pop();
                if (next < outgoing[node].Count)
                {
                    stack.Push((node, next + 1));
                    var e = outgoing[node][next];
                    var target = edges[e].To;
                    if (state[target] == 1)
                    {
                        reversed[e] = target != node;
                    }
                    else if (state[target] == 0)
                    {
                        state[target] = 1;
                        stack.Push((target, 0));
                    }
                }
                else
                {
                    state[node] = 2;
                }
            }
        }

        var dag = new (int, int)[edges.Count];
        for (var e = 0; e < edges.Count; e++)
        {
            dag[e] = reversed[e] ? (edges[e].To, edges[e].From) : edges[e];
        }

        return dag;
    }

    // Longest-path layering in topological order, then sources pulled right next to their nearest successor so
    // a lone input does not sit far from the job that reads it.
    private static List<int> AssignLayers(int nodeCount, (int From, int To)[] dag)
    {
        var indegree = new int[nodeCount];
        var outgoing = new List<int>[nodeCount];
        for (var i = 0; i < nodeCount; i++)
        {
            outgoing[i] = [];
        }

        foreach (var (from, to) in dag)
        {
            if (from != to)
            {
                outgoing[from].Add(to);
                indegree[to]++;
            }
        }

        var layer = new int[nodeCount];
        var queue = new Queue<int>();
        for (var i = 0; i < nodeCount; i++)
        {
            if (indegree[i] == 0)
            {
                queue.Enqueue(i);
            }
        }

        var sources = queue.ToArray();
        while (queue.Count > 0)
        {
            var v = queue.Dequeue();
            foreach (var w in outgoing[v])
            {
                layer[w] = Math.Max(layer[w], layer[v] + 1);
                if (--indegree[w] == 0)
                {
                    queue.Enqueue(w);
                }
            }
        }

        foreach (var source in sources)
        {
            if (outgoing[source].Count > 0)
            {
                layer[source] = outgoing[source].Min(w => layer[w]) - 1;
            }
        }

        return [.. layer];
    }
}

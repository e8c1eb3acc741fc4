using Tributary.Model;

namespace Tributary.Graph;

/// <summary>
/// The one traversal every query uses: a breadth-first walk over the interned adjacency, upstream and downstream
/// with separate depth limits, within a node budget. Visited sets make cycles harmless; the budget bounds work on
/// huge graphs, and a walk cut short by it says so with <c>Partial</c>.
/// </summary>
internal static class GraphTraversal
{
    public static TraversalResult Walk(GraphStore store, ReadOnlySpan<int> starts, TraversalRequest request)
    {
        var result = new TraversalResult(Math.Min(request.MaxNodes, 8192));
        foreach (var start in starts)
        {
            if (result.Count >= request.MaxNodes && !result.Contains(start))
            {
                result.Partial = true;
                return result;
            }

            result.Add(start, downstream: false, 0);
            result.Add(start, downstream: true, 0);
        }

        if (request.UpstreamDepth > 0)
        {
            Walk(store, starts, downstream: false, request.UpstreamDepth, request, result);
        }

        if (request.DownstreamDepth > 0 && !result.Partial)
        {
            Walk(store, starts, downstream: true, request.DownstreamDepth, request, result);
        }

        return result;
    }

    private static void Walk(GraphStore store, ReadOnlySpan<int> starts, bool downstream, int maxDepth, TraversalRequest request, TraversalResult result)
    {
        var nodes = store.Nodes;
        var edges = store.Edges;
        using var depths = new IntMap(Math.Min(request.MaxNodes, 8192));
        using var frontier = new PooledList<int>(starts.Length);
        foreach (var start in starts)
        {
            if (depths.TryAdd(start, 0))
            {
                frontier.Add(start);
            }
        }

        using var next = new PooledList<int>();

        // As of a moment, each job's latest run then decides its reads and writes; the map caches it for this walk.
        var moment = request.AsOf;
        using var runs = moment == GraphMoment.Now ? null : new IntMap(64);
        for (var level = 0; frontier.Count > 0; level++)
        {
            // The frontier may grow while it is walked: a step from a job to the dataset it writes (or reads,
            // upstream) stays on the same level when depth counts jobs.
            for (var i = 0; i < frontier.Count; i++)
            {
                var u = frontier[i];
                var fromJob = request.CountJobLevels && level > 0 && nodes[u].Kind == NodeKind.Job;
                var e = downstream ? nodes[u].FirstOut : nodes[u].FirstIn;
                while (e >= 0)
                {
                    ref readonly var edge = ref edges[e];
                    var current = e;
                    e = downstream ? edge.NextOut : edge.NextIn;
                    if (!Follows(in edge, request))
                    {
                        continue;
                    }

                    if (runs is not null && !GraphMoment.EdgeAt(store, current, moment, runs))
                    {
                        continue;
                    }

                    var v = downstream ? edge.To : edge.From;
                    if (!request.IncludeDeleted && (runs is null ? store.IsDeleted(v) : GraphMoment.DeletedAt(store, v, moment)))
                    {
                        continue;
                    }

                    var cost = fromJob && nodes[v].Kind == NodeKind.Dataset ? 0 : 1;
                    var depth = level + cost;
                    if (depth > maxDepth)
                    {
                        continue;
                    }

                    // One probe both asks and marks; a walk cut short below returns at once, so marking first is safe.
                    if (!depths.TryAdd(v, depth))
                    {
                        result.AddEdge(current);
                        continue;
                    }

                    if (result.Count >= request.MaxNodes && !result.Contains(v))
                    {
                        result.Partial = true;
                        return;
                    }

                    result.Add(v, downstream, depth);
                    result.AddEdge(current);
                    (cost == 0 ? frontier : next).Add(v);
                }
            }

            frontier.Clear();
            for (var i = 0; i < next.Count; i++)
            {
                frontier.Add(next[i]);
            }

            next.Clear();
        }
    }

    // Whether a walk with this request may cross the edge; path enumeration uses the same rule.
    public static bool Follows(in EdgeRecord edge, TraversalRequest request) =>
        !edge.Dead
        && ((int)request.Edges & (1 << (int)edge.Kind)) != 0
        && edge.FirstSeen <= request.AsOf
        && !(request.SkipMasking && edge.Masking)
        && !(request.DirectOnly && (edge.Kind == EdgeKind.DatasetColumnLineage || (edge.Kind == EdgeKind.ColumnLineage && !edge.Direct)));
}

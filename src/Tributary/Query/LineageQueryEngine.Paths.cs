using Tributary.Graph;
using Tributary.Model;

namespace Tributary.Query;

public sealed partial class LineageQueryEngine
{
    /// <summary>
    /// Every simple path data takes downstream from <paramref name="from"/> to <paramref name="to"/>, shortest first,
    /// at most <paramref name="maxPaths"/> paths (default 100) of at most <paramref name="maxLength"/> edges (default
    /// 20). Between fields it follows column lineage; otherwise table lineage. Paths say <c>Partial</c> when a limit
    /// may have hidden more.
    /// </summary>
    public DataFlowTrace TraceDataFlow(NodeId from, NodeId to, int maxPaths = 100, int maxLength = 20, LineageQueryOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPaths, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        return Diagnostics.LineageTelemetry.Measure("trace-data-flow", () => _graph.Read(store =>
        {
            var source = Require(store, from, nameof(from));
            var target = Require(store, to, nameof(to));
            var columns = store.KindOf(source) == NodeKind.DatasetField || store.KindOf(target) == NodeKind.DatasetField;
            var request = Request(options, maxLength, 0, columns ? EdgeMask.Columns : EdgeMask.Table) with { CountJobLevels = false };

            // Distances to the target (walking upstream from it) prune the enumeration to nodes that can still reach it.
            using var toTarget = GraphTraversal.Walk(store, [target], request);
            using var search = new PathSearch(store, request, toTarget, target, maxPaths, request.MaxNodes * 16);
            var first = toTarget.DepthOf(source, downstream: false);
            var length = Math.Max(first, 0);
            for (; first >= 0 && length <= maxLength && !search.Done; length++)
            {
                search.Run(source, length);
            }

            // Stopping at maxPaths before every length was tried may hide longer paths.
            var partial = toTarget.Partial || search.Truncated || (search.Paths.Count >= maxPaths && length <= maxLength);
            return new DataFlowTrace(store.IdOf(source), store.IdOf(target), search.Paths, partial);
        }));
    }
}

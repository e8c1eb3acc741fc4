using Tributary.Graph;
using Tributary.Model;
using Tributary.Model.Facets;

namespace Tributary.Query;

public sealed partial class LineageQueryEngine
{
    /// <summary>
    /// What a change to a dataset, job or field affects: every dataset and job downstream (by levels of jobs
    /// crossed), every field its columns flow into (by column hops), grouped by depth, with the owners to notify.
    /// </summary>
    public ImpactReport Impact(NodeId node, int maxDepth = 20, LineageQueryOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxDepth);
        return Diagnostics.LineageTelemetry.Measure("impact", () => _graph.Read(store =>
        {
            var start = Require(store, node, nameof(node));
            var kind = store.KindOf(start);
            if (kind == NodeKind.Run)
            {
                start = store.RunOf(start).Job;
                kind = NodeKind.Job;
            }

            var levels = new SortedDictionary<int, (SortedSet<DatasetId> Datasets, SortedSet<JobId> Jobs, SortedSet<FieldId> Fields)>();
            (SortedSet<DatasetId> Datasets, SortedSet<JobId> Jobs, SortedSet<FieldId> Fields) Level(int depth)
            {
                if (!levels.TryGetValue(depth, out var level))
                {
                    level = ([], [], []);
                    levels.Add(depth, level);
                }

                return level;
            }

            var affected = new HashSet<int>();
            var partial = false;
            if (kind != NodeKind.DatasetField)
            {
                using var table = GraphTraversal.Walk(store, [start], Request(options, 0, maxDepth, EdgeMask.Table));
                partial |= table.Partial;
                for (var i = 0; i < table.Count; i++)
                {
                    var n = table.Nodes[i];
                    if (n == start)
                    {
                        continue;
                    }

                    affected.Add(n);
                    var (datasets, jobs, _) = Level(table.DownstreamDepths[i]);
                    if (store.KindOf(n) == NodeKind.Dataset)
                    {
                        datasets.Add(store.DatasetIdOf(n));
                    }
                    else
                    {
                        jobs.Add(store.JobIdOf(n));
                    }
                }
            }

            if (kind is NodeKind.Dataset or NodeKind.DatasetField)
            {
                var starts = kind == NodeKind.Dataset ? [.. (store.DatasetOf(start).Fields ?? []).Where(f => store.Resolve(f) == f)] : new[] { start };
                using var columns = GraphTraversal.Walk(store, starts, Request(options, 0, maxDepth, EdgeMask.Columns) with { CountJobLevels = false });
                partial |= columns.Partial;
                var startDataset = kind == NodeKind.Dataset ? start : store.FieldOf(start).Dataset;
                for (var i = 0; i < columns.Count; i++)
                {
                    var n = columns.Nodes[i];
                    var depth = columns.DownstreamDepths[i];
                    if (depth == 0)
                    {
                        continue;
                    }

                    var dataset = store.KindOf(n) == NodeKind.Dataset ? n : store.FieldOf(n).Dataset;
                    if (store.KindOf(n) == NodeKind.DatasetField)
                    {
                        Level(depth).Fields.Add(store.FieldIdOf(n));
                    }

                    // A field start has no table walk: the datasets its columns reach are what it affects.
                    if (kind == NodeKind.DatasetField && dataset != startDataset && affected.Add(dataset))
                    {
                        Level(depth).Datasets.Add(store.DatasetIdOf(dataset));
                    }
                }
            }

            var result = levels.Select(l => new ImpactLevel(l.Key, [.. l.Value.Datasets], [.. l.Value.Jobs], [.. l.Value.Fields])).ToArray();
            return new ImpactReport(store.IdOf(start), result, OwnersOf(store, affected, Moment(options)), partial);
        }));
    }

    // The owners of the nodes (as of the moment) and what each owns, by owner name.
    private static OwnerToNotify[] OwnersOf(GraphStore store, IEnumerable<int> nodes, long moment)
    {
        var owners = new SortedDictionary<string, (string? Type, SortedSet<NodeId> Owns)>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            IReadOnlyList<Owner>? list = store.KindOf(node) switch
            {
                NodeKind.Dataset => store.DatasetOf(node) is var d ? StateHistory.At(d.OwnersHistory, d.Owners, d.OwnersAt, moment) : null,
                NodeKind.Job => store.JobOf(node) is var j ? StateHistory.At(j.OwnersHistory, j.Owners, j.OwnersAt, moment) : null,
                _ => null,
            };
            foreach (var owner in list ?? [])
            {
                if (!owners.TryGetValue(owner.Name, out var entry))
                {
                    entry = (owner.Type, new SortedSet<NodeId>(NodeOrder.Instance));
                    owners.Add(owner.Name, entry);
                }

                entry.Owns.Add(store.IdOf(node));
            }
        }

        return [.. owners.Select(o => new OwnerToNotify(o.Key, o.Value.Type, [.. o.Value.Owns]))];
    }
}

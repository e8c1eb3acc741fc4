using Tributary.Model;

namespace Tributary.Graph;

// How one tag spreads from one origin (a field, or a dataset and so all its fields) over the shared graph: along
// column lineage where the value itself flows, and from dataset to dataset through a job only where the target has
// no column lineage at all (coarse, since nothing says which of its fields got the value). A masking
// transformation (when the rules say so), a job that blocks the tag, a field that blocks it or a blocked edge (dataset
// to dataset, or field to field) stops the spread; each stop is reported. A breadth-first walk over the forward-star arrays: steps, stops and the visited map are pooled
// and the inner loops allocate nothing.
internal static class TagPropagation
{
    // One node the tag reached: how (the step it came from, the job crossed on a coarse hop) and how far.
    internal struct Step
    {
        public int Node;
        public int Parent;
        public int Job;
        public int Depth;
        public bool Coarse;

        // False for a dataset reached through an INDIRECT (whole-dataset) edge: the value did not reach its fields.
        public bool Expand;
    }

    // Where the tag stopped: the node it would have reached, the step it came from, and why.
    internal struct Stop
    {
        public int Node;
        public int From;
        public int By;
        public StopReason Reason;
    }

    internal enum StopReason : byte
    {
        Masking,
        BlockedByJob,
        BlockedAtField,
        BlockedOnEdge,
    }

    // The key of the edge from one node to another in Rules.BlockingEdges.
    public static long EdgeKey(int from, int to) => ((long)from << 32) | (uint)to;

    // What a walk may cross; the blocks are node sets for the one tag being walked.
    internal sealed record Rules
    {
        public required IntMap BlockingJobs { get; init; }

        public required IntMap BlockingFields { get; init; }

        // Edges (EdgeKey of dataset → dataset or field → field) the tag may not take; null when there are none.
        public HashSet<long>? BlockingEdges { get; init; }

        public bool MaskingStops { get; init; } = true;

        // Also INDIRECT column lineage (a field that filters, joins or groups another): off, only values flow.
        public bool Indirect { get; init; }

        public int MaxDepth { get; init; } = 20;

        public int MaxNodes { get; init; } = 10_000;

        public long Moment { get; init; } = GraphMoment.Now;

        // Per dataset node: 1 when any column lineage describes it, 2 when none does (filled as walks ask).
        public required IntMap ColumnLineageKnown { get; init; }
    }

    // Walks from `origin`; returns false when the node budget cut it short. steps[0] is the origin itself.
    public static bool Walk(GraphStore store, int origin, Rules rules, PooledList<Step> steps, PooledList<Stop> stops)
    {
        steps.Clear();
        stops.Clear();
        using var seen = new IntMap(64);
        seen.TryAdd(origin, 0);
        steps.Add(new Step { Node = origin, Parent = -1, Job = -1, Expand = true });
        var nodes = store.Nodes;
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            if (step.Depth >= rules.MaxDepth)
            {
                continue;
            }

            int dataset;
            if (nodes[step.Node].Kind == NodeKind.DatasetField)
            {
                if (!FromField(store, step.Node, i, rules, steps, stops, seen))
                {
                    return false;
                }

                dataset = store.FieldOf(step.Node).Dataset;
            }
            else
            {
                dataset = step.Node;
                if (step.Expand && store.DatasetOf(dataset).Fields is { } fields)
                {
                    for (var f = 0; f < fields.Count; f++)
                    {
                        if (store.Resolve(fields[f]) == fields[f] && !FromField(store, fields[f], i, rules, steps, stops, seen))
                        {
                            return false;
                        }
                    }
                }
            }

            if (!Coarse(store, dataset, i, rules, steps, stops, seen))
            {
                return false;
            }
        }

        // A node stopped on one path but reached on another did get the tag: only real stops are kept.
        var kept = 0;
        for (var i = 0; i < stops.Count; i++)
        {
            if (!seen.ContainsKey(stops[i].Node))
            {
                stops[kept++] = stops[i];
            }
        }

        stops.Truncate(kept);
        return true;
    }

    private static bool FromField(GraphStore store, int field, int from, Rules rules, PooledList<Step> steps, PooledList<Stop> stops, IntMap seen)
    {
        var edges = store.Edges;
        var sourceDataset = store.FieldOf(field).Dataset;
        for (var e = store.Nodes[field].FirstOut; e >= 0; e = edges[e].NextOut)
        {
            ref readonly var edge = ref edges[e];
            var value = edge.Kind == EdgeKind.ColumnLineage && edge.Direct;
            var indirect = rules.Indirect && (edge.Kind == EdgeKind.DatasetColumnLineage || (edge.Kind == EdgeKind.ColumnLineage && !edge.Direct));
            if (edge.Dead || !(value || indirect) || edge.FirstSeen > rules.Moment || seen.ContainsKey(edge.To)
                || GraphMoment.DeletedAt(store, edge.To, rules.Moment))
            {
                continue;
            }

            var target = edge.To;
            var targetDataset = store.KindOf(target) == NodeKind.DatasetField ? store.FieldOf(target).Dataset : target;
            if (rules.MaskingStops && edge.Masking)
            {
                stops.Add(new Stop { Node = target, From = from, By = -1, Reason = StopReason.Masking });
                continue;
            }

            if (rules.BlockingFields.ContainsKey(target))
            {
                stops.Add(new Stop { Node = target, From = from, By = target, Reason = StopReason.BlockedAtField });
                continue;
            }

            if (rules.BlockingEdges is { } blocked && BlockedEdge(blocked, field, target, sourceDataset, targetDataset) is var source and >= 0)
            {
                stops.Add(new Stop { Node = target, From = from, By = source, Reason = StopReason.BlockedOnEdge });
                continue;
            }

            if (rules.BlockingJobs.Count > 0 && BlockingJob(store, sourceDataset, targetDataset, rules) is var job and >= 0)
            {
                stops.Add(new Stop { Node = target, From = from, By = job, Reason = StopReason.BlockedByJob });
                continue;
            }

            if (!Reach(steps, seen, rules, new Step { Node = target, Parent = from, Job = -1, Depth = steps[from].Depth + 1, Expand = store.KindOf(target) == NodeKind.DatasetField }))
            {
                return false;
            }
        }

        return true;
    }

    // Dataset → job → dataset, only into datasets no column lineage describes.
    private static bool Coarse(GraphStore store, int dataset, int from, Rules rules, PooledList<Step> steps, PooledList<Stop> stops, IntMap seen)
    {
        var edges = store.Edges;
        for (var r = store.Nodes[dataset].FirstOut; r >= 0; r = edges[r].NextOut)
        {
            ref readonly var read = ref edges[r];
            if (read.Dead || read.Kind != EdgeKind.Read || read.FirstSeen > rules.Moment || GraphMoment.DeletedAt(store, read.To, rules.Moment))
            {
                continue;
            }

            var job = read.To;
            for (var w = store.Nodes[job].FirstOut; w >= 0; w = edges[w].NextOut)
            {
                ref readonly var write = ref edges[w];
                var target = write.To;
                if (write.Dead || write.Kind != EdgeKind.Write || write.FirstSeen > rules.Moment || target == dataset || seen.ContainsKey(target)
                    || GraphMoment.DeletedAt(store, target, rules.Moment) || HasColumnLineage(store, target, rules))
                {
                    continue;
                }

                if (rules.BlockingEdges is { } blocked && blocked.Contains(EdgeKey(dataset, target)))
                {
                    stops.Add(new Stop { Node = target, From = from, By = dataset, Reason = StopReason.BlockedOnEdge });
                    continue;
                }

                if (rules.BlockingJobs.ContainsKey(job))
                {
                    stops.Add(new Stop { Node = target, From = from, By = job, Reason = StopReason.BlockedByJob });
                    continue;
                }

                if (!Reach(steps, seen, rules, new Step { Node = target, Parent = from, Job = job, Depth = steps[from].Depth + 1, Coarse = true, Expand = true }))
                {
                    return false;
                }
            }
        }

        return true;
    }

    // The source end of a block on this field's edge or on its datasets' edge; -1 when neither is blocked.
    private static int BlockedEdge(HashSet<long> blocked, int field, int target, int sourceDataset, int targetDataset) =>
        blocked.Contains(EdgeKey(field, target)) ? field : blocked.Contains(EdgeKey(sourceDataset, targetDataset)) ? sourceDataset : -1;

    private static bool Reach(PooledList<Step> steps, IntMap seen, Rules rules, Step step)
    {
        if (steps.Count >= rules.MaxNodes)
        {
            return false;
        }

        seen.TryAdd(step.Node, steps.Count);
        steps.Add(step);
        return true;
    }

    // The job that carries a column edge from one dataset into another when every job that does blocks the tag; -1 otherwise.
    private static int BlockingJob(GraphStore store, int source, int target, Rules rules)
    {
        var edges = store.Edges;
        var blocking = -1;
        for (var w = store.Nodes[target].FirstIn; w >= 0; w = edges[w].NextIn)
        {
            ref readonly var write = ref edges[w];
            if (write.Dead || write.Kind != EdgeKind.Write || write.FirstSeen > rules.Moment || !Reads(store, write.From, source))
            {
                continue;
            }

            if (!rules.BlockingJobs.ContainsKey(write.From))
            {
                return -1;
            }

            blocking = write.From;
        }

        return blocking;
    }

    private static bool Reads(GraphStore store, int job, int dataset)
    {
        var edges = store.Edges;
        for (var r = store.Nodes[job].FirstIn; r >= 0; r = edges[r].NextIn)
        {
            if (edges[r].Kind == EdgeKind.Read && edges[r].From == dataset && !edges[r].Dead)
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasColumnLineage(GraphStore store, int dataset, Rules rules)
    {
        if (rules.ColumnLineageKnown.TryGetValue(dataset, out var known))
        {
            return known == 1;
        }

        var edges = store.Edges;
        var found = false;
        for (var e = store.Nodes[dataset].FirstIn; e >= 0 && !found; e = edges[e].NextIn)
        {
            found = edges[e].Kind == EdgeKind.DatasetColumnLineage && !edges[e].Dead;
        }

        var fields = store.DatasetOf(dataset).Fields;
        for (var f = 0; !found && fields is not null && f < fields.Count; f++)
        {
            for (var e = store.Nodes[fields[f]].FirstIn; e >= 0 && !found; e = edges[e].NextIn)
            {
                found = edges[e].Kind == EdgeKind.ColumnLineage && !edges[e].Dead;
            }
        }

        rules.ColumnLineageKnown.TryAdd(dataset, found ? 1 : 2);
        return found;
    }
}

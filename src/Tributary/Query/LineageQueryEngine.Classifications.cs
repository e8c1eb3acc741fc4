using Tributary.Graph;
using Tributary.Model;
using Tributary.Model.Facets;

namespace Tributary.Query;

public sealed partial class LineageQueryEngine
{
    /// <summary>
    /// Every tag (classification) on datasets and fields and where each propagates: along column lineage where
    /// values flow, from dataset to dataset only into outputs no column lineage describes (marked coarse), stopped
    /// by masking transformations, by <see cref="ClassificationOptions.BlockKey"/> tags on jobs and fields and by
    /// <see cref="ClassificationOptions.EdgeBlockKey"/> tags on edges, as the engine's
    /// <see cref="LineageQueryOptions.ClassificationPolicies"/> and the <paramref name="classification"/> options say. Each
    /// propagated tag names its origin and path; removing the origin's tag removes everything it propagated, since
    /// the answer is read from the graph as it is (or as of the options' moment).
    /// </summary>
    public ClassificationReport Classifications(ClassificationOptions? classification = null, LineageQueryOptions? options = null)
    {
        classification ??= ClassificationOptions.Default;
        return _graph.Read(store => Classifications(store, classification, options));
    }

    private ClassificationReport Classifications(GraphStore store, ClassificationOptions classification, LineageQueryOptions? options)
    {
        var moment = Moment(options);
        var blocks = Blocks(store, moment);
        var found = new List<Classification>();
        var stopped = new List<ClassificationStop>();
        var partial = false;
        using var steps = new PooledList<TagPropagation.Step>(64);
        using var stops = new PooledList<TagPropagation.Stop>();
        using var known = new IntMap(64);
        foreach (var (node, tag) in Origins(store, moment))
        {
            if (classification.Tag is { } only && !string.Equals(only, tag.Key, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var origin = store.IdOf(node);
            found.Add(new Classification(origin, tag, origin));
            var policy = ClassificationPolicy.For((options ?? _defaults).ClassificationPolicies, tag.Key);
            if (!policy.Propagate || classification.NotPropagated.Any(k => string.Equals(k, tag.Key, StringComparison.OrdinalIgnoreCase)) || Denied(tag))
            {
                continue;
            }

            using var blockingJobs = new IntMap();
            using var blockingFields = new IntMap();
            var rules = Rules(store, blocks, [tag.Key], blockingJobs, blockingFields, known, options) with
            {
                MaskingStops = classification.MaskingStops && policy.MaskingStops,
                Indirect = classification.IncludeIndirect,
                MaxDepth = classification.MaxDepth,
            };
            partial |= !TagPropagation.Walk(store, node, rules, steps, stops);
            for (var i = 1; i < steps.Count; i++)
            {
                var target = store.IdOf(steps[i].Node);
                found.Add(new Classification(target, tag with { Field = target.Field }, origin)
                {
                    Propagated = true,
                    Coarse = Coarse(steps, i),
                    Path = PathOf(store, steps, i),
                });
            }

            for (var i = 0; i < stops.Count; i++)
            {
                var stop = stops[i];
                stopped.Add(new ClassificationStop(store.IdOf(stop.Node), tag.Key, origin, store.IdOf(steps[stop.From].Node), StopText(stop.Reason), stop.By < 0 ? null : store.IdOf(stop.By)));
            }
        }

        found.Sort((a, b) => NodeOrder.Instance.Compare(a.Node, b.Node) is var c and not 0 ? c
            : string.CompareOrdinal(a.Tag.Key, b.Tag.Key) is var k and not 0 ? k
            : a.Propagated.CompareTo(b.Propagated) is var p and not 0 ? p : NodeOrder.Instance.Compare(a.Origin, b.Origin));
        stopped.Sort((a, b) => NodeOrder.Instance.Compare(a.Node, b.Node) is var c and not 0 ? c
            : string.CompareOrdinal(a.Tag, b.Tag) is var k and not 0 ? k
            : NodeOrder.Instance.Compare(a.Origin, b.Origin) is var o and not 0 ? o : NodeOrder.Instance.Compare(a.From, b.From));
        return new ClassificationReport(found, stopped, partial);
    }

    // The rules one walk follows for a tag known by any of `keys`: the blocks naming one of them, the limits of the options.
    private TagPropagation.Rules Rules(GraphStore store, List<Block> blocks, IReadOnlyList<string> keys, IntMap jobs, IntMap fields, IntMap known, LineageQueryOptions? options)
    {
        HashSet<long>? edges = null;
        foreach (var block in blocks)
        {
            if (!keys.Any(k => string.Equals(k, block.Key, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            if (block.From >= 0)
            {
                (edges ??= []).Add(TagPropagation.EdgeKey(block.From, block.Node));
            }
            else
            {
                (store.KindOf(block.Node) == NodeKind.Job ? jobs : fields).TryAdd(block.Node, 0);
            }
        }

        return new TagPropagation.Rules
        {
            BlockingJobs = jobs,
            BlockingFields = fields,
            BlockingEdges = edges,
            ColumnLineageKnown = known,
            MaxNodes = (options ?? _defaults).MaxNodes,
            Moment = Moment(options),
        };
    }

    // Tags put on datasets (as of the moment) and fields, in store order; block tags are rules, not classifications.
    private static List<(int Node, Tag Tag)> Origins(GraphStore store, long moment)
    {
        var origins = new List<(int Node, Tag Tag)>();
        foreach (var dataset in store.Datasets)
        {
            if (store.Resolve(dataset.Node) != dataset.Node || dataset.FirstSeen > moment || GraphMoment.DeletedAt(dataset, moment))
            {
                continue;
            }

            foreach (var tag in StateHistory.At(dataset.TagsHistory, dataset.Tags, dataset.TagsAt, moment) ?? [])
            {
                if (!IsBlock(tag))
                {
                    origins.Add((dataset.Node, tag));
                }
            }

            foreach (var field in dataset.Fields ?? [])
            {
                if (store.Resolve(field) != field)
                {
                    continue;
                }

                foreach (var tag in store.FieldOf(field).Tags ?? [])
                {
                    if (!IsBlock(tag))
                    {
                        origins.Add((field, tag));
                    }
                }
            }
        }

        return origins;
    }

    // A block in force: on a job (From -1: the tag may not cross it), on a field (From -1: the tag may not enter it),
    // or on the edge From → Node (dataset to dataset, or field to field: the tag may not take it).
    private readonly record struct Block(int Node, string Key, int From);

    // Every block in force at the moment: a job's or a field's tracked tag tributary.block=KEY, and a dataset's or
    // a field's tributary.block.from=KEY=NODEID for the edge into it from that node.
    private static List<Block> Blocks(GraphStore store, long moment)
    {
        var blocks = new List<Block>();
        foreach (var job in store.Jobs)
        {
            if (job.FirstSeen > moment)
            {
                continue;
            }

            foreach (var tag in StateHistory.At(job.TagsHistory, job.Tags, job.TagsAt, moment) ?? [])
            {
                if (IsJobOrFieldBlock(tag))
                {
                    blocks.Add(new Block(job.Node, tag.Value, -1));
                }
            }
        }

        foreach (var dataset in store.Datasets)
        {
            if (dataset.FirstSeen <= moment)
            {
                foreach (var tag in StateHistory.At(dataset.TagsHistory, dataset.Tags, dataset.TagsAt, moment) ?? [])
                {
                    AddEdgeBlock(store, blocks, store.Resolve(dataset.Node), tag);
                }
            }

            foreach (var field in dataset.Fields ?? [])
            {
                foreach (var tag in store.FieldOf(field).Tags ?? [])
                {
                    if (IsJobOrFieldBlock(tag))
                    {
                        blocks.Add(new Block(store.Resolve(field), tag.Value, -1));
                    }
                    else
                    {
                        AddEdgeBlock(store, blocks, store.Resolve(field), tag);
                    }
                }
            }
        }

        return blocks;
    }

    // A block naming a node the graph does not have (or no longer has) blocks nothing.
    private static void AddEdgeBlock(GraphStore store, List<Block> blocks, int node, Tag tag)
    {
        if (ClassificationOptions.ParseEdgeBlock(tag) is var (key, from) && store.Find(from) is var found and >= 0)
        {
            blocks.Add(new Block(node, key, store.Resolve(found)));
        }
    }

    private static bool IsJobOrFieldBlock(Tag tag) => string.Equals(tag.Key, ClassificationOptions.BlockKey, StringComparison.OrdinalIgnoreCase);

    private static bool IsBlock(Tag tag) => ClassificationOptions.IsBlock(tag.Key);

    // pii=false says a field is not personal: nothing to spread.
    private static bool Denied(Tag tag) =>
        tag.Value.Equals("false", StringComparison.OrdinalIgnoreCase) || tag.Value == "0" || tag.Value.Equals("no", StringComparison.OrdinalIgnoreCase);

    private static bool Coarse(PooledList<TagPropagation.Step> steps, int i)
    {
        for (; i > 0; i = steps[i].Parent)
        {
            if (steps[i].Coarse)
            {
                return true;
            }
        }

        return false;
    }

    private static List<NodeId> PathOf(GraphStore store, PooledList<TagPropagation.Step> steps, int i)
    {
        var path = new List<NodeId>();
        for (; i >= 0; i = steps[i].Parent)
        {
            path.Add(store.IdOf(steps[i].Node));
            if (steps[i].Job >= 0)
            {
                path.Add(store.IdOf(steps[i].Job));
            }
        }

        path.Reverse();
        return path;
    }

    private static string StopText(TagPropagation.StopReason reason) => reason switch
    {
        TagPropagation.StopReason.Masking => "masking",
        TagPropagation.StopReason.BlockedByJob => "blocked-by-job",
        TagPropagation.StopReason.BlockedOnEdge => "blocked-on-edge",
        _ => "blocked-at-field",
    };
}

using Tributary.Model;

namespace Tributary.Graph;

public sealed partial class LineageGraph
{
    /// <summary>True when the graph knows this node (directly or as an alias).</summary>
    public bool Contains(NodeId node) => Read(s => Find(s, node) >= 0);

    /// <summary>The canonical node this id stands for (aliases resolve to their dataset), or null when unknown.</summary>
    public NodeId? Resolve(NodeId node) => Read(s => Find(s, node) is var found and >= 0 ? s.IdOf(found) : (NodeId?)null);

    // The node's number, or -1 when unknown (or, in a view as of a moment, not yet seen then).
    internal int Find(GraphStore store, NodeId node) =>
        store.Find(node) is var found and >= 0 && GraphMoment.Existed(store, found, MomentTicks) ? found : -1;

    /// <summary>The dataset (resolving aliases), or null when unknown.</summary>
    public DatasetInfo? GetDataset(DatasetId dataset) =>
        Read(s => Find(s, NodeId.From(dataset)) is var node and >= 0 ? GraphViews.Dataset(s, s.DatasetOf(node), MomentTicks) : null);

    /// <summary>The field (resolving its dataset's aliases), or null when unknown.</summary>
    public FieldInfo? GetField(FieldId field) =>
        Read(s => Find(s, NodeId.From(field)) is var node and >= 0 ? GraphViews.Field(s, node) : null);

    /// <summary>The job, or null when unknown.</summary>
    public JobInfo? GetJob(JobId job) =>
        Read(s => Find(s, NodeId.From(job)) is var node and >= 0 ? GraphViews.Job(s, s.JobOf(node), MomentTicks) : null);

    /// <summary>The run, accumulated from all its events, or null when unknown.</summary>
    public RunInfo? GetRun(RunId run) =>
        Read(s => Find(s, NodeId.From(run)) is var node and >= 0 ? GraphViews.Run(s, s.RunOf(node), MomentTicks) : null);

    /// <summary>
    /// For a dataset, job or run: each facet it currently has, with the stored event (newest by event time) that
    /// carried it and where in that event, so the facet can be read back exactly as sent. Empty when unknown.
    /// </summary>
    public IReadOnlyDictionary<string, FacetLocation> GetFacetLocations(NodeId node) => Read(s =>
    {
        var result = new SortedDictionary<string, FacetLocation>(StringComparer.Ordinal);
        var found = s.Find(node);
        if (found < 0 || s.KindOf(found) == NodeKind.DatasetField)
        {
            return (IReadOnlyDictionary<string, FacetLocation>)result;
        }

        foreach (var note in s.NotesOf(found) ?? [])
        {
            if (!note.Deleted)
            {
                result[s.NameOf(note.Name)] = new FacetLocation(note.Sequence, note.Place, note.Index);
            }
        }

        return result;
    });

    // Hands each canonical dataset's current schema to `visit` (under the read lock), for rebuilding a SQL catalog.
    internal void ForEachSchema(Action<DatasetId, IReadOnlyList<Model.Facets.SchemaField>> visit) => Read(s =>
    {
        foreach (var record in s.Datasets)
        {
            if (record.Schema is { Count: > 0 } schema && s.Resolve(record.Node) == record.Node)
            {
                visit(record.Id, schema);
            }
        }

        return 0;
    });

    /// <summary>Every canonical dataset (aliases excluded, dropped ones included), sorted by id.</summary>
    public IReadOnlyList<DatasetInfo> GetDatasets() => Read(s =>
    {
        var list = new List<DatasetInfo>();
        AddDatasets(s, 0, s.Datasets.Count, list);
        list.Sort((a, b) => a.Id.CompareTo(b.Id));
        return (IReadOnlyList<DatasetInfo>)list;
    });

    /// <summary>Every job, sorted by id.</summary>
    public IReadOnlyList<JobInfo> GetJobs() => Read(s =>
    {
        var list = new List<JobInfo>();
        AddJobs(s, 0, s.Jobs.Count, list);
        list.Sort((a, b) => a.Id.CompareTo(b.Id));
        return (IReadOnlyList<JobInfo>)list;
    });

    /// <summary>Every run, sorted by start time then id.</summary>
    public IReadOnlyList<RunInfo> GetRuns() => Read(s =>
    {
        var list = new List<RunInfo>();
        AddRuns(s, 0, s.Runs.Count, list);
        list.Sort((a, b) => a.StartedAt != b.StartedAt ? a.StartedAt.CompareTo(b.StartedAt) : a.Id.CompareTo(b.Id));
        return (IReadOnlyList<RunInfo>)list;
    });

    /// <summary>The runs of a job, sorted by start time; empty when the job is unknown.</summary>
    public IReadOnlyList<RunInfo> GetRuns(JobId job) => Read(s =>
    {
        var node = Find(s, NodeId.From(job));
        if (node < 0 || s.JobOf(node).Runs is not { } runs)
        {
            return (IReadOnlyList<RunInfo>)[];
        }

        var list = runs.Where(r => s.RunOf(r).FirstEvent <= MomentTicks).Select(r => GraphViews.Run(s, s.RunOf(r), MomentTicks)).ToList();
        list.Sort((a, b) => a.StartedAt != b.StartedAt ? a.StartedAt.CompareTo(b.StartedAt) : a.Id.CompareTo(b.Id));
        return list;
    });

    /// <summary>The versions of a dataset (one per writing run), oldest first; empty when unknown.</summary>
    public IReadOnlyList<DatasetVersionInfo> GetDatasetVersions(DatasetId dataset) => Read(s =>
    {
        var node = Find(s, NodeId.From(dataset));
        if (node < 0 || s.DatasetOf(node).Versions is not { } versions)
        {
            return (IReadOnlyList<DatasetVersionInfo>)[];
        }

        // The schema as of each version (GraphViews.VersionSchema) is carried along: looking back from every version
        // to the last one that reported one made a dataset of thousands of versions without a schema facet quadratic
        // (6 s for 50,000).
        var record = s.DatasetOf(node);
        var result = new List<DatasetVersionInfo>(versions.Count);
        IReadOnlyList<Model.Facets.SchemaField>? reported = null;
        foreach (var version in versions)
        {
            if (version.FirstSeen > MomentTicks)
            {
                break;
            }

            reported = version.Schema ?? reported;
            result.Add(GraphViews.DatasetVersion(s, record, version, reported ?? record.Schema));
        }

        return result;
    });

    /// <summary>The versions of a job, oldest first; empty when unknown.</summary>
    public IReadOnlyList<JobVersionInfo> GetJobVersions(JobId job) => Read(s =>
    {
        var node = Find(s, NodeId.From(job));
        if (node < 0 || s.JobOf(node).Versions is not { } versions)
        {
            return (IReadOnlyList<JobVersionInfo>)[];
        }

        var record = s.JobOf(node);
        return versions.Where(v => v.FirstSeen <= MomentTicks).OrderBy(v => v.FirstSeen).ThenBy(v => v.Version).Select(v => GraphViews.JobVersion(s, record, v)).ToArray();
    });

    /// <summary>The edges touching a node in the given direction, sorted by (from, to, kind); empty when unknown.</summary>
    public IReadOnlyList<LineageEdge> GetEdges(NodeId node, LineageDirection direction = LineageDirection.Both) => Read(s =>
    {
        var found = Find(s, node);
        var list = new List<LineageEdge>();
        if (found < 0)
        {
            return (IReadOnlyList<LineageEdge>)list;
        }

        using var runs = new IntMap(4);

        var nodes = s.Nodes;
        var edges = s.Edges;
        if (direction != LineageDirection.Downstream)
        {
            for (var e = nodes[found].FirstIn; e >= 0; e = edges[e].NextIn)
            {
                if (!edges[e].Dead && GraphMoment.EdgeAt(s, e, MomentTicks, runs))
                {
                    list.Add(GraphViews.Edge(s, e));
                }
            }
        }

        if (direction != LineageDirection.Upstream)
        {
            for (var e = nodes[found].FirstOut; e >= 0; e = edges[e].NextOut)
            {
                if (!edges[e].Dead && GraphMoment.EdgeAt(s, e, MomentTicks, runs))
                {
                    list.Add(GraphViews.Edge(s, e));
                }
            }
        }

        list.Sort(EdgeOrder.Compare);
        return list;
    });

    /// <summary>Every live edge of the graph, sorted by (from, to, kind), for exporting the whole graph.</summary>
    public IReadOnlyList<LineageEdge> GetEdges() => Read(s =>
    {
        var list = new List<LineageEdge>(s.EdgeCount);
        AddEdges(s, 0, s.Edges.Length, list);
        list.Sort(EdgeOrder.Compare);
        return (IReadOnlyList<LineageEdge>)list;
    });
}

using Tributary.Graph;
using Tributary.Model;
using Tributary.Query;

namespace Tributary.Server.OpenMetadata;

/// <summary>
/// Tributary's lineage seen as OpenMetadata sees it. Tributary's graph runs dataset → job → dataset; OpenMetadata's
/// runs table → table, with the pipeline on the edge. So every job in an answer becomes the edges from each of its
/// inputs to each of its outputs (both in the answer), carrying the job as <c>lineageDetails.pipeline</c>, its SQL and
/// the column pairs between the two tables. A job of lineage added by hand (AddLineage without a pipeline) is no
/// pipeline: its edge carries no pipeline and <c>source: Manual</c>. When the entity asked for is a pipeline, its own
/// reads and writes are edges to and from it. Depth is OpenMetadata's: one table hop is one level.
/// </summary>
internal sealed class TableLineage(LineageGraph graph, LineageQueryEngine engine, EntityNames names, string baseUrl)
{
    /// <summary>The integration a job of hand-added lineage is marked with (its <c>jobType</c> facet).</summary>
    public const string ManualIntegration = "OPENMETADATA";

    /// <summary>The <c>jobType</c> of a job of hand-added lineage.</summary>
    public const string ManualJobType = "MANUAL_LINEAGE";

    private readonly Dictionary<JobId, JobInfo?> _jobs = [];
    private readonly Dictionary<DatasetId, DatasetInfo?> _datasets = [];

    /// <summary>One table-to-table (or table-to-pipeline) edge.</summary>
    public sealed record Edge(NodeId From, NodeId To, JobInfo? Pipeline, bool Manual);

    /// <summary>The nodes and edges around <paramref name="root"/>, with each node's depth and side.</summary>
    public (LineageResult Result, List<Edge> Upstream, List<Edge> Downstream) Around(NodeId root, int upstream, int downstream)
    {
        var result = engine.Lineage(root, upstream, downstream);
        var nodes = new Dictionary<NodeId, LineageNode>();
        foreach (var node in result.Nodes)
        {
            nodes[node.Id] = node;
        }

        var reads = new Dictionary<NodeId, List<NodeId>>();
        var writes = new Dictionary<NodeId, List<NodeId>>();
        foreach (var edge in result.Edges)
        {
            if (edge.Kind == EdgeKind.Read)
            {
                Add(reads, edge.To, edge.From);
            }
            else if (edge.Kind == EdgeKind.Write)
            {
                Add(writes, edge.From, edge.To);
            }
        }

        var up = new List<Edge>();
        var down = new List<Edge>();
        foreach (var node in result.Nodes)
        {
            if (node.Kind != NodeKind.Job)
            {
                continue;
            }

            var inputs = reads.GetValueOrDefault(node.Id) ?? [];
            var outputs = writes.GetValueOrDefault(node.Id) ?? [];
            if (node.Id == root)
            {
                // The pipeline asked for: its own reads and writes are its edges.
                up.AddRange(inputs.Select(i => new Edge(i, root, null, false)));
                down.AddRange(outputs.Select(o => new Edge(root, o, null, false)));
                continue;
            }

            var job = Job(node.Id.AsJob());
            var manual = job is { Integration: ManualIntegration, JobType: ManualJobType };
            foreach (var input in inputs)
            {
                foreach (var output in outputs)
                {
                    // The job's side decides the edge's: a job upstream of the entity makes upstream edges.
                    var edge = new Edge(input, output, manual ? null : job, manual);
                    (node.UpstreamDepth is not null ? up : down).Add(edge);
                }
            }
        }

        return (result, up, down);
    }

    /// <summary>The entity id of a dataset or job node.</summary>
    public static Guid IdOf(NodeId node) =>
        node.Kind == NodeKind.Job ? EntityNames.PipelineId(node.AsJob()) : EntityNames.TableId(node.AsDataset());

    /// <summary>The reference to a dataset or job node.</summary>
    public EntityReference Reference(NodeId node)
    {
        if (node.Kind == NodeKind.Job)
        {
            var id = node.AsJob();
            var job = Job(id);
            return new EntityReference(EntityNames.PipelineId(id), "pipeline")
            {
                Name = id.Name, FullyQualifiedName = names.PipelineFqn(id), DisplayName = id.Namespace + ":" + id.Name,
                Description = job?.Description, Deleted = job?.Deleted ?? false,
            };
        }

        var datasetId = node.AsDataset();
        var dataset = Dataset(datasetId);
        var table = names.Table(datasetId);
        var tableId = EntityNames.TableId(datasetId);
        return new EntityReference(tableId, "table")
        {
            Name = table.Table, FullyQualifiedName = table.FullyQualifiedName, DisplayName = datasetId.Namespace + ":" + datasetId.Name,
            Description = dataset?.Description, Deleted = dataset?.Deleted ?? false, Href = baseUrl + "/api/v1/tables/" + tableId.ToString("D"),
        };
    }

    /// <summary>The SQL, column pairs, pipeline and description of an edge.</summary>
    public LineageDetails Details(Edge edge)
    {
        var job = edge.Pipeline ?? (edge.Manual ? ManualJob(edge) : null);
        return new LineageDetails
        {
            SqlQuery = job?.Sql,
            ColumnsLineage = edge.From.Kind == NodeKind.Dataset && edge.To.Kind == NodeKind.Dataset ? Columns(edge.From.AsDataset(), edge.To.AsDataset()) : [],
            Pipeline = edge.Pipeline is { } pipeline ? Reference(pipeline.Node) : null,
            Description = job?.Description,
            Source = edge.Manual ? "Manual" : "OpenLineage",
        };
    }

    /// <summary>The job AddLineage stores a hand-added edge between two tables as, when no pipeline is given.</summary>
    public static JobId ManualJobId(DatasetId from, DatasetId to) =>
        new(to.Namespace, "lineage " + NodeId.From(from) + " -> " + NodeId.From(to));

    /// <summary>Which columns of <paramref name="to"/> come from which of <paramref name="from"/>, from the graph's column lineage.</summary>
    public List<ColumnLineageResource> Columns(DatasetId from, DatasetId to)
    {
        var list = new List<ColumnLineageResource>();
        if (Dataset(to) is not { } target)
        {
            return list;
        }

        foreach (var field in target.Fields)
        {
            var sources = new List<string>();
            string? function = null;
            foreach (var edge in graph.GetEdges(field.Node, LineageDirection.Upstream))
            {
                if (edge.Kind == EdgeKind.ColumnLineage && edge.To == field.Node && edge.From.Kind == NodeKind.DatasetField && edge.From.AsDataset() == from)
                {
                    sources.Add(names.ColumnFqn(from, edge.From.Field!));
                    function ??= edge.Transformations.Count > 0 ? edge.Transformations[0].Description ?? edge.Transformations[0].Subtype : null;
                }
            }

            if (sources.Count > 0)
            {
                sources.Sort(StringComparer.Ordinal);
                list.Add(new ColumnLineageResource(sources, names.ColumnFqn(to, field.Id.Name), function));
            }
        }

        return list;
    }

    /// <summary>The job, read once per answer.</summary>
    public JobInfo? Job(JobId id)
    {
        if (!_jobs.TryGetValue(id, out var job))
        {
            _jobs[id] = job = graph.GetJob(id);
        }

        return job;
    }

    /// <summary>The dataset, read once per answer.</summary>
    public DatasetInfo? Dataset(DatasetId id)
    {
        if (!_datasets.TryGetValue(id, out var dataset))
        {
            _datasets[id] = dataset = graph.GetDataset(id);
        }

        return dataset;
    }

    private JobInfo? ManualJob(Edge edge) =>
        edge.From.Kind == NodeKind.Dataset && edge.To.Kind == NodeKind.Dataset ? Job(ManualJobId(edge.From.AsDataset(), edge.To.AsDataset())) : null;

    private static void Add(Dictionary<NodeId, List<NodeId>> map, NodeId key, NodeId value)
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = [];
        }

        list.Add(value);
    }
}

using System.Text.Json;
using Tributary.Graph;
using Tributary.Json;
using Tributary.Model;
using Tributary.Model.Facets;
using Tributary.Server.Hosting;

namespace Tributary.Server.OpenMetadata;

/// <summary>
/// Lineage added and removed by hand, as OpenLineage events. An edge between two tables becomes a JobEvent: of the
/// pipeline named in <c>lineageDetails.pipeline</c> when there is one, otherwise of a job of its own for that pair
/// (<see cref="TableLineage.ManualJobId"/>, marked with a <c>jobType</c> of integration <c>OPENMETADATA</c>), reading
/// the upstream table and writing the downstream one with the column pairs as its <c>columnLineage</c> facet, the SQL
/// as its <c>sql</c> facet and the description as its <c>documentation</c> facet. An edge between a table and a pipeline
/// is a JobEvent of that pipeline reading or writing the table. Removing an edge drops the job that makes it.
/// </summary>
internal static class ManualLineage
{
    /// <summary>The job facet naming the AddLineage request an event came from: <c>{"requestDigest": "…"}</c>.</summary>
    public const string RequestFacet = "tributary_addLineageRequest";

    /// <summary>
    /// The request's idempotency digest: the door's own content digest (SHA-256 of canonical JSON) of the event it
    /// builds, with the event time left out. Each call stamps its own event time, so the door alone would store a
    /// resent AddLineage again; everything else in the event comes from what the request means (the entities it
    /// resolves to, the pipeline, column pairs, SQL and description), so two requests get the same digest exactly
    /// when they ask for the same lineage, however their JSON was written (key order, spacing, UUIDs or names).
    /// </summary>
    public static string RequestDigest(JobEvent built) =>
        Storage.EventDigest.Compute(LineageJson.SerializeToUtf8Bytes(built with { EventTime = DateTimeOffset.UnixEpoch })).ToString();

    /// <summary>The <see cref="RequestFacet"/> carrying <paramref name="digest"/>.</summary>
    public static RawFacet RequestFacetOf(string digest)
    {
        // A digest is 64 hexadecimal characters: nothing in it needs escaping.
        using var json = JsonDocument.Parse($$"""{"requestDigest":"{{digest}}"}""");
        return new RawFacet(json.RootElement.Clone()) { Producer = LineageWrites.Producer };
    }

    /// <summary>
    /// True when the same request is already in force: the job that carries the edge is not deleted and the newest
    /// request it got has this digest. Then storing it again would add an event and change nothing; after a DELETE,
    /// or once another request changed the job, the request is stored again.
    /// </summary>
    public static async Task<bool> AlreadyAddedAsync(LineageService lineage, JobId job, string digest, CancellationToken cancellationToken)
    {
        if (lineage.Graph.GetJob(job) is not { Deleted: false } info)
        {
            return false;
        }

        var facets = await FacetReader.ReadAsync(lineage, info.Node, cancellationToken);
        return facets.TryGetValue(RequestFacet, out var facet) && facet.ValueKind == JsonValueKind.Object
            && facet.TryGetProperty("requestDigest", out var known) && known.ValueKind == JsonValueKind.String && known.GetString() == digest;
    }

    /// <summary>The event that adds the edge, or null and why not.</summary>
    public static JobEvent? Build(EntityNames names, AddLineageRequest add, NodeId from, NodeId to, NodeId? pipeline, DateTimeOffset time, out string? error)
    {
        error = null;
        if (from.Kind == NodeKind.Job && to.Kind == NodeKind.Job)
        {
            error = "$.edge: lineage between two pipelines has no table between them; add table → pipeline and pipeline → table instead.";
            return null;
        }

        if (pipeline is not null && (from.Kind == NodeKind.Job || to.Kind == NodeKind.Job))
        {
            error = "$.edge.lineageDetails.pipeline: a pipeline is given only for an edge between two tables.";
            return null;
        }

        if (add.Columns.Count > 0 && (from.Kind == NodeKind.Job || to.Kind == NodeKind.Job))
        {
            error = "$.edge.lineageDetails.columnsLineage: column lineage is between two tables' columns.";
            return null;
        }

        var facets = FacetSet.Empty;
        JobId job;
        var inputs = new List<InputDataset>();
        var outputs = new List<OutputDataset>();
        if (from.Kind == NodeKind.Job)
        {
            job = from.AsJob();
            outputs.Add(new OutputDataset(to.AsDataset()));
        }
        else if (to.Kind == NodeKind.Job)
        {
            job = to.AsJob();
            inputs.Add(new InputDataset(from.AsDataset()));
        }
        else
        {
            var source = from.AsDataset();
            var target = to.AsDataset();
            job = pipeline?.AsJob() ?? TableLineage.ManualJobId(source, target);
            if (pipeline is null)
            {
                facets = facets.With(JobTypeJobFacet.Key, new JobTypeJobFacet("BATCH", TableLineage.ManualIntegration) { JobType = TableLineage.ManualJobType, Producer = LineageWrites.Producer });
                if (add.Description is { Length: > 0 } description)
                {
                    facets = facets.With(DocumentationFacet.Key, new DocumentationFacet(description) { Producer = LineageWrites.Producer });
                }
            }

            var columns = Columns(names, add.Columns, source, target, out error);
            if (columns is null)
            {
                return null;
            }

            inputs.Add(new InputDataset(source));
            outputs.Add(new OutputDataset(target)
            {
                Facets = columns.Fields.Count == 0 ? FacetSet.Empty : FacetSet.Empty.With(ColumnLineageDatasetFacet.Key, columns),
            });
        }

        if (add.SqlQuery is { Length: > 0 } sql)
        {
            facets = facets.With(SqlJobFacet.Key, new SqlJobFacet(sql) { Producer = LineageWrites.Producer });
        }

        return new JobEvent
        {
            EventTime = time,
            Producer = LineageWrites.Producer,
            Job = new Job(job) { Facets = facets },
            Inputs = inputs,
            Outputs = outputs,
        };
    }

    /// <summary>
    /// The jobs to drop so that <paramref name="from"/> no longer feeds <paramref name="to"/>; empty with a null reason
    /// when it does not, empty with a reason when the edge cannot be removed without removing other lineage.
    /// </summary>
    public static IReadOnlyList<JobId> JobsToDrop(TableLineage view, LineageGraph graph, NodeId from, NodeId to, out string? reason)
    {
        reason = null;
        var candidates = new List<JobInfo>();
        if (from.Kind == NodeKind.Job || to.Kind == NodeKind.Job)
        {
            var job = view.Job((from.Kind == NodeKind.Job ? from : to).AsJob());
            var table = (from.Kind == NodeKind.Job ? to : from).AsDataset();
            if (job is { Deleted: false } && (from.Kind == NodeKind.Job ? job.Outputs : job.Inputs).Contains(table))
            {
                candidates.Add(job);
            }
        }
        else
        {
            foreach (var edge in graph.GetEdges(from, LineageDirection.Downstream))
            {
                if (edge.Kind == EdgeKind.Read && edge.From == from && view.Job(edge.To.AsJob()) is { Deleted: false } job && job.Outputs.Contains(to.AsDataset()))
                {
                    candidates.Add(job);
                }
            }
        }

        // A job is dropped for the edge only when the edge is all it does: a job of hand-added lineage, or one that
        // reads and writes nothing else.
        var tableToTable = from.Kind != NodeKind.Job && to.Kind != NodeKind.Job;
        bool Removable(JobInfo j) => j is { Integration: TableLineage.ManualIntegration, JobType: TableLineage.ManualJobType }
            || (tableToTable ? j.Inputs.Count == 1 && j.Outputs.Count == 1 : j.Inputs.Count + j.Outputs.Count == 1);
        var blocking = candidates.Where(j => !Removable(j)).ToList();
        if (blocking.Count > 0)
        {
            reason = $"The edge comes from job {string.Join(", ", blocking.Select(j => j.Id.Namespace + ":" + j.Id.Name))}, which also reads or writes other datasets; "
                + "Tributary removes lineage by dropping the job that makes it, which would remove that lineage too. To drop the job, DELETE /api/v1/namespaces/{namespace}/jobs/{job}.";
            return [];
        }

        return [.. candidates.Select(j => j.Id)];
    }

    private static ColumnLineageDatasetFacet? Columns(EntityNames names, IReadOnlyList<ColumnPair> pairs, DatasetId source, DatasetId target, out string? error)
    {
        error = null;
        var sourcePrefix = names.TableFqn(source) + ".";
        var targetPrefix = names.TableFqn(target) + ".";
        var fields = new List<ColumnLineageField>();
        for (var i = 0; i < pairs.Count; i++)
        {
            var path = $"$.edge.lineageDetails.columnsLineage[{i}]";
            var pair = pairs[i];
            if (Column(pair.ToColumn, targetPrefix) is not { } toColumn)
            {
                error = $"{path}.toColumn: '{pair.ToColumn}' is not a column of the toEntity table {targetPrefix[..^1]} (a column's fully qualified name is its table's, a '.', then the column name).";
                return null;
            }

            var transformation = pair.Function is { Length: > 0 } function ? new Transformation("DIRECT", "TRANSFORMATION", function) : Transformation.Identity;
            var inputs = new List<InputField>();
            for (var j = 0; j < pair.FromColumns.Count; j++)
            {
                if (Column(pair.FromColumns[j], sourcePrefix) is not { } fromColumn)
                {
                    error = $"{path}.fromColumns[{j}]: '{pair.FromColumns[j]}' is not a column of the fromEntity table {sourcePrefix[..^1]}.";
                    return null;
                }

                inputs.Add(new InputField(source.Namespace, source.Name, fromColumn) { Transformations = [transformation] });
            }

            fields.Add(new ColumnLineageField(toColumn, inputs));
        }

        return new ColumnLineageDatasetFacet { Fields = fields, Producer = LineageWrites.Producer };
    }

    // The column name after the table's fully qualified name, unquoted as OpenMetadata quotes a name holding a '.'.
    private static string? Column(string fqn, string tablePrefix)
    {
        if (!fqn.StartsWith(tablePrefix, StringComparison.Ordinal) || fqn.Length == tablePrefix.Length)
        {
            return null;
        }

        var name = fqn[tablePrefix.Length..];
        if (name.Length >= 2 && name[0] == '"' && name[^1] == '"')
        {
            return name[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal);
        }

        return name.Contains('.', StringComparison.Ordinal) ? null : name;
    }
}

using Tributary.Graph;
using Tributary.Storage.Lake;

namespace Tributary.Export;

/// <summary>
/// The lake's projection tables as a <see cref="LineageGraph"/> holds them: one operation per run, one node per
/// dataset, field and job, one relationship per edge. The graph is read when the lake asks for the rows (after it
/// has appended the events), a page of records at a time so that a live server keeps applying events meanwhile; so
/// pass a graph that reflects the events being compacted (it may reflect later ones too).
/// </summary>
/// <example>
/// <code>
/// await store.CompactAsync(new LakeProjectionExporter(graph), retainDays: 90);
/// </code>
/// </example>
public sealed class LakeProjectionExporter : ILakeProjection
{
    private readonly LineageGraph _graph;

    /// <summary>Exports the rows of <paramref name="graph"/>.</summary>
    public LakeProjectionExporter(LineageGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        _graph = graph;
    }

    /// <summary>One row per run of the graph, with its datasets, volumes summed over those that reported them, and its error.</summary>
    public IEnumerable<LakeOperation> Operations() => _graph.RunsInPages().Select(run => new LakeOperation(run.Id, run.Job, run.StartedAt)
    {
        OperationType = run.OperationType,
        State = run.State,
        EndedAt = run.EndedAt,
        DurationMs = run.Duration is { } duration ? (long)duration.TotalMilliseconds : null,
        Inputs = Datasets(run.Inputs),
        Outputs = Datasets(run.Outputs),
        InputRows = SumRows(run.Inputs),
        OutputRows = SumRows(run.Outputs),
        ErrorMessage = run.ErrorMessage,
        ParentRun = run.ParentRun,
    });

    /// <summary>One row per dataset, per field of each dataset and per job of the graph, with their attributes as JSON.</summary>
    public IEnumerable<LakeNode> Nodes()
    {
        foreach (var dataset in _graph.DatasetsInPages())
        {
            yield return new LakeNode(dataset.Node)
            {
                Type = dataset.Type,
                Description = dataset.Description,
                FirstSeen = dataset.FirstSeen,
                LastSeen = dataset.LastSeen,
                Attributes = LakeProjectionJson.DatasetAttributes(dataset),
            };
            foreach (var field in dataset.Fields)
            {
                yield return new LakeNode(field.Node) { Type = field.Type, Attributes = LakeProjectionJson.FieldAttributes(field) };
            }
        }

        foreach (var job in _graph.JobsInPages())
        {
            yield return new LakeNode(job.Node)
            {
                Type = job.JobType,
                Description = job.Description,
                FirstSeen = job.FirstSeen,
                LastSeen = job.LastSeen,
                Attributes = LakeProjectionJson.JobAttributes(job),
            };
        }
    }

    /// <summary>One row per edge of the graph; the kind is the <see cref="EdgeKind"/> name.</summary>
    public IEnumerable<LakeRelationship> Relationships()
    {
        // The graph keeps each distinct list of transformations once and hands out that same list for every edge that
        // has it, so its JSON is written once per list, not once per edge.
        var written = new Dictionary<IReadOnlyList<Model.Facets.Transformation>, string>(ReferenceEqualityComparer.Instance);
        foreach (var edge in _graph.EdgesInPages())
        {
            if (!written.TryGetValue(edge.Transformations, out var transformations))
            {
                written.Add(edge.Transformations, transformations = LakeProjectionJson.Transformations(edge.Transformations));
            }

            yield return new LakeRelationship(edge.From, edge.To, edge.Kind.ToString(), edge.FirstSeen, edge.LastSeen)
            {
                IsMasking = edge.IsMasking,
                Transformations = transformations,
            };
        }
    }

    /// <summary>One row per incident the graph shows (<see cref="Query.LineageQueryEngine.Incidents"/>), open and resolved.</summary>
    public IEnumerable<LakeDataQualityIssue> DataQualityIssues() => new Query.LineageQueryEngine(_graph).Incidents().Select(i =>
        new LakeDataQualityIssue(i.Id.ToString(), NodeText(i.Node), Formats.Name(i.Kind), i.OpenedAt)
        {
            CheckName = i.Check,
            ColumnName = i.Column,
            Description = i.Description,
            Severity = Formats.Name(i.Severity),
            Status = Formats.Name(i.Status),
            RootCauseTable = i.RootCauses is [var top, ..] ? NodeText(top.Node) : null,
            RootCause = i.RootCauses is [var first, ..] ? first.Evidence[0].Description : null,
            ResolvedAt = i.Resolution?.At,
            OwnersToNotify = LakeProjectionJson.Names(i.Owners.Select(o => o.Name)),
        });

    private static string NodeText(Model.NodeId node) => node.Kind == Model.NodeKind.Job ? node.AsJob().ToString() : node.AsDataset().ToString();

    private static LakeRunDataset[] Datasets(IReadOnlyList<RunDatasetInfo> datasets) =>
        [.. datasets.Select(d => new LakeRunDataset(d.Dataset, d.RowCount, d.Bytes))];

    private static long? SumRows(IReadOnlyList<RunDatasetInfo> datasets) =>
        datasets.Any(d => d.RowCount is not null) ? datasets.Sum(d => d.RowCount ?? 0) : null;
}

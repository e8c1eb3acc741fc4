using Tributary.Graph;
using Tributary.Model;
using Tributary.Storage.Parquet;

namespace Tributary.Storage.Lake;

public sealed partial class LineageMetadataRepository
{
    /// <summary>
    /// The runs that started in [<paramref name="from"/>, <paramref name="until"/>), sorted by start time then run
    /// id; only the date partitions and row groups that can hold them are read.
    /// </summary>
    public IReadOnlyList<LakeOperation> ReadOperations(DateTimeOffset from, DateTimeOffset until) =>
        [.. LakeTables.DatePartitions(Path.Combine(Root, LakeTables.Operations), from, until)
            .SelectMany(p => Scan(Path.Combine(p.Folder, LakeTables.OperationsFile), null, g => Overlaps(g.StatisticsOf("started_at"), from, until), ReadOperation))
            .Where(o => o.StartedAt >= from && o.StartedAt < until)
            .OrderBy(o => o.StartedAt)
            .ThenBy(o => o.Run.ToString(), StringComparer.Ordinal)];

    /// <summary>Every dataset, job and field node in the lake, sorted by node id.</summary>
    public IReadOnlyList<LakeNode> ReadNodes() =>
        [.. Scan(Path.Combine(Root, LakeTables.Nodes, LakeTables.NodesFile), null, _ => true, ReadNode)];

    /// <summary>Every edge in the lake, sorted by source, target and kind.</summary>
    public IReadOnlyList<LakeRelationship> ReadRelationships() =>
        [.. Scan(Path.Combine(Root, LakeTables.Relationships, LakeTables.RelationshipsFile), null, _ => true, ReadRelationship)];

    private void WriteProjections(LineageGraph graph, LakeManifest manifest)
    {
        WriteOperations(graph);
        WriteNodes(graph);
        WriteRelationships(graph);
        (manifest with { ProjectedThrough = manifest.EventsThrough }).Write(Root);
    }

    private void WriteOperations(LineageGraph graph)
    {
        var table = Path.Combine(Root, LakeTables.Operations);
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (var day in graph.GetRuns().GroupBy(r => LakeTables.DateSegment(r.StartedAt)))
        {
            var runs = day.OrderBy(r => r.StartedAt).ThenBy(r => r.Id.ToString(), StringComparer.Ordinal).ToArray();
            var s = LakeTables.OperationSchema.Columns;
            var folder = Path.Combine(table, day.Key);
            written.Add(folder);
            WriteTable(Path.Combine(folder, LakeTables.OperationsFile), LakeTables.OperationSchema, runs.Length, (from, count) =>
            {
                var slice = runs.AsSpan(from, count).ToArray();
                return
                [
                    ParquetColumnData.FromStrings(s[0], [.. slice.Select(r => r.Id.ToString())]),
                    ParquetColumnData.FromStrings(s[1], [.. slice.Select(r => r.Job.Namespace)]),
                    ParquetColumnData.FromStrings(s[2], [.. slice.Select(r => r.Job.Name)]),
                    ParquetColumnData.FromStrings(s[3], [.. slice.Select(r => r.OperationType?.ToString().ToUpperInvariant())]),
                    ParquetColumnData.FromStrings(s[4], [.. slice.Select(r => r.State?.ToString().ToUpperInvariant())]),
                    ParquetColumnData.FromTimestamps(s[5], [.. slice.Select(r => (DateTimeOffset?)r.StartedAt)]),
                    ParquetColumnData.FromTimestamps(s[6], [.. slice.Select(r => r.EndedAt)]),
                    ParquetColumnData.FromInt64s(s[7], [.. slice.Select(r => r.Duration is { } d ? (long?)(long)d.TotalMilliseconds : null)]),
                    ParquetColumnData.FromStrings(s[8], [.. slice.Select(r => LakeJson.Datasets(r.Inputs))]),
                    ParquetColumnData.FromStrings(s[9], [.. slice.Select(r => LakeJson.Datasets(r.Outputs))]),
                    ParquetColumnData.FromInt64s(s[10], [.. slice.Select(r => SumRows(r.Inputs))]),
                    ParquetColumnData.FromInt64s(s[11], [.. slice.Select(r => SumRows(r.Outputs))]),
                    ParquetColumnData.FromStrings(s[12], [.. slice.Select(r => r.ErrorMessage)]),
                    ParquetColumnData.FromStrings(s[13], [.. slice.Select(r => r.ParentRun?.ToString())]),
                ];
            }, "operations");
        }

        // A run whose start moved to another day (a late START) leaves its old partition; drop partitions no run is in.
        foreach (var (_, folder) in LakeTables.DatePartitions(table, DateTimeOffset.MinValue, DateTimeOffset.MaxValue))
        {
            if (!written.Contains(folder))
            {
                AtomicFile.Delete(Path.Combine(folder, LakeTables.OperationsFile));
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private void WriteNodes(LineageGraph graph)
    {
        var nodes = new List<(string Id, string Kind, string Namespace, string Name, string? Field, string? Type, string? Description, DateTimeOffset? First, DateTimeOffset? Last, string Attributes)>();
        foreach (var dataset in graph.GetDatasets())
        {
            nodes.Add((dataset.Node.ToString(), "dataset", dataset.Id.Namespace, dataset.Id.Name, null, dataset.Type, dataset.Description, dataset.FirstSeen, dataset.LastSeen, LakeJson.DatasetAttributes(dataset)));
            foreach (var field in dataset.Fields)
            {
                nodes.Add((field.Node.ToString(), "datasetField", dataset.Id.Namespace, dataset.Id.Name, field.Id.Name, field.Type, null, null, null, LakeJson.FieldAttributes(field)));
            }
        }

        foreach (var job in graph.GetJobs())
        {
            nodes.Add((job.Node.ToString(), "job", job.Id.Namespace, job.Id.Name, null, job.JobType, job.Description, job.FirstSeen, job.LastSeen, LakeJson.JobAttributes(job)));
        }

        var rows = nodes.OrderBy(n => n.Id, StringComparer.Ordinal).ToArray();
        var s = LakeTables.NodeSchema.Columns;
        WriteTable(Path.Combine(Root, LakeTables.Nodes, LakeTables.NodesFile), LakeTables.NodeSchema, rows.Length, (from, count) =>
        {
            var slice = rows.AsSpan(from, count).ToArray();
            return
            [
                ParquetColumnData.FromStrings(s[0], [.. slice.Select(n => n.Id)]),
                ParquetColumnData.FromStrings(s[1], [.. slice.Select(n => n.Kind)]),
                ParquetColumnData.FromStrings(s[2], [.. slice.Select(n => n.Namespace)]),
                ParquetColumnData.FromStrings(s[3], [.. slice.Select(n => n.Name)]),
                ParquetColumnData.FromStrings(s[4], [.. slice.Select(n => n.Field)]),
                ParquetColumnData.FromStrings(s[5], [.. slice.Select(n => n.Type)]),
                ParquetColumnData.FromStrings(s[6], [.. slice.Select(n => n.Description)]),
                ParquetColumnData.FromTimestamps(s[7], [.. slice.Select(n => n.First)]),
                ParquetColumnData.FromTimestamps(s[8], [.. slice.Select(n => n.Last)]),
                ParquetColumnData.FromStrings(s[9], [.. slice.Select(n => n.Attributes)]),
            ];
        }, "nodes");
    }

    private void WriteRelationships(LineageGraph graph)
    {
        var edges = graph.GetEdges()
            .OrderBy(e => e.From.ToString(), StringComparer.Ordinal)
            .ThenBy(e => e.To.ToString(), StringComparer.Ordinal)
            .ThenBy(e => e.Kind)
            .ToArray();
        var s = LakeTables.RelationshipSchema.Columns;
        WriteTable(Path.Combine(Root, LakeTables.Relationships, LakeTables.RelationshipsFile), LakeTables.RelationshipSchema, edges.Length, (from, count) =>
        {
            var slice = edges.AsSpan(from, count).ToArray();
            return
            [
                ParquetColumnData.FromStrings(s[0], [.. slice.Select(e => e.From.ToString())]),
                ParquetColumnData.FromStrings(s[1], [.. slice.Select(e => e.To.ToString())]),
                ParquetColumnData.FromStrings(s[2], [.. slice.Select(e => e.Kind.ToString())]),
                ParquetColumnData.FromTimestamps(s[3], [.. slice.Select(e => (DateTimeOffset?)e.FirstSeen)]),
                ParquetColumnData.FromTimestamps(s[4], [.. slice.Select(e => (DateTimeOffset?)e.LastSeen)]),
                ParquetColumnData.FromBooleans(s[5], [.. slice.Select(e => (bool?)e.IsMasking)]),
                ParquetColumnData.FromStrings(s[6], [.. slice.Select(e => LakeJson.Transformations(e.Transformations))]),
            ];
        }, "relationships");
    }

    private static long? SumRows(IReadOnlyList<RunDatasetInfo> datasets) =>
        datasets.Any(d => d.RowCount is not null) ? datasets.Sum(d => d.RowCount ?? 0) : null;

    private static LakeOperation ReadOperation(IReadOnlyList<ParquetColumnData> c, int r) =>
        new(RunId.Parse(c[0].GetString(r)!), new JobId(c[1].GetString(r)!, c[2].GetString(r)!), c[5].GetTimestamp(r)!.Value)
        {
            OperationType = Enum.TryParse<OperationType>(c[3].GetString(r), ignoreCase: true, out var type) ? type : null,
            State = Enum.TryParse<RunState>(c[4].GetString(r), ignoreCase: true, out var state) ? state : null,
            EndedAt = c[6].GetTimestamp(r),
            DurationMs = c[7].GetInt64(r),
            Inputs = LakeJson.ParseDatasets(c[8].GetString(r)),
            Outputs = LakeJson.ParseDatasets(c[9].GetString(r)),
            InputRows = c[10].GetInt64(r),
            OutputRows = c[11].GetInt64(r),
            ErrorMessage = c[12].GetString(r),
            ParentRun = c[13].GetString(r) is { } parent ? RunId.Parse(parent) : null,
        };

    private static LakeNode ReadNode(IReadOnlyList<ParquetColumnData> c, int r) =>
        new(NodeId.Parse(c[0].GetString(r)!))
        {
            Type = c[5].GetString(r),
            Description = c[6].GetString(r),
            FirstSeen = c[7].GetTimestamp(r),
            LastSeen = c[8].GetTimestamp(r),
            Attributes = c[9].GetString(r)!,
        };

    private static LakeRelationship ReadRelationship(IReadOnlyList<ParquetColumnData> c, int r) =>
        new(NodeId.Parse(c[0].GetString(r)!), NodeId.Parse(c[1].GetString(r)!), Enum.Parse<EdgeKind>(c[2].GetString(r)!), c[3].GetTimestamp(r)!.Value, c[4].GetTimestamp(r)!.Value)
        {
            IsMasking = c[5].GetBoolean(r) ?? false,
            Transformations = c[6].GetString(r)!,
        };

}

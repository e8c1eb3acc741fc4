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

    /// <summary>Every data-quality issue in the lake, sorted by detection time then id.</summary>
    public IReadOnlyList<LakeDataQualityIssue> ReadDataQualityIssues() =>
        [.. Scan(Path.Combine(Root, LakeTables.DataQualityIssues, LakeTables.DataQualityIssuesFile), null, _ => true, ReadDataQualityIssue)];

    private void WriteProjections(ILakeProjection projection, LakeManifest manifest)
    {
        WriteOperations(projection.Operations());
        WriteNodes(projection.Nodes());
        WriteRelationships(projection.Relationships());
        WriteDataQualityIssues(projection.DataQualityIssues());
        (manifest with { ProjectedThrough = manifest.EventsThrough }).Write(Root);
    }

    private void WriteOperations(IEnumerable<LakeOperation> operations)
    {
        var table = Path.Combine(Root, LakeTables.Operations);
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (var day in operations.GroupBy(o => LakeTables.DateSegment(o.StartedAt)))
        {
            var runs = day.OrderBy(o => o.StartedAt).ThenBy(o => o.Run.ToString(), StringComparer.Ordinal).ToArray();
            var s = LakeTables.OperationSchema.Columns;
            var folder = Path.Combine(table, day.Key);
            written.Add(folder);
            WriteTable(Path.Combine(folder, LakeTables.OperationsFile), LakeTables.OperationSchema, runs.Length, (from, count) =>
            {
                var slice = runs.AsSpan(from, count).ToArray();
                return
                [
                    ParquetColumnData.FromStrings(s[0], [.. slice.Select(o => o.Run.ToString())]),
                    ParquetColumnData.FromStrings(s[1], [.. slice.Select(o => o.Job.Namespace)]),
                    ParquetColumnData.FromStrings(s[2], [.. slice.Select(o => o.Job.Name)]),
                    ParquetColumnData.FromStrings(s[3], [.. slice.Select(o => o.OperationType?.ToString().ToUpperInvariant())]),
                    ParquetColumnData.FromStrings(s[4], [.. slice.Select(o => o.State?.ToString().ToUpperInvariant())]),
                    ParquetColumnData.FromTimestamps(s[5], [.. slice.Select(o => (DateTimeOffset?)o.StartedAt)]),
                    ParquetColumnData.FromTimestamps(s[6], [.. slice.Select(o => o.EndedAt)]),
                    ParquetColumnData.FromInt64s(s[7], [.. slice.Select(o => o.DurationMs)]),
                    ParquetColumnData.FromStrings(s[8], [.. slice.Select(o => LakeJson.Datasets(o.Inputs))]),
                    ParquetColumnData.FromStrings(s[9], [.. slice.Select(o => LakeJson.Datasets(o.Outputs))]),
                    ParquetColumnData.FromInt64s(s[10], [.. slice.Select(o => o.InputRows)]),
                    ParquetColumnData.FromInt64s(s[11], [.. slice.Select(o => o.OutputRows)]),
                    ParquetColumnData.FromStrings(s[12], [.. slice.Select(o => o.ErrorMessage)]),
                    ParquetColumnData.FromStrings(s[13], [.. slice.Select(o => o.ParentRun?.ToString())]),
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

    // The kind, namespace, name and field columns are spelled out from the node id so SQL readers need not parse it.
    private void WriteNodes(IEnumerable<LakeNode> nodes)
    {
        var rows = nodes.Select(n => (Id: n.Node.ToString(), Row: n)).OrderBy(n => n.Id, StringComparer.Ordinal).ToArray();
        var s = LakeTables.NodeSchema.Columns;
        WriteTable(Path.Combine(Root, LakeTables.Nodes, LakeTables.NodesFile), LakeTables.NodeSchema, rows.Length, (from, count) =>
        {
            var slice = rows.AsSpan(from, count).ToArray();
            return
            [
                ParquetColumnData.FromStrings(s[0], [.. slice.Select(n => n.Id)]),
                ParquetColumnData.FromStrings(s[1], [.. slice.Select(n => KindName(n.Row.Node.Kind))]),
                ParquetColumnData.FromStrings(s[2], [.. slice.Select(n => n.Row.Node.Namespace)]),
                ParquetColumnData.FromStrings(s[3], [.. slice.Select(n => n.Row.Node.Name)]),
                ParquetColumnData.FromStrings(s[4], [.. slice.Select(n => n.Row.Node.Field)]),
                ParquetColumnData.FromStrings(s[5], [.. slice.Select(n => n.Row.Type)]),
                ParquetColumnData.FromStrings(s[6], [.. slice.Select(n => n.Row.Description)]),
                ParquetColumnData.FromTimestamps(s[7], [.. slice.Select(n => n.Row.FirstSeen)]),
                ParquetColumnData.FromTimestamps(s[8], [.. slice.Select(n => n.Row.LastSeen)]),
                ParquetColumnData.FromStrings(s[9], [.. slice.Select(n => n.Row.Attributes)]),
            ];
        }, "nodes");
    }

    private void WriteRelationships(IEnumerable<LakeRelationship> relationships)
    {
        var edges = relationships
            .Select(e => (From: e.From.ToString(), To: e.To.ToString(), Row: e))
            .OrderBy(e => e.From, StringComparer.Ordinal)
            .ThenBy(e => e.To, StringComparer.Ordinal)
            .ThenBy(e => e.Row.Kind, StringComparer.Ordinal)
            .ToArray();
        var s = LakeTables.RelationshipSchema.Columns;
        WriteTable(Path.Combine(Root, LakeTables.Relationships, LakeTables.RelationshipsFile), LakeTables.RelationshipSchema, edges.Length, (from, count) =>
        {
            var slice = edges.AsSpan(from, count).ToArray();
            return
            [
                ParquetColumnData.FromStrings(s[0], [.. slice.Select(e => e.From)]),
                ParquetColumnData.FromStrings(s[1], [.. slice.Select(e => e.To)]),
                ParquetColumnData.FromStrings(s[2], [.. slice.Select(e => e.Row.Kind)]),
                ParquetColumnData.FromTimestamps(s[3], [.. slice.Select(e => (DateTimeOffset?)e.Row.FirstSeen)]),
                ParquetColumnData.FromTimestamps(s[4], [.. slice.Select(e => (DateTimeOffset?)e.Row.LastSeen)]),
                ParquetColumnData.FromBooleans(s[5], [.. slice.Select(e => (bool?)e.Row.IsMasking)]),
                ParquetColumnData.FromStrings(s[6], [.. slice.Select(e => e.Row.Transformations)]),
            ];
        }, "relationships");
    }

    private void WriteDataQualityIssues(IEnumerable<LakeDataQualityIssue> issues)
    {
        var rows = issues.OrderBy(i => i.DetectedAt).ThenBy(i => i.IssueId, StringComparer.Ordinal).ToArray();
        var s = LakeTables.DataQualityIssueSchema.Columns;
        WriteTable(Path.Combine(Root, LakeTables.DataQualityIssues, LakeTables.DataQualityIssuesFile), LakeTables.DataQualityIssueSchema, rows.Length, (from, count) =>
        {
            var slice = rows.AsSpan(from, count).ToArray();
            return
            [
                ParquetColumnData.FromStrings(s[0], [.. slice.Select(i => i.IssueId)]),
                ParquetColumnData.FromStrings(s[1], [.. slice.Select(i => i.AffectedTable)]),
                ParquetColumnData.FromStrings(s[2], [.. slice.Select(i => i.IssueType)]),
                ParquetColumnData.FromStrings(s[3], [.. slice.Select(i => i.CheckName)]),
                ParquetColumnData.FromStrings(s[4], [.. slice.Select(i => i.ColumnName)]),
                ParquetColumnData.FromStrings(s[5], [.. slice.Select(i => i.Description)]),
                ParquetColumnData.FromStrings(s[6], [.. slice.Select(i => i.Severity)]),
                ParquetColumnData.FromStrings(s[7], [.. slice.Select(i => i.Status)]),
                ParquetColumnData.FromStrings(s[8], [.. slice.Select(i => i.RootCauseTable)]),
                ParquetColumnData.FromStrings(s[9], [.. slice.Select(i => i.RootCause)]),
                ParquetColumnData.FromTimestamps(s[10], [.. slice.Select(i => (DateTimeOffset?)i.DetectedAt)]),
                ParquetColumnData.FromTimestamps(s[11], [.. slice.Select(i => i.ResolvedAt)]),
                ParquetColumnData.FromStrings(s[12], [.. slice.Select(i => i.OwnersToNotify)]),
            ];
        }, "data quality issues");
    }

    private static LakeDataQualityIssue ReadDataQualityIssue(IReadOnlyList<ParquetColumnData> c, int r) =>
        new(c[0].GetString(r)!, c[1].GetString(r)!, c[2].GetString(r)!, c[10].GetTimestamp(r)!.Value)
        {
            CheckName = c[3].GetString(r),
            ColumnName = c[4].GetString(r),
            Description = c[5].GetString(r),
            Severity = c[6].GetString(r),
            Status = c[7].GetString(r),
            RootCauseTable = c[8].GetString(r),
            RootCause = c[9].GetString(r),
            ResolvedAt = c[11].GetTimestamp(r),
            OwnersToNotify = c[12].GetString(r)!,
        };

    // The same words as the node id's prefix (Marquez's spelling).
    private static string KindName(NodeKind kind) => kind switch
    {
        NodeKind.Dataset => "dataset",
        NodeKind.Job => "job",
        NodeKind.DatasetField => "datasetField",
        NodeKind.Run => "run",
        _ => kind.ToString(),
    };

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
        new(NodeId.Parse(c[0].GetString(r)!), NodeId.Parse(c[1].GetString(r)!), c[2].GetString(r)!, c[3].GetTimestamp(r)!.Value, c[4].GetTimestamp(r)!.Value)
        {
            IsMasking = c[5].GetBoolean(r) ?? false,
            Transformations = c[6].GetString(r)!,
        };
}

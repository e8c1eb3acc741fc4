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

        // Grouped by UTC day number and each run's id made into text once: a date string per run to group by and an
        // id string per comparison were most of this table's time on a store of a million runs.
        var days = new Dictionary<long, List<(string Run, LakeOperation Row)>>();
        foreach (var operation in operations)
        {
            var day = operation.StartedAt.UtcTicks / TimeSpan.TicksPerDay;
            if (!days.TryGetValue(day, out var list))
            {
                days.Add(day, list = []);
            }

            list.Add((operation.Run.ToString(), operation));
        }

        foreach (var list in days.Values)
        {
            var runs = list.ToArray();
            Array.Sort(runs, static (a, b) => a.Row.StartedAt != b.Row.StartedAt ? a.Row.StartedAt.CompareTo(b.Row.StartedAt) : string.CompareOrdinal(a.Run, b.Run));
            var s = LakeTables.OperationSchema.Columns;
            var folder = Path.Combine(table, LakeTables.DateSegment(runs[0].Row.StartedAt));
            written.Add(folder);
            WriteTable(Path.Combine(folder, LakeTables.OperationsFile), LakeTables.OperationSchema, runs.Length, (from, count) =>
            {
                var slice = runs.AsSpan(from, count).ToArray();
                return
                [
                    ParquetColumnData.FromStrings(s[0], [.. slice.Select(o => o.Run)]),
                    ParquetColumnData.FromStrings(s[1], [.. slice.Select(o => o.Row.Job.Namespace)]),
                    ParquetColumnData.FromStrings(s[2], [.. slice.Select(o => o.Row.Job.Name)]),
                    ParquetColumnData.FromStrings(s[3], [.. slice.Select(o => UpperName(o.Row.OperationType))]),
                    ParquetColumnData.FromStrings(s[4], [.. slice.Select(o => UpperName(o.Row.State))]),
                    ParquetColumnData.FromTimestamps(s[5], [.. slice.Select(o => (DateTimeOffset?)o.Row.StartedAt)]),
                    ParquetColumnData.FromTimestamps(s[6], [.. slice.Select(o => o.Row.EndedAt)]),
                    ParquetColumnData.FromInt64s(s[7], [.. slice.Select(o => o.Row.DurationMs)]),
                    ParquetColumnData.FromStrings(s[8], [.. slice.Select(o => LakeJson.Datasets(o.Row.Inputs))]),
                    ParquetColumnData.FromStrings(s[9], [.. slice.Select(o => LakeJson.Datasets(o.Row.Outputs))]),
                    ParquetColumnData.FromInt64s(s[10], [.. slice.Select(o => o.Row.InputRows)]),
                    ParquetColumnData.FromInt64s(s[11], [.. slice.Select(o => o.Row.OutputRows)]),
                    ParquetColumnData.FromStrings(s[12], [.. slice.Select(o => o.Row.ErrorMessage)]),
                    ParquetColumnData.FromStrings(s[13], [.. slice.Select(o => o.Row.ParentRun?.ToString())]),
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
        var rows = nodes.Select(n => (Id: n.Node.ToString(), Row: n)).ToArray();
        Array.Sort(rows, static (a, b) => string.CompareOrdinal(a.Id, b.Id)); // ids are unique: no ties to keep in order
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
        var texts = new NodeIdTexts();
        var list = new List<(string From, string To, LakeRelationship Row, int Order)>();
        foreach (var e in relationships)
        {
            list.Add((texts.Of(e.From), texts.Of(e.To), e, list.Count));
        }

        // Sorted by source, target and kind; the order given breaks ties, so equal keys keep it as a stable sort would.
        var edges = list.ToArray();
        Array.Sort(edges, static (a, b) =>
        {
            var c = string.CompareOrdinal(a.From, b.From);
            if (c == 0) c = string.CompareOrdinal(a.To, b.To);
            if (c == 0) c = string.CompareOrdinal(a.Row.Kind, b.Row.Kind);
            return c != 0 ? c : a.Order.CompareTo(b.Order);
        });

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

    // OpenLineage's spelling of the enum (START, COMPLETE, BATCH), made once per name, not once per run.
    private static string? UpperName<T>(T? value)
        where T : struct, Enum =>
        value is { } v ? UpperNames<T>.Of(v) : null;

    private static class UpperNames<T>
        where T : struct, Enum
    {
        private static readonly Dictionary<T, string> Names = Enum.GetValues<T>().Distinct().ToDictionary(v => v, v => v.ToString().ToUpperInvariant());

        public static string Of(T value) => Names.TryGetValue(value, out var name) ? name : value.ToString().ToUpperInvariant();
    }

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

using Tributary.Storage.Parquet;

namespace Tributary.Storage.Lake;

/// <summary>The lake's folders, file names and Parquet schemas (column names are snake_case, as Spark and DuckDB users expect).</summary>
internal static class LakeTables
{
    public const string Events = "lineage_events";
    public const string Operations = "lineage_operations";
    public const string Nodes = "lineage_nodes";
    public const string Relationships = "lineage_relationships";
    public const string DataQualityIssues = "data_quality_issues";
    public const string DataQualityIssuesFile = "data_quality_issues.parquet";
    public const string NodesFile = "nodes.parquet";
    public const string RelationshipsFile = "relationships.parquet";
    public const string OperationsFile = "operations.parquet";
    public const string DateKey = "date";

    public static ParquetSchema EventSchema { get; } = new(
        new ParquetColumn("sequence", ParquetColumnType.Int64, IsNullable: false),
        new ParquetColumn("event_time", ParquetColumnType.Timestamp, IsNullable: false),
        new ParquetColumn("ingest_time", ParquetColumnType.Timestamp, IsNullable: false),
        new ParquetColumn("digest", ParquetColumnType.String),
        new ParquetColumn("raw", ParquetColumnType.String, IsNullable: false));

    public static ParquetSchema OperationSchema { get; } = new(
        new ParquetColumn("run_id", ParquetColumnType.String, IsNullable: false),
        new ParquetColumn("job_namespace", ParquetColumnType.String, IsNullable: false),
        new ParquetColumn("job_name", ParquetColumnType.String, IsNullable: false),
        new ParquetColumn("operation_type", ParquetColumnType.String),
        new ParquetColumn("state", ParquetColumnType.String),
        new ParquetColumn("started_at", ParquetColumnType.Timestamp, IsNullable: false),
        new ParquetColumn("ended_at", ParquetColumnType.Timestamp),
        new ParquetColumn("duration_ms", ParquetColumnType.Int64),
        new ParquetColumn("inputs", ParquetColumnType.String, IsNullable: false),
        new ParquetColumn("outputs", ParquetColumnType.String, IsNullable: false),
        new ParquetColumn("input_rows", ParquetColumnType.Int64),
        new ParquetColumn("output_rows", ParquetColumnType.Int64),
        new ParquetColumn("error_message", ParquetColumnType.String),
        new ParquetColumn("parent_run_id", ParquetColumnType.String));

    public static ParquetSchema NodeSchema { get; } = new(
        new ParquetColumn("node_id", ParquetColumnType.String, IsNullable: false),
        new ParquetColumn("kind", ParquetColumnType.String, IsNullable: false),
        new ParquetColumn("namespace", ParquetColumnType.String, IsNullable: false),
        new ParquetColumn("name", ParquetColumnType.String, IsNullable: false),
        new ParquetColumn("field", ParquetColumnType.String),
        new ParquetColumn("type", ParquetColumnType.String),
        new ParquetColumn("description", ParquetColumnType.String),
        new ParquetColumn("first_seen", ParquetColumnType.Timestamp),
        new ParquetColumn("last_seen", ParquetColumnType.Timestamp),
        new ParquetColumn("attributes", ParquetColumnType.String, IsNullable: false));

    public static ParquetSchema RelationshipSchema { get; } = new(
        new ParquetColumn("from_node", ParquetColumnType.String, IsNullable: false),
        new ParquetColumn("to_node", ParquetColumnType.String, IsNullable: false),
        new ParquetColumn("kind", ParquetColumnType.String, IsNullable: false),
        new ParquetColumn("first_seen", ParquetColumnType.Timestamp, IsNullable: false),
        new ParquetColumn("last_seen", ParquetColumnType.Timestamp, IsNullable: false),
        new ParquetColumn("is_masking", ParquetColumnType.Boolean, IsNullable: false),
        new ParquetColumn("transformations", ParquetColumnType.String, IsNullable: false));

    public static ParquetSchema DataQualityIssueSchema { get; } = new(
        new ParquetColumn("issue_id", ParquetColumnType.String, IsNullable: false),
        new ParquetColumn("affected_table", ParquetColumnType.String, IsNullable: false),
        new ParquetColumn("issue_type", ParquetColumnType.String, IsNullable: false),
        new ParquetColumn("check_name", ParquetColumnType.String),
        new ParquetColumn("column_name", ParquetColumnType.String),
        new ParquetColumn("description", ParquetColumnType.String),
        new ParquetColumn("severity", ParquetColumnType.String),
        new ParquetColumn("status", ParquetColumnType.String),
        new ParquetColumn("root_cause_table", ParquetColumnType.String),
        new ParquetColumn("root_cause", ParquetColumnType.String),
        new ParquetColumn("detected_at", ParquetColumnType.Timestamp, IsNullable: false),
        new ParquetColumn("resolved_at", ParquetColumnType.Timestamp),
        new ParquetColumn("owners_to_notify", ParquetColumnType.String, IsNullable: false));

    /// <summary>The partition folder name for a UTC date.</summary>
    public static string DateSegment(DateTimeOffset time) =>
        HivePartition.Segment(DateKey, time.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The event file name for a committed batch of sequences.</summary>
    public static string EventFileName(long first, long last) => $"events-{first:D19}-{last:D19}.parquet";

    /// <summary>Parses a name made by <see cref="EventFileName"/>.</summary>
    public static bool TryParseEventFileName(string name, out long first, out long last)
    {
        first = last = 0;
        return name.Length == 54 && name.StartsWith("events-", StringComparison.Ordinal) && name.EndsWith(".parquet", StringComparison.Ordinal)
            && long.TryParse(name.AsSpan(7, 19), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out first)
            && long.TryParse(name.AsSpan(27, 19), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out last);
    }

    /// <summary>
    /// The date partitions under <paramref name="table"/> whose day overlaps [<paramref name="from"/>,
    /// <paramref name="until"/>), sorted by date; folders that are not <c>date=yyyy-MM-dd</c> are ignored.
    /// </summary>
    public static IEnumerable<(DateOnly Date, string Folder)> DatePartitions(string table, DateTimeOffset from, DateTimeOffset until)
    {
        if (!Directory.Exists(table))
        {
            return [];
        }

        var first = DateOnly.FromDateTime(from.UtcDateTime);
        return Directory.EnumerateDirectories(table)
            .Select(folder => (Parsed: HivePartition.TryParse(Path.GetFileName(folder), out var key, out var value) && key == DateKey
                && DateOnly.TryParseExact(value, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date) ? date : (DateOnly?)null, Folder: folder))
            .Where(p => p.Parsed is { } date && date >= first && new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) < until)
            .Select(p => (p.Parsed!.Value, p.Folder))
            .OrderBy(p => p.Value);
    }
}

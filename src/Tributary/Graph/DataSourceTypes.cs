namespace Tributary.Graph;

/// <summary>Works out a dataset's <see cref="DataSourceType"/> and reads the words users give for one.</summary>
public static class DataSourceTypes
{
    /// <summary>The <c>datasetType</c> the tracker gives datasets of a tracked repository: <c>REPOSITORY</c>.</summary>
    public const string RepositoryDatasetType = "REPOSITORY";

    // Namespace schemes as OpenLineage's naming spec writes them, by kind.
    private static readonly Dictionary<string, DataSourceType> _schemes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["file"] = DataSourceType.File, ["s3"] = DataSourceType.File, ["s3a"] = DataSourceType.File, ["gs"] = DataSourceType.File,
        ["abfss"] = DataSourceType.File, ["wasbs"] = DataSourceType.File, ["hdfs"] = DataSourceType.File, ["dbfs"] = DataSourceType.File,
        ["postgres"] = DataSourceType.Database, ["postgresql"] = DataSourceType.Database, ["mysql"] = DataSourceType.Database,
        ["sqlserver"] = DataSourceType.Database, ["mssql"] = DataSourceType.Database, ["oracle"] = DataSourceType.Database,
        ["db2"] = DataSourceType.Database, ["snowflake"] = DataSourceType.Database, ["bigquery"] = DataSourceType.Database,
        ["redshift"] = DataSourceType.Database, ["trino"] = DataSourceType.Database, ["presto"] = DataSourceType.Database,
        ["hive"] = DataSourceType.Database, ["sqlite"] = DataSourceType.Database, ["databricks"] = DataSourceType.Database,
        ["teradata"] = DataSourceType.Database, ["clickhouse"] = DataSourceType.Database, ["duckdb"] = DataSourceType.Database,
        ["athena"] = DataSourceType.Database, ["awsathena"] = DataSourceType.Database, ["cassandra"] = DataSourceType.Database,
        ["mongodb"] = DataSourceType.Database, ["spanner"] = DataSourceType.Database, ["azurecosmos"] = DataSourceType.Database,
        ["kafka"] = DataSourceType.Stream, ["kinesis"] = DataSourceType.Stream, ["pubsub"] = DataSourceType.Stream,
        ["eventhubs"] = DataSourceType.Stream, ["pulsar"] = DataSourceType.Stream, ["rabbitmq"] = DataSourceType.Stream,
        ["http"] = DataSourceType.Api, ["https"] = DataSourceType.Api,
    };

    /// <summary>
    /// The kind of a dataset: from its <c>datasetType</c> facet when that names one, otherwise from the scheme of its
    /// namespace (or of its <c>dataSource</c> URI); <see cref="DataSourceType.Unknown"/> when neither says.
    /// </summary>
    public static DataSourceType Of(string? datasetType, string datasetNamespace, string? sourceUri = null)
    {
        var fromType = datasetType?.Trim().ToUpperInvariant() switch
        {
            RepositoryDatasetType => DataSourceType.Repository,
            "FILE" or "DIRECTORY" or "OBJECT" => DataSourceType.File,
            "TABLE" or "VIEW" or "MATERIALIZED_VIEW" or "MATERIALIZED VIEW" or "EXTERNAL_TABLE" => DataSourceType.Database,
            "STREAM" or "TOPIC" => DataSourceType.Stream,
            "API" => DataSourceType.Api,
            _ => DataSourceType.Unknown,
        };
        return fromType != DataSourceType.Unknown ? fromType
            : Scheme(datasetNamespace) is var fromNamespace && fromNamespace != DataSourceType.Unknown ? fromNamespace
            : sourceUri is null ? DataSourceType.Unknown : Scheme(sourceUri);
    }

    /// <summary>
    /// Reads a source type as users write it (<c>repository</c>, <c>file</c>, <c>database</c> or <c>table</c>,
    /// <c>api</c>, <c>stream</c> or <c>topic</c>; any case); throws <see cref="ArgumentException"/> naming the words it knows.
    /// </summary>
    public static DataSourceType Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Trim().ToLowerInvariant() switch
        {
            "repository" or "repo" => DataSourceType.Repository,
            "file" or "files" or "object" => DataSourceType.File,
            "database" or "db" or "table" or "view" => DataSourceType.Database,
            "api" or "http" => DataSourceType.Api,
            "stream" or "topic" => DataSourceType.Stream,
            "unknown" => DataSourceType.Unknown,
            _ => throw new ArgumentException($"'{text}' is not a source type; use repository, file, database (or table), api, stream or unknown.", nameof(text)),
        };
    }

    private static DataSourceType Scheme(string value)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        var scheme = colon > 0 ? value[..colon] : value;
        return _schemes.GetValueOrDefault(scheme, DataSourceType.Unknown);
    }
}

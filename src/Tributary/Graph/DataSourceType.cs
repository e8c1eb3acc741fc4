namespace Tributary.Graph;

/// <summary>
/// What kind of data source a dataset is (the tracking-system document's <c>source_type</c>): told by what tracked it
/// (a repository), by its <c>datasetType</c> facet, or by the scheme of its namespace.
/// </summary>
public enum DataSourceType
{
    /// <summary>Nothing says what the source is.</summary>
    Unknown,

    /// <summary>Data kept by a repository of the application, tracked through <c>[TrackLineage]</c> or <c>Wrap</c> (<c>datasetType</c> REPOSITORY).</summary>
    Repository,

    /// <summary>Files or objects: <c>file://</c>, <c>s3://</c>, <c>gs://</c>, <c>abfss://</c>, <c>hdfs://</c>, or a FILE dataset type.</summary>
    File,

    /// <summary>A database table or view: <c>postgres://</c>, <c>mysql://</c>, <c>snowflake://</c>, <c>bigquery</c>, …, or a TABLE or VIEW dataset type.</summary>
    Database,

    /// <summary>An HTTP API: <c>http://</c> or <c>https://</c>, or an API dataset type.</summary>
    Api,

    /// <summary>A stream or topic: <c>kafka://</c>, <c>kinesis://</c>, <c>pubsub</c>, …, or a STREAM or TOPIC dataset type.</summary>
    Stream,
}

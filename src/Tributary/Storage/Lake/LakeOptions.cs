using Tributary.Storage.Parquet;

namespace Tributary.Storage.Lake;

/// <summary>Settings for <see cref="LineageMetadataRepository"/>; the defaults suit most lakes.</summary>
public sealed class LakeOptions
{
    /// <summary>How Parquet pages are compressed; Snappy by default (what Spark and DuckDB default to).</summary>
    public ParquetCompression Compression { get; init; } = ParquetCompression.Snappy;

    /// <summary>Rows per row group (8192 by default); smaller groups prune time ranges more finely.</summary>
    public int RowGroupSize { get; init; } = 8192;

    /// <summary>How many events one compaction step writes before committing (100 000 by default), bounding memory.</summary>
    public int EventsPerBatch { get; init; } = 100_000;

    /// <summary>The default settings.</summary>
    public static LakeOptions Default { get; } = new();
}

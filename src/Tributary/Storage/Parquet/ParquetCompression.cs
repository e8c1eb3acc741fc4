namespace Tributary.Storage.Parquet;

/// <summary>How page data is compressed; the values are Parquet's codec numbers.</summary>
public enum ParquetCompression
{
    /// <summary>No compression.</summary>
    Uncompressed = 0,

    /// <summary>Snappy (fast, moderate ratio); the usual choice for lakes.</summary>
    Snappy = 1,

    /// <summary>GZIP (slower, smaller).</summary>
    Gzip = 2,
}

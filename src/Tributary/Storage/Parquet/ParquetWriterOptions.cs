namespace Tributary.Storage.Parquet;

/// <summary>Settings for <see cref="ParquetWriter"/>; the defaults suit a lineage lake.</summary>
public sealed class ParquetWriterOptions
{
    /// <summary>How pages are compressed; Snappy by default.</summary>
    public ParquetCompression Compression { get; init; } = ParquetCompression.Snappy;

    /// <summary>The uncompressed size at which a data page is cut (1 MiB by default).</summary>
    public int PageSize { get; init; } = 1 << 20;

    /// <summary>
    /// Whether string columns may be dictionary-encoded (true by default); a column is only when its distinct
    /// values are at most half its values and their total size is at most <see cref="PageSize"/>.
    /// </summary>
    public bool UseDictionary { get; init; } = true;

    /// <summary>Key-value metadata stored in the footer (none by default).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    /// <summary>The default settings.</summary>
    public static ParquetWriterOptions Default { get; } = new();
}

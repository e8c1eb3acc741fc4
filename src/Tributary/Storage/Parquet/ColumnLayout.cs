namespace Tributary.Storage.Parquet;

/// <summary>How a column is stored in a file being read: its physical type, nullability and how raw integers become timestamps.</summary>
/// <param name="Column">The column as callers see it.</param>
/// <param name="PhysicalType">Parquet's physical type code.</param>
/// <param name="MaxDefinitionLevel">1 for an OPTIONAL column, 0 for a REQUIRED one.</param>
/// <param name="TimeUnit">For timestamps: how the stored integer relates to microseconds.</param>
internal sealed record ColumnLayout(ParquetColumn Column, int PhysicalType, int MaxDefinitionLevel, StoredTimeUnit TimeUnit)
{
    /// <summary>Converts a stored integer to the value callers see (microseconds for timestamps, unchanged otherwise).</summary>
    public long ToValue(long raw) => TimeUnit switch
    {
        StoredTimeUnit.Millis => raw is > long.MaxValue / 1000 or < long.MinValue / 1000 ? (raw < 0 ? long.MinValue : long.MaxValue) : raw * 1000,
        StoredTimeUnit.Nanos => raw >= 0 ? raw / 1000 : ((raw + 1) / 1000) - 1,
        StoredTimeUnit.Days => raw * 86_400_000_000L,
        _ => raw,
    };
}

namespace Tributary.Storage.Parquet;

/// <summary>A column chunk's statistics from the footer, used to skip row groups without reading them.</summary>
/// <param name="Column">The column.</param>
/// <param name="Min">The smallest value (string, long, double, bool or DateTimeOffset), or null when the file does not say.</param>
/// <param name="Max">The largest value, or null when the file does not say.</param>
/// <param name="NullCount">How many values are null, or null when the file does not say.</param>
public sealed record ParquetColumnStatistics(ParquetColumn Column, object? Min, object? Max, long? NullCount);

namespace Tributary.Storage.Parquet;

/// <summary>A column of a flat Parquet schema.</summary>
/// <param name="Name">The column name as it appears in the file (any text; Parquet does not restrict it).</param>
/// <param name="Type">The values' type.</param>
/// <param name="IsNullable">True (the default) for an OPTIONAL column that may hold nulls; false for REQUIRED.</param>
public sealed record ParquetColumn(string Name, ParquetColumnType Type, bool IsNullable = true);

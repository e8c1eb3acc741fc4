namespace Tributary.Storage.Parquet;

/// <summary>What the footer says about one row group: its size and each column's statistics.</summary>
/// <param name="Index">The row group's position in the file, from 0.</param>
/// <param name="RowCount">The number of rows.</param>
/// <param name="Statistics">Per column, in schema order.</param>
public sealed record ParquetRowGroupInfo(int Index, long RowCount, IReadOnlyList<ParquetColumnStatistics> Statistics)
{
    /// <summary>The statistics of the column called <paramref name="name"/>, or null if there is no such column.</summary>
    public ParquetColumnStatistics? StatisticsOf(string name) => Statistics.FirstOrDefault(s => s.Column.Name == name);
}

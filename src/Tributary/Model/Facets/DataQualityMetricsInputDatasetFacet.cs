namespace Tributary.Model.Facets;

/// <summary>The <c>dataQualityMetrics</c> facet: row, byte and per-column metrics measured on a dataset.</summary>
public sealed record DataQualityMetricsInputDatasetFacet : Facet
{
    /// <summary>The facet key OpenLineage uses: <c>dataQualityMetrics</c>.</summary>
    public const string Key = "dataQualityMetrics";

    /// <summary>Rows evaluated, or null.</summary>
    public long? RowCount { get; init; }

    /// <summary>Size in bytes, or null.</summary>
    public long? Bytes { get; init; }

    /// <summary>Files evaluated, or null.</summary>
    public long? FileCount { get; init; }

    /// <summary>Metrics per column, in the order received.</summary>
    public IReadOnlyList<ColumnMetrics> ColumnMetrics { get; init; } = [];
}

/// <summary>Metrics of one column.</summary>
/// <param name="Column">The column name.</param>
public sealed record ColumnMetrics(string Column)
{
    /// <summary>Null values counted, or null.</summary>
    public long? NullCount { get; init; }

    /// <summary>Distinct values counted, or null.</summary>
    public long? DistinctCount { get; init; }

    /// <summary>Sum of the values, or null.</summary>
    public double? Sum { get; init; }

    /// <summary>Number of values, or null.</summary>
    public double? Count { get; init; }

    /// <summary>Smallest value, or null.</summary>
    public double? Min { get; init; }

    /// <summary>Largest value, or null.</summary>
    public double? Max { get; init; }

    /// <summary>Quantile (as text, for example <c>0.25</c>) → value.</summary>
    public IReadOnlyList<KeyValuePair<string, double>> Quantiles { get; init; } = [];
}

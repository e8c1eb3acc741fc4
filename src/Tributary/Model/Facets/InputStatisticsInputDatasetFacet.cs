namespace Tributary.Model.Facets;

/// <summary>The <c>inputStatistics</c> input facet: how much of an input a run read.</summary>
public sealed record InputStatisticsInputDatasetFacet : Facet
{
    /// <summary>The facet key OpenLineage uses: <c>inputStatistics</c>.</summary>
    public const string Key = "inputStatistics";

    /// <summary>Rows read, or null when unknown.</summary>
    public long? RowCount { get; init; }

    /// <summary>Bytes read, or null when unknown.</summary>
    public long? Size { get; init; }

    /// <summary>Files read, or null when unknown.</summary>
    public long? FileCount { get; init; }
}

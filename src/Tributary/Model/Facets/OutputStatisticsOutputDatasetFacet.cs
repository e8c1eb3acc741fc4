namespace Tributary.Model.Facets;

/// <summary>The <c>outputStatistics</c> output facet: how much a run wrote to an output.</summary>
public sealed record OutputStatisticsOutputDatasetFacet : Facet
{
    /// <summary>The facet key OpenLineage uses: <c>outputStatistics</c>.</summary>
    public const string Key = "outputStatistics";

    /// <summary>Rows written, or null when unknown.</summary>
    public long? RowCount { get; init; }

    /// <summary>Bytes written, or null when unknown.</summary>
    public long? Size { get; init; }

    /// <summary>Files written, or null when unknown.</summary>
    public long? FileCount { get; init; }
}

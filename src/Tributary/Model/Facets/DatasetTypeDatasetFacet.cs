namespace Tributary.Model.Facets;

/// <summary>The <c>datasetType</c> dataset facet: what kind of dataset this is (TABLE, VIEW, TOPIC, FILE, ...).</summary>
/// <param name="DatasetType">The type.</param>
public sealed record DatasetTypeDatasetFacet(string DatasetType) : Facet
{
    /// <summary>The facet key OpenLineage uses: <c>datasetType</c>.</summary>
    public const string Key = "datasetType";

    /// <summary>A refinement of the type, or null.</summary>
    public string? SubType { get; init; }
}

namespace Tributary.Model.Facets;

/// <summary>The <c>storage</c> dataset facet: the storage layer and file format.</summary>
/// <param name="StorageLayer">For example <c>iceberg</c> or <c>delta</c>.</param>
public sealed record StorageDatasetFacet(string StorageLayer) : Facet
{
    /// <summary>The facet key OpenLineage uses: <c>storage</c>.</summary>
    public const string Key = "storage";

    /// <summary>For example <c>parquet</c>, or null.</summary>
    public string? FileFormat { get; init; }
}

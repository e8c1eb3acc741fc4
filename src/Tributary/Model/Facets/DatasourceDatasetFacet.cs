namespace Tributary.Model.Facets;

/// <summary>The <c>dataSource</c> dataset facet: the system holding the dataset.</summary>
public sealed record DatasourceDatasetFacet : Facet
{
    /// <summary>The facet key OpenLineage uses: <c>dataSource</c>.</summary>
    public const string Key = "dataSource";

    /// <summary>The source name, or null.</summary>
    public string? Name { get; init; }

    /// <summary>The source URI, or null.</summary>
    public string? Uri { get; init; }
}

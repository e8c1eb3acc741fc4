namespace Tributary.Model.Facets;

/// <summary>The <c>version</c> dataset facet: the version of the dataset a run read or wrote.</summary>
/// <param name="DatasetVersion">The version identifier.</param>
public sealed record DatasetVersionDatasetFacet(string DatasetVersion) : Facet
{
    /// <summary>The facet key OpenLineage uses: <c>version</c>.</summary>
    public const string Key = "version";
}

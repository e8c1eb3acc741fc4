namespace Tributary.Model.Facets;

/// <summary>The <c>lifecycleStateChange</c> dataset facet: the run created, altered, dropped, renamed, ... the dataset.</summary>
/// <param name="LifecycleStateChange">ALTER, CREATE, DROP, OVERWRITE, RENAME or TRUNCATE.</param>
public sealed record LifecycleStateChangeDatasetFacet(string LifecycleStateChange) : Facet
{
    /// <summary>The facet key OpenLineage uses: <c>lifecycleStateChange</c>.</summary>
    public const string Key = "lifecycleStateChange";

    /// <summary>The dataset's identity before a RENAME, or null.</summary>
    public DatasetId? PreviousIdentifier { get; init; }
}

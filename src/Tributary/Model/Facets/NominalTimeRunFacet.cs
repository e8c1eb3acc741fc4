namespace Tributary.Model.Facets;

/// <summary>The <c>nominalTime</c> run facet: the time window the run is scheduled for (not when it ran).</summary>
/// <param name="NominalStartTime">The start of the scheduled window.</param>
public sealed record NominalTimeRunFacet(DateTimeOffset NominalStartTime) : Facet
{
    /// <summary>The facet key OpenLineage uses: <c>nominalTime</c>.</summary>
    public const string Key = "nominalTime";

    /// <summary>The end of the scheduled window, or null.</summary>
    public DateTimeOffset? NominalEndTime { get; init; }
}

namespace Tributary.Model.Facets;

/// <summary>
/// Tributary's job facet for dropping a job, the job-level counterpart of the dataset facet
/// <c>lifecycleStateChange</c>: a JobEvent whose job carries <c>tributary_lifecycleStateChange</c>
/// (<c>{"lifecycleStateChange": "DROP"}</c>) hides the job, and the lineage through it, as of the event's time,
/// until a newer event of the job arrives. Marquez's job soft delete and OpenMetadata's lineage DELETE are sent this way.
/// </summary>
public static class JobLifecycleFacet
{
    /// <summary>The facet key: <c>tributary_lifecycleStateChange</c>.</summary>
    public const string Key = "tributary_lifecycleStateChange";
}

namespace Tributary.Model.Facets;

/// <summary>The <c>jobType</c> job facet: how and by what integration the job runs.</summary>
/// <param name="ProcessingType">BATCH or STREAMING.</param>
/// <param name="Integration">The integration, for example <c>SPARK</c>, <c>AIRFLOW</c>, <c>DBT</c> or <c>TRIBUTARY</c>.</param>
public sealed record JobTypeJobFacet(string ProcessingType, string Integration) : Facet
{
    /// <summary>The facet key OpenLineage uses: <c>jobType</c>.</summary>
    public const string Key = "jobType";

    /// <summary>The job type within the integration (<c>QUERY</c>, <c>TASK</c>, <c>MODEL</c>, ...), or null.</summary>
    public string? JobType { get; init; }
}

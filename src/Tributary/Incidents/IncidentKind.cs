namespace Tributary.Incidents;

/// <summary>What opened an incident.</summary>
public enum IncidentKind
{
    /// <summary>A data-quality assertion (an input or output <c>dataQualityAssertions</c> facet, or a dbt test) failed.</summary>
    FailedAssertion,

    /// <summary>A run of a job ended in FAIL or ABORT.</summary>
    FailedRun,

    /// <summary>A dataset's row count fell by more than the threshold from one version to the next.</summary>
    VolumeDrop,

    /// <summary>A dataset's new version removed fields or changed their types.</summary>
    SchemaChange,
}

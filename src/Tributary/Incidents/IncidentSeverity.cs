namespace Tributary.Incidents;

/// <summary>How urgent an incident is; alert subscriptions filter on it (a minimum).</summary>
public enum IncidentSeverity
{
    /// <summary>Worth knowing: a warning-level check failed.</summary>
    Low,

    /// <summary>Worth looking at today: a check without a severity failed, or rows dropped.</summary>
    Medium,

    /// <summary>Wrong data is flowing: an error-level check failed, a run failed, or a schema broke.</summary>
    High,

    /// <summary>Most rows are gone (a drop of 90% or more).</summary>
    Critical,
}

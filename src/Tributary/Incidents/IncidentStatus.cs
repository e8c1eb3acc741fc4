namespace Tributary.Incidents;

/// <summary>Whether an incident still needs attention.</summary>
public enum IncidentStatus
{
    /// <summary>The problem was seen and has not been fixed.</summary>
    Open,

    /// <summary>The check passed again, the job completed again, the volume or schema recovered, or someone resolved it by hand.</summary>
    Resolved,
}

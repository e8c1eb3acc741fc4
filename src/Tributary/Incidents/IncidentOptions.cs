namespace Tributary.Incidents;

/// <summary>What counts as an incident beyond failed checks and runs, and how far to look for causes and impact.</summary>
public sealed record IncidentOptions
{
    /// <summary>The defaults: a 50% volume drop, 20 levels upstream and downstream.</summary>
    public static IncidentOptions Default { get; } = new();

    /// <summary>A row count falling by at least this percentage from one version to the next opens an incident.</summary>
    public double VolumeDropPercent { get; init; } = 50;

    /// <summary>How far upstream to look for root causes and downstream for impact.</summary>
    public int MaxDepth { get; init; } = 20;
}

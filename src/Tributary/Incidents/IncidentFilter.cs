namespace Tributary.Incidents;

/// <summary>Which incidents to list; every criterion given must match.</summary>
public sealed record IncidentFilter
{
    /// <summary>Only open incidents (true), only resolved ones (false), or both (null).</summary>
    public bool? Open { get; init; }

    /// <summary>Only incidents of at least this severity.</summary>
    public IncidentSeverity? MinSeverity { get; init; }

    /// <summary>Only incidents on datasets or jobs whose namespace matches this glob.</summary>
    public string? Namespace { get; init; }

    /// <summary>Only incidents on datasets or jobs whose name matches this glob.</summary>
    public string? Name { get; init; }
}

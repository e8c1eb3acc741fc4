using Tributary.Model;
using Tributary.Query;

namespace Tributary.Incidents;

/// <summary>
/// A data-quality incident derived from the graph: what failed and where, since when, how often, its ranked
/// root-cause candidates (from <see cref="LineageQueryEngine.RootCause"/>) and its downstream impact with the owners
/// to notify (from <see cref="LineageQueryEngine.Impact"/>). The same store gives the same incidents through every
/// door and in every replay, whatever order the events arrived in.
/// </summary>
public sealed record Incident
{
    /// <summary>The incident's id, stable across replays.</summary>
    public required IncidentId Id { get; init; }

    /// <summary>What opened it.</summary>
    public required IncidentKind Kind { get; init; }

    /// <summary>How urgent it is.</summary>
    public required IncidentSeverity Severity { get; init; }

    /// <summary>Open or resolved.</summary>
    public required IncidentStatus Status { get; init; }

    /// <summary>The dataset with the problem, or for a failed run the job whose run failed.</summary>
    public required NodeId Node { get; init; }

    /// <summary>The datasets affected first hand: the dataset with the problem, or the outputs of the failed run.</summary>
    public required IReadOnlyList<DatasetId> Datasets { get; init; }

    /// <summary>The check that failed: the assertion's name, <c>run</c>, <c>volume</c> or <c>schema</c>.</summary>
    public required string Check { get; init; }

    /// <summary>The column the check tested, or null.</summary>
    public string? Column { get; init; }

    /// <summary>The problem in words, from the latest occurrence.</summary>
    public required string Description { get; init; }

    /// <summary>When it was first seen (event time).</summary>
    public required DateTimeOffset OpenedAt { get; init; }

    /// <summary>When it was last seen failing.</summary>
    public required DateTimeOffset LastSeenAt { get; init; }

    /// <summary>How many runs or versions showed it.</summary>
    public required int Occurrences { get; init; }

    /// <summary>The run that first showed it.</summary>
    public required RunId FirstRun { get; init; }

    /// <summary>The run that last showed it.</summary>
    public required RunId LastRun { get; init; }

    /// <summary>The job whose run showed it.</summary>
    public JobId? Job { get; init; }

    /// <summary>How it was resolved, or null while open.</summary>
    public IncidentResolution? Resolution { get; init; }

    /// <summary>Upstream suspects, strongest first, with their evidence (empty for a failed run's own job).</summary>
    public IReadOnlyList<RootCauseCandidate> RootCauses { get; init; } = [];

    /// <summary>Every dataset downstream of the problem, sorted.</summary>
    public IReadOnlyList<DatasetId> DownstreamDatasets { get; init; } = [];

    /// <summary>Every job downstream of the problem, sorted.</summary>
    public IReadOnlyList<JobId> DownstreamJobs { get; init; } = [];

    /// <summary>Who to tell: owners of the affected node, of the top root-cause candidate (who can fix it) and of everything downstream, sorted by name.</summary>
    public IReadOnlyList<OwnerToNotify> Owners { get; init; } = [];

    /// <summary>
    /// The incident in one paragraph, as the pattern document's alert reads: the problem, the root cause, and the
    /// affected downstream assets with their owners.
    /// </summary>
    public required string Summary { get; init; }
}

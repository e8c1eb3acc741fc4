using Tributary.Incidents;
using Tributary.Model;
using Tributary.Model.Facets;
using Tributary.Query;

namespace Tributary.Export;

/// <summary>
/// A failed data-quality assertion in the summary report, with the run that reported it and the incident it belongs
/// to, whose root cause, downstream impact and owners to notify the report shows (one computation, the incidents').
/// </summary>
/// <param name="Dataset">The dataset tested.</param>
/// <param name="Assertion">The assertion that failed, with its column and severity.</param>
/// <param name="Job">The job whose run reported it.</param>
/// <param name="Run">The run that reported it.</param>
/// <param name="At">When that run started.</param>
/// <param name="Incident">The incident this failure opened or repeated, or null when the incidents (as of the report's moment) hold none for it.</param>
public sealed record QualityFailure(DatasetId Dataset, Assertion Assertion, JobId Job, RunId Run, DateTimeOffset At, Incident? Incident)
{
    /// <summary>The incident's top root-cause candidate, or null when nothing upstream points anywhere.</summary>
    public NodeId? LikelySource => Incident?.RootCauses is [var top, ..] ? top.Node : null;

    /// <summary>The likely source in words: the candidate and its strongest evidence, the dataset itself, or unknown without an incident.</summary>
    public string RootCauseText => Incident is null ? "unknown"
        : Incident.RootCauses is [var top, ..] ? $"{LineageQueryEngine.NameOf(top.Node)} ({top.Evidence[0].Description.TrimEnd('.')})"
        : $"{Dataset.Name} itself (nothing upstream shows a problem)";

    /// <summary>The datasets and jobs downstream of the failure, by name, or "nothing".</summary>
    public string DownstreamText => Incident is null ? "unknown"
        : Incident.DownstreamDatasets.Count + Incident.DownstreamJobs.Count == 0 ? "nothing"
        : string.Join("; ", new[]
        {
            Incident.DownstreamDatasets.Count == 0 ? null : "datasets: " + string.Join(", ", Incident.DownstreamDatasets.Select(d => d.Name)),
            Incident.DownstreamJobs.Count == 0 ? null : "jobs: " + string.Join(", ", Incident.DownstreamJobs.Select(j => j.Name)),
        }.Where(part => part is not null));

    /// <summary>The owners to notify, each with what they own among the affected nodes, or "nobody (no owners recorded)".</summary>
    public string NotifyText => Incident is null ? "unknown"
        : Incident.Owners.Count == 0 ? "nobody (no owners recorded)"
        : string.Join(", ", Incident.Owners.Select(o => o.Owns.Count == 0 ? o.Name : $"{o.Name} ({string.Join(", ", o.Owns.Select(LineageQueryEngine.NameOf))})"));
}

namespace Tributary.Model.Facets;

/// <summary>The <c>parent</c> run facet: the run (and job) that started this run, and optionally the root of the hierarchy.</summary>
/// <param name="Run">The parent run.</param>
/// <param name="Job">The parent run's job.</param>
public sealed record ParentRunFacet(RunId Run, JobId Job) : Facet
{
    /// <summary>The facet key OpenLineage uses: <c>parent</c>.</summary>
    public const string Key = "parent";

    /// <summary>The root run of the hierarchy, or null.</summary>
    public RunId? RootRun { get; init; }

    /// <summary>The root run's job, or null.</summary>
    public JobId? RootJob { get; init; }
}

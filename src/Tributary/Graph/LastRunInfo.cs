using Tributary.Model;

namespace Tributary.Graph;

/// <summary>
/// The run that wrote a dataset's latest version, whatever its state (a failed attempt that still reported the
/// dataset as an output counts): how it went, when, and how many rows it wrote to that dataset.
/// </summary>
/// <param name="Run">The run.</param>
/// <param name="Job">The job it executed.</param>
/// <param name="State">The run's state (as of the moment asked), or null when no event said.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="EndedAt">When it finished, or null while it is still going.</param>
public sealed record LastRunInfo(RunId Run, JobId Job, RunState? State, DateTimeOffset StartedAt, DateTimeOffset? EndedAt)
{
    /// <summary>From start to end, or null while the run is unfinished.</summary>
    public TimeSpan? Duration => EndedAt is { } end ? end - StartedAt : null;

    /// <summary>Rows it wrote to the dataset (its <c>outputStatistics</c>), or null when not reported.</summary>
    public long? RowCount { get; init; }
}

using Tributary.Model;

namespace Tributary.Export;

/// <summary>One run on a <see cref="RunTimeline"/>: when it started and ended, how it went and how much it moved.</summary>
/// <param name="Run">The run.</param>
/// <param name="Job">The job it executed.</param>
/// <param name="State">The run's latest state, or null when no event said.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="EndedAt">When it finished, or null while it is still going.</param>
public sealed record TimelineEntry(RunId Run, JobId Job, RunState? State, DateTimeOffset StartedAt, DateTimeOffset? EndedAt)
{
    /// <summary>From start to end, or null while the run is unfinished.</summary>
    public TimeSpan? Duration => EndedAt is { } end ? end - StartedAt : null;

    /// <summary>The run's operation type, or null.</summary>
    public OperationType? OperationType { get; init; }

    /// <summary>Rows read, summed over inputs that reported it, or null when none did.</summary>
    public long? RowsIn { get; init; }

    /// <summary>Rows written, summed over outputs that reported it, or null when none did.</summary>
    public long? RowsOut { get; init; }

    /// <summary>The error message of a failed run, or null.</summary>
    public string? Error { get; init; }
}

using Tributary.Model;

namespace Tributary.Storage.Lake;

/// <summary>One row of <c>lineage_operations</c>: a run with its job, type, times, state, inputs, outputs, volumes and error.</summary>
/// <param name="Run">The run.</param>
/// <param name="Job">The job it executed.</param>
/// <param name="StartedAt">When it started (the partition's date is this time's UTC date).</param>
public sealed record LakeOperation(RunId Run, JobId Job, DateTimeOffset StartedAt)
{
    /// <summary>The operation type (the first source document's READ, WRITE, TRANSFORM, ...), or null.</summary>
    public OperationType? OperationType { get; init; }

    /// <summary>The run's latest state, or null.</summary>
    public RunState? State { get; init; }

    /// <summary>When it ended, or null while unfinished.</summary>
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>Its duration in milliseconds, or null while unfinished.</summary>
    public long? DurationMs { get; init; }

    /// <summary>The datasets read, with reported rows and bytes.</summary>
    public IReadOnlyList<LakeRunDataset> Inputs { get; init; } = [];

    /// <summary>The datasets written, with reported rows and bytes.</summary>
    public IReadOnlyList<LakeRunDataset> Outputs { get; init; } = [];

    /// <summary>The rows read over all inputs that reported a count, or null when none did.</summary>
    public long? InputRows { get; init; }

    /// <summary>The rows written over all outputs that reported a count, or null when none did.</summary>
    public long? OutputRows { get; init; }

    /// <summary>The error message of a failed run, or null.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>The parent run, or null.</summary>
    public RunId? ParentRun { get; init; }
}

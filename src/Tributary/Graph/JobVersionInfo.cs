using Tributary.Model;

namespace Tributary.Graph;

/// <summary>One version of a job: a distinct set of inputs and outputs seen across a finished run.</summary>
/// <param name="Job">The job.</param>
/// <param name="Version">The version: a hash of the job and the union of its run's inputs and outputs.</param>
public sealed record JobVersionInfo(JobId Job, Guid Version)
{
    /// <summary>The inputs of this version, sorted.</summary>
    public IReadOnlyList<DatasetId> Inputs { get; init; } = [];

    /// <summary>The outputs of this version, sorted.</summary>
    public IReadOnlyList<DatasetId> Outputs { get; init; } = [];

    /// <summary>How many runs finished with this version.</summary>
    public int RunCount { get; init; }

    /// <summary>When a run first finished with this version.</summary>
    public DateTimeOffset FirstSeen { get; init; }

    /// <summary>When a run last finished with this version.</summary>
    public DateTimeOffset LastSeen { get; init; }
}

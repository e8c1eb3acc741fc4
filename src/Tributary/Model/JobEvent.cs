namespace Tributary.Model;

/// <summary>Static metadata about a job and the datasets it reads and writes, outside any run.</summary>
public sealed record JobEvent : LineageEvent
{
    /// <summary>The job.</summary>
    public required Job Job { get; init; }

    /// <summary>The datasets the job reads.</summary>
    public IReadOnlyList<InputDataset> Inputs { get; init; } = [];

    /// <summary>The datasets the job writes.</summary>
    public IReadOnlyList<OutputDataset> Outputs { get; init; } = [];

    // Set by the reader when the received JSON had no "inputs"/"outputs", so writing it back adds none.
    internal bool InputsAbsent { get; init; }

    internal bool OutputsAbsent { get; init; }
}

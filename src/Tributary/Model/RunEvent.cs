namespace Tributary.Model;

/// <summary>A run of a job changed state: START, RUNNING, COMPLETE, ABORT, FAIL or OTHER, with its inputs and outputs.</summary>
public sealed record RunEvent : LineageEvent
{
    /// <summary>The transition; null only in partial events that omit it.</summary>
    public RunState? EventType { get; init; }

    /// <summary>The run.</summary>
    public required Run Run { get; init; }

    /// <summary>The job the run executes.</summary>
    public required Job Job { get; init; }

    /// <summary>The datasets the run reads.</summary>
    public IReadOnlyList<InputDataset> Inputs { get; init; } = [];

    /// <summary>The datasets the run writes.</summary>
    public IReadOnlyList<OutputDataset> Outputs { get; init; } = [];

    // Set by the reader when the received JSON had no "inputs"/"outputs", so writing it back adds none.
    internal bool InputsAbsent { get; init; }

    internal bool OutputsAbsent { get; init; }
}

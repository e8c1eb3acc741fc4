namespace Tributary.Ingest;

/// <summary>How a <see cref="LineageReplica"/> opened.</summary>
/// <param name="UsedCheckpoint">True when the graph was loaded from the checkpoint.</param>
/// <param name="CheckpointThrough">The store sequence the loaded checkpoint covered (0 when none was used).</param>
/// <param name="Replayed">How many events were replayed after it.</param>
/// <param name="CheckpointProblem">Why the checkpoint was not used (missing, stale, corrupt, another format), or null.</param>
public sealed record ReplicaOpening(bool UsedCheckpoint, long CheckpointThrough, int Replayed, string? CheckpointProblem)
{
    /// <summary>True when, after a long replay, the graph was read back from the checkpoint it wrote (see <see cref="LineageReplicaOptions.RelayoutAfterReplayOf"/>).</summary>
    public bool ReadBack { get; init; }
}

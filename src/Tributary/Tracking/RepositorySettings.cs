namespace Tributary.Tracking;

/// <summary>How calls through one wrapped repository are tracked (the first source document's <c>repository_settings</c>).</summary>
public sealed record RepositorySettings
{
    /// <summary>
    /// Track every method of the interface, not only those marked [TrackLineage]; unmarked methods become runs
    /// named <c>Repository.Method</c> whose operation type is guessed from the method name (Load/Get/Read → READ,
    /// Save/Write/Insert → WRITE, Delete, Update, ...). Default: false.
    /// </summary>
    public bool TrackAllOperations { get; init; }

    /// <summary>Record input and output record counts from collection arguments and results. Default: true.</summary>
    public bool EnableVolumeTracking { get; init; } = true;
}

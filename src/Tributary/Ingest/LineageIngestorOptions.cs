namespace Tributary.Ingest;

/// <summary>Settings of a <see cref="LineageIngestor"/>.</summary>
public sealed record LineageIngestorOptions
{
    /// <summary>The defaults.</summary>
    public static LineageIngestorOptions Default { get; } = new();

    /// <summary>The largest event accepted, in bytes of JSON. Default 16 MiB, the file store's default limit.</summary>
    public int MaxEventBytes { get; init; } = 16 << 20;

    /// <summary>
    /// Rejects events the reader only accepted leniently (a missing <c>schemaURL</c>, a run id that is not a UUID,
    /// a time without zone, ...). Default false, because real producers send such events.
    /// </summary>
    public bool TreatWarningsAsErrors { get; init; }

    /// <summary>
    /// Called when a listener throws, or a stored event no longer reads during replay, with the event's sequence
    /// number. The event stays stored either way. Default: none (failures are only counted).
    /// </summary>
    public Action<long, Exception>? OnDeliveryError { get; init; }
}

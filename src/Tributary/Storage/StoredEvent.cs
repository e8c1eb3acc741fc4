namespace Tributary.Storage;

/// <summary>An event as the store keeps it: its exact bytes as received, with the store's sequence number and times.</summary>
public sealed class StoredEvent
{
    /// <summary>Creates a stored event; stores create these, callers only read them.</summary>
    public StoredEvent(long sequence, DateTimeOffset ingestTime, DateTimeOffset eventTime, EventDigest digest, ReadOnlyMemory<byte> raw)
    {
        Sequence = sequence;
        IngestTime = ingestTime;
        EventTime = eventTime;
        Digest = digest;
        Raw = raw;
    }

    /// <summary>The position in the store, from 1, without gaps; it orders every event the store ever accepted.</summary>
    public long Sequence { get; }

    /// <summary>When the store accepted the event (UTC).</summary>
    public DateTimeOffset IngestTime { get; }

    /// <summary>The event's own <c>eventTime</c> (UTC), kept beside the bytes so time windows are read without parsing.</summary>
    public DateTimeOffset EventTime { get; }

    /// <summary>The digest of the event's canonical form, used for deduplication; <see cref="EventDigest.None"/> if none was given.</summary>
    public EventDigest Digest { get; }

    /// <summary>The event's UTF-8 JSON exactly as it was received.</summary>
    public ReadOnlyMemory<byte> Raw { get; }
}

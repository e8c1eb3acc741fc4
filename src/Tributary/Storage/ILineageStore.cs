using System.Runtime.CompilerServices;
using Tributary.Model;

namespace Tributary.Storage;

/// <summary>
/// Where events are kept: an append-only, durable record of every accepted OpenLineage event. Every producer
/// (SDK, HTTP, files, dbt, SQL capture) reaches a store through the same ingest path.
/// </summary>
public interface ILineageStore : IAsyncDisposable
{
    /// <summary>The number of events stored, which is also the sequence number of the last one (sequences start at 1).</summary>
    long Count { get; }

    /// <summary>Appends an event; the returned task completes only once the event is durable.</summary>
    ValueTask AppendAsync(LineageEvent lineageEvent, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends an event's exact bytes with its time and canonical digest; the returned task completes only once it is
    /// durable. The bytes must not change until then. Cancelling stops the wait, not necessarily the write.
    /// </summary>
    ValueTask<StoredEvent> AppendAsync(ReadOnlyMemory<byte> raw, DateTimeOffset eventTime, EventDigest digest, CancellationToken cancellationToken = default);

    /// <summary>The events with sequence numbers from <paramref name="fromSequence"/> to <paramref name="toSequence"/> (both included), in order.</summary>
    IAsyncEnumerable<StoredEvent> ReadAsync(long fromSequence = 1, long toSequence = long.MaxValue, CancellationToken cancellationToken = default);

    /// <summary>
    /// The digests of the events with sequence numbers from <paramref name="fromSequence"/> to
    /// <paramref name="toSequence"/>, in order: what deduplication needs. Stores that can read them without the
    /// events' bytes do so.
    /// </summary>
    async IAsyncEnumerable<StoredDigest> ReadDigestsAsync(long fromSequence = 1, long toSequence = long.MaxValue, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var stored in ReadAsync(fromSequence, toSequence, cancellationToken).ConfigureAwait(false))
        {
            yield return new StoredDigest(stored.Sequence, stored.Digest);
        }
    }

    /// <summary>The events whose event time lies in [<paramref name="from"/>, <paramref name="until"/>), in sequence order.</summary>
    IAsyncEnumerable<StoredEvent> ReadByEventTimeAsync(DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken = default);
}

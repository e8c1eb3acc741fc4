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

    /// <summary>
    /// True for a store that itself keeps one event per digest (PostgreSQL, which servers sharing it deduplicate in):
    /// events are then digested with SHA-256, which nobody can make two events share, since the store would drop the
    /// second without looking. False (the default) lets the ingest door use a cheaper digest it confirms itself.
    /// </summary>
    bool DeduplicatesByDigest => false;

    /// <summary>Appends an event; the returned task completes only once the event is durable.</summary>
    ValueTask AppendAsync(LineageEvent lineageEvent, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends an event's exact bytes with its time and canonical digest; the returned task completes only once it is
    /// durable. The bytes must not change until then. Cancelling stops the wait, not necessarily the write.
    /// </summary>
    ValueTask<StoredEvent> AppendAsync(ReadOnlyMemory<byte> raw, DateTimeOffset eventTime, EventDigest digest, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends an event's exact bytes as <see cref="AppendAsync(ReadOnlyMemory{byte}, DateTimeOffset, EventDigest, CancellationToken)"/>
    /// does, given with the event the ingest door read them as (validated and normalised): a store that keeps
    /// projections of events (PostgreSQL's tables) takes them from it instead of reading the bytes a second time.
    /// </summary>
    ValueTask<StoredEvent> AppendAsync(ReadOnlyMemory<byte> raw, LineageEvent parsed, EventDigest digest, CancellationToken cancellationToken = default) =>
        AppendAsync(raw, (parsed ?? throw new ArgumentNullException(nameof(parsed))).EventTime, digest, cancellationToken);

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

    /// <summary>
    /// One page of the events whose event time lies in [<paramref name="from"/>, <paramref name="until"/>), ordered by
    /// event time and then sequence (newest first when <paramref name="descending"/>), skipping <paramref name="offset"/>
    /// events and returning at most <paramref name="limit"/>, with the number of events in the whole range. Stores
    /// that can answer from an index do (the embedded store reads a few row groups and pages, whatever its size); this
    /// default reads the range once.
    /// </summary>
    async Task<EventPage> ReadPageByEventTimeAsync(DateTimeOffset from, DateTimeOffset until, bool descending, int offset, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var selection = new EventTimeSelection<long>((int)Math.Min((long)offset + limit, int.MaxValue), descending);
        var count = 0L;
        await foreach (var stored in ReadByEventTimeAsync(from, until, cancellationToken).ConfigureAwait(false))
        {
            count++;
            selection.Offer(EventKey.Of(stored.EventTime.UtcTicks, stored.Sequence), stored.Sequence);
        }

        var page = new List<StoredEvent>(limit);
        foreach (var (_, sequence) in selection.InOrder().Skip(offset))
        {
            await foreach (var stored in ReadAsync(sequence, sequence, cancellationToken).ConfigureAwait(false))
            {
                page.Add(stored);
            }
        }

        return new EventPage(page, count);
    }
}

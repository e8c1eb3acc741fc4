using Tributary.Json;
using Tributary.Storage;

namespace Tributary.Ingest;

/// <summary>Appending prepared events and delivering accepted ones to listeners, live and by replay.</summary>
public sealed partial class LineageIngestor
{
    private const int ReplayChunk = 1024;

    /// <summary>
    /// Adds a listener that receives every accepted event, one at a time and never concurrently. With
    /// <paramref name="replay"/> (the default) it first receives every event already stored, in sequence order, and
    /// then the live ones, with none missed or repeated in between: this is how a projection such as the in-memory
    /// graph is rebuilt when the store opens. Dispose the result to stop.
    /// </summary>
    public Task<IDisposable> SubscribeAsync(Action<IngestedEvent> listener, bool replay = true, CancellationToken cancellationToken = default) =>
        SubscribeAsync(listener, null, replay, cancellationToken);

    /// <summary>
    /// Adds a listener as <see cref="SubscribeAsync(Action{IngestedEvent}, bool, CancellationToken)"/> does, with a step
    /// that runs first for each live event: <paramref name="prepare"/> is called on the ingesting thread once the event
    /// is durable and before it joins the delivery order, concurrently with other ingests. Work done there (analysing
    /// an event's SQL) delays only the request that brought the event, never the deliveries of other producers'.
    /// </summary>
    public async Task<IDisposable> SubscribeAsync(Action<IngestedEvent> listener, Action<IngestedEvent>? prepare, bool replay = true, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(listener);
        await _delivery.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Deliveries wait for the semaphore, so every event up to `through` is either replayed here or skipped live.
            var through = Store.Count;
            if (replay)
            {
                await ReplayAsync(listener, through, cancellationToken).ConfigureAwait(false);
            }

            var subscription = new Subscription(listener, through, Unsubscribe) { Prepare = prepare };
            lock (_listenerLock)
            {
                _listeners = [.. _listeners, subscription];
            }

            return subscription;
        }
        finally
        {
            _delivery.Release();
        }
    }

    private void Unsubscribe(Subscription subscription)
    {
        lock (_listenerLock)
        {
            _listeners = [.. _listeners.Where(s => !ReferenceEquals(s, subscription))];
        }
    }

    // Appends in order, waits until all are durable, records their sequence numbers, then delivers them in order, after
    // the chunk before (of the same input) has delivered or failed: `deliverAfter` completes then, and this commit
    // completes `delivered` once its own delivery is done or has failed. The results (one per event) are made only when
    // asked for: a long file counts its outcomes without them.
    private async Task<Committed> CommitAsync(List<PreparedEvent> events, bool results, Task? deliverAfter = null, TaskCompletionSource? delivered = null)
    {
        try
        {
            var places = await AppendAsync(events).ConfigureAwait(false);
            List<IngestResult>? settled = results ? new List<IngestResult>(events.Count) : null;
            lock (_digestLock)
            {
                for (var i = 0; i < events.Count; i++)
                {
                    var sequence = places.SequenceOf(i);
                    if (!events[i].Collides)
                    {
                        _digests[events[i].Digest] = sequence;
                        _writing.Remove(events[i].Digest);
                    }

                    settled?.Add(events[i].Accepted(sequence));
                }
            }

            Diagnostics.LineageTelemetry.EventsIngested.Add(events.Count);
            var prepared = Prepare(events, places);
            if (deliverAfter is not null)
            {
                await deliverAfter.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            await DeliverAsync(events, places, prepared).ConfigureAwait(false);
            return new Committed(settled, events.Count);
        }
        finally
        {
            delivered?.TrySetResult();
        }
    }

    // A store that takes a range takes the whole chunk as one append (one task, one continuation, one group commit);
    // other stores take the events one by one. Either way a failure forgets the digests of what was not stored.
    private async Task<Places> AppendAsync(List<PreparedEvent> events)
    {
        if (Store is IRangeAppender ranges && events.Count > 1)
        {
            var records = new AppendRecord[events.Count];
            for (var i = 0; i < records.Length; i++)
            {
                records[i] = new AppendRecord(events[i].Raw, events[i].Event.EventTime.UtcTicks, events[i].Digest);
            }

            try
            {
                var range = await ranges.AppendRangeAsync(records).ConfigureAwait(false);
                return new Places(range, null);
            }
            catch
            {
                Forget(events, null);
                throw;
            }
        }

        var appends = new Task<StoredEvent>[events.Count];
        for (var i = 0; i < appends.Length; i++)
        {
            // No cancellation once handed over: the write may complete anyway, and its digest must then be known.
            appends[i] = Store.AppendAsync(events[i].Raw, events[i].Event, events[i].Digest, CancellationToken.None).AsTask();
        }

        try
        {
            await Task.WhenAll(appends).ConfigureAwait(false);
        }
        catch
        {
            Forget(events, appends);
            throw;
        }

        var stored = new StoredEvent[appends.Length];
        for (var i = 0; i < stored.Length; i++)
        {
            stored[i] = appends[i].Result;
        }

        return new Places(default, stored);
    }

    // After a failed append: a digest whose event was stored keeps its sequence; the others are given back.
    private void Forget(List<PreparedEvent> events, Task<StoredEvent>[]? appends)
    {
        lock (_digestLock)
        {
            for (var i = 0; i < events.Count; i++)
            {
                if (events[i].Collides)
                {
                    continue;
                }

                _writing.Remove(events[i].Digest);
                if (appends is not null && appends[i].IsCompletedSuccessfully)
                {
                    _digests[events[i].Digest] = appends[i].Result.Sequence;
                }
                else
                {
                    _digests.Remove(events[i].Digest);
                }
            }
        }
    }

    // Outside the delivery semaphore: each subscriber's preparation of the events, on this (the ingesting) thread.
    // Returns the events as delivered when a preparation saw them (the same objects then reach the listeners), else null.
    private List<IngestedEvent>? Prepare(List<PreparedEvent> events, Places places)
    {
        List<IngestedEvent>? delivered = null;
        foreach (var subscription in Volatile.Read(ref _listeners))
        {
            if (subscription.Prepare is not { } prepare)
            {
                continue;
            }

            delivered ??= Delivered(events, places);
            if (delivered.Count == 1)
            {
                Invoke(prepare, delivered[0]);
            }
            else
            {
                var ready = delivered;
                Parallel.For(0, ready.Count, i => Invoke(prepare, ready[i]));
            }
        }

        return delivered;
    }

    private static List<IngestedEvent> Delivered(List<PreparedEvent> events, Places places)
    {
        var delivered = new List<IngestedEvent>(events.Count);
        for (var i = 0; i < events.Count; i++)
        {
            delivered.Add(new IngestedEvent(places.SequenceOf(i), places.IngestTimeOf(i), events[i].Event, places.RawOf(i, events[i])) { Digest = events[i].Digest });
        }

        return delivered;
    }

    private async Task DeliverAsync(List<PreparedEvent> events, Places places, List<IngestedEvent>? delivered)
    {
        if (events.Count == 0)
        {
            return;
        }

        await _delivery.WaitAsync().ConfigureAwait(false);
        try
        {
            // Read under the semaphore, as subscribing writes it: a listener added meanwhile is either here or has
            // replayed these events already. With none, no delivered event is made at all.
            var listeners = Volatile.Read(ref _listeners);
            if (listeners.Length == 0)
            {
                return;
            }

            delivered ??= Delivered(events, places);
            foreach (var e in delivered)
            {
                foreach (var subscription in listeners)
                {
                    if (e.Sequence > subscription.ReplayedThrough)
                    {
                        Invoke(subscription.Listener, e);
                    }
                }
            }
        }
        finally
        {
            _delivery.Release();
        }
    }

    /// <summary>What a commit settled: the results when asked for, and how many were accepted.</summary>
    private readonly record struct Committed(List<IngestResult>? Results, int Accepted);

    /// <summary>Where appended events landed: a range of one group commit, or each event's stored record.</summary>
    private readonly record struct Places(AppendedRange Range, StoredEvent[]? Stored)
    {
        public long SequenceOf(int index) => Stored is null ? Range.FirstSequence + index : Stored[index].Sequence;

        public DateTimeOffset IngestTimeOf(int index) => Stored is null ? Range.IngestTime : Stored[index].IngestTime;

        public ReadOnlyMemory<byte> RawOf(int index, PreparedEvent e) => Stored is null ? e.Raw : Stored[index].Raw;
    }

    // Reads stored events in chunks and parses each chunk in parallel, delivering in sequence order.
    private async Task ReplayAsync(Action<IngestedEvent> listener, long through, CancellationToken cancellationToken)
    {
        var chunk = new List<StoredEvent>(ReplayChunk);
        var parsed = new IngestedEvent?[ReplayChunk];
        await foreach (var stored in Store.ReadAsync(1, through, cancellationToken).ConfigureAwait(false))
        {
            chunk.Add(stored);
            if (chunk.Count == ReplayChunk)
            {
                DeliverChunk(listener, chunk, parsed);
                chunk.Clear();
            }
        }

        DeliverChunk(listener, chunk, parsed);
    }

    private void DeliverChunk(Action<IngestedEvent> listener, List<StoredEvent> chunk, IngestedEvent?[] parsed)
    {
        Parallel.For(0, chunk.Count, i => parsed[i] = Parse(chunk[i]));
        for (var i = 0; i < chunk.Count; i++)
        {
            if (parsed[i] is { } e)
            {
                Invoke(listener, e);
            }
        }
    }

    private IngestedEvent? Parse(StoredEvent stored)
    {
        if (LineageJson.TryDeserialize(stored.Raw.Span, out var e, out var errors))
        {
            return new IngestedEvent(stored.Sequence, stored.IngestTime, LineageNormalizer.Normalize(e!), stored.Raw) { Digest = stored.Digest };
        }

        Fail(stored.Sequence, new LineageFormatException(errors));
        return null;
    }

    private void Invoke(Action<IngestedEvent> listener, IngestedEvent e)
    {
        try
        {
            listener(e);
        }
#pragma warning disable CA1031 // The event is already durable; a listener's bug must not turn its acceptance into an error.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Fail(e.Sequence, ex);
        }
    }

    private void Fail(long sequence, Exception exception)
    {
        Interlocked.Increment(ref _deliveryFailures);
        _options.OnDeliveryError?.Invoke(sequence, exception);
    }
}

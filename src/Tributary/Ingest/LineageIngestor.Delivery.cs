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

    // Appends in order, waits until all are durable, records their sequence numbers, then delivers them in order.
    private async Task<List<IngestResult>> CommitAsync(List<PreparedEvent> events)
    {
        var appends = new List<Task<StoredEvent>>(events.Count);
        foreach (var e in events)
        {
            // No cancellation once handed over: the write may complete anyway, and its digest must then be known.
            appends.Add(Store.AppendAsync(e.Raw, e.Event, e.Digest, CancellationToken.None).AsTask());
        }

        try
        {
            await Task.WhenAll(appends).ConfigureAwait(false);
        }
        catch
        {
            lock (_digestLock)
            {
                for (var i = 0; i < events.Count; i++)
                {
                    if (appends[i].IsCompletedSuccessfully)
                    {
                        _digests[events[i].Digest] = appends[i].Result.Sequence;
                    }
                    else
                    {
                        _digests.Remove(events[i].Digest);
                    }
                }
            }

            throw;
        }

        var results = new List<IngestResult>(events.Count);
        var delivered = new List<IngestedEvent>(events.Count);
        lock (_digestLock)
        {
            for (var i = 0; i < events.Count; i++)
            {
                var stored = appends[i].Result;
                _digests[events[i].Digest] = stored.Sequence;
                results.Add(events[i].Accepted(stored));
                delivered.Add(new IngestedEvent(stored.Sequence, stored.IngestTime, events[i].Event, stored.Raw) { Digest = events[i].Digest });
            }
        }

        Diagnostics.LineageTelemetry.EventsIngested.Add(delivered.Count);
        Prepare(delivered);
        await DeliverAsync(delivered).ConfigureAwait(false);
        return results;
    }

    // Outside the delivery semaphore: each subscriber's preparation of the events, on this (the ingesting) thread.
    private void Prepare(List<IngestedEvent> events)
    {
        foreach (var subscription in Volatile.Read(ref _listeners))
        {
            if (subscription.Prepare is not { } prepare)
            {
                continue;
            }

            if (events.Count == 1)
            {
                Invoke(prepare, events[0]);
            }
            else
            {
                Parallel.For(0, events.Count, i => Invoke(prepare, events[i]));
            }
        }
    }

    private async Task DeliverAsync(List<IngestedEvent> events)
    {
        if (events.Count == 0)
        {
            return;
        }

        await _delivery.WaitAsync().ConfigureAwait(false);
        try
        {
            var listeners = Volatile.Read(ref _listeners);
            foreach (var e in events)
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

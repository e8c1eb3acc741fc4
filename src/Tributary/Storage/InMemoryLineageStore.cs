using Tributary.Model;

namespace Tributary.Storage;

/// <summary>
/// A store that keeps events in memory only, for tests and short-lived tools. It behaves like
/// <see cref="FileLineageStore"/> (sequence numbers, exact bytes, ordering) but nothing survives the process.
/// </summary>
public sealed class InMemoryLineageStore : ILineageStore
{
    private readonly List<StoredEvent> _events = [];
    private readonly Lock _lock = new();
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates an empty store whose ingest times come from <paramref name="timeProvider"/> (default: the system clock).</summary>
    public InMemoryLineageStore(TimeProvider? timeProvider = null)
    {
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public long Count
    {
        get
        {
            lock (_lock)
            {
                return _events.Count;
            }
        }
    }

    /// <summary>Appends an event by writing it as JSON; prefer the ingest path, which validates and deduplicates.</summary>
    public async ValueTask AppendAsync(LineageEvent lineageEvent, CancellationToken cancellationToken = default)
    {
        var (raw, digest) = StoredEventEncoding.Encode(lineageEvent);
        await AppendAsync(raw, lineageEvent.EventTime, digest, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask<StoredEvent> AppendAsync(ReadOnlyMemory<byte> raw, DateTimeOffset eventTime, EventDigest digest, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();

        // A copy, so a caller reusing its buffer cannot change what was stored.
        var copy = raw.ToArray();
        lock (_lock)
        {
            var stored = new StoredEvent(_events.Count + 1, _timeProvider.GetUtcNow().ToUniversalTime(), eventTime.ToUniversalTime(), digest, copy);
            _events.Add(stored);
            return ValueTask.FromResult(stored);
        }
    }

    /// <inheritdoc />
    public IAsyncEnumerable<StoredEvent> ReadAsync(long fromSequence = 1, long toSequence = long.MaxValue, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var from = (int)Math.Clamp(fromSequence - 1, 0, _events.Count);
            var to = (int)Math.Clamp(toSequence, from, _events.Count);
            return StoreEnumeration.ToAsync(_events.GetRange(from, to - from), cancellationToken);
        }
    }

    /// <inheritdoc />
    public IAsyncEnumerable<StoredEvent> ReadByEventTimeAsync(DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return StoreEnumeration.ToAsync(_events.Where(e => e.EventTime >= from && e.EventTime < until).ToList(), cancellationToken);
        }
    }

    /// <summary>Does nothing: there is nothing to flush.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

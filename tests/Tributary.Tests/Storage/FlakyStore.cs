using Tributary.Model;
using Tributary.Storage;

namespace Tributary.Tests.Storage;

/// <summary>
/// An in-memory store whose reads fail while <see cref="Unreadable"/> is set (a database that went away), and which says
/// it keeps one event per digest when <see cref="ByDigest"/> is set (as PostgreSQL does).
/// </summary>
public sealed class FlakyStore : ILineageStore
{
    private readonly InMemoryLineageStore _inner = new();

    /// <summary>While true, every read throws <see cref="IOException"/>.</summary>
    public bool Unreadable { get; set; }

    /// <summary>What <see cref="DeduplicatesByDigest"/> answers.</summary>
    public bool ByDigest { get; init; }

    /// <inheritdoc />
    public long Count => _inner.Count;

    /// <inheritdoc />
    public bool DeduplicatesByDigest => ByDigest;

    /// <inheritdoc />
    public ValueTask AppendAsync(LineageEvent lineageEvent, CancellationToken cancellationToken = default) =>
        _inner.AppendAsync(lineageEvent, cancellationToken);

    /// <inheritdoc />
    public ValueTask<StoredEvent> AppendAsync(ReadOnlyMemory<byte> raw, DateTimeOffset eventTime, EventDigest digest, CancellationToken cancellationToken = default) =>
        _inner.AppendAsync(raw, eventTime, digest, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<StoredEvent> ReadAsync(long fromSequence = 1, long toSequence = long.MaxValue, CancellationToken cancellationToken = default) =>
        Unreadable ? throw new IOException("the store is away") : _inner.ReadAsync(fromSequence, toSequence, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<StoredEvent> ReadByEventTimeAsync(DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken = default) =>
        _inner.ReadByEventTimeAsync(from, until, cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _inner.DisposeAsync();
}

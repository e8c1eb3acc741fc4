using System.Runtime.CompilerServices;
using Npgsql;
using NpgsqlTypes;
using Tributary.Json;
using Tributary.Model;
using Tributary.Storage;

namespace Tributary.Server.Postgres;

/// <summary>
/// An event store in PostgreSQL, for deployments where several server instances share one store. Each event is
/// kept as its exact text and as jsonb, with a gapless sequence assigned in commit order and a unique digest (a
/// second copy of an event returns the first one's sequence); the datasets, jobs, runs and edges tables are
/// updated in the same transaction. Concurrent appends share one transaction (group commit, see
/// PostgresLineageStore.GroupCommit.cs); an append is acknowledged once its group's transaction committed.
/// </summary>
/// <example>
/// <code>
/// await using var store = await PostgresLineageStore.OpenAsync("Host=127.0.0.1;Username=tributary");
/// await foreach (var stored in store.ReadAsync(lastSeen + 1)) { ... }
/// </code>
/// </example>
public sealed partial class PostgresLineageStore : ILineageStore
{
    private const long AppendLockKey = 0x7472_6962_0001;
    private readonly NpgsqlDataSource _dataSource;
    private long _count;

    private PostgresLineageStore(NpgsqlDataSource dataSource, long count)
    {
        _dataSource = dataSource;
        _count = count;
        _writer = Task.Run(WriteGroupsAsync);
    }

    private readonly SemaphoreSlim _appendSlots = new(AppendConcurrency, AppendConcurrency);

    // A few appends in flight keep the next transaction ready while one holds the lock; more only wait in the pool.
    private const int AppendConcurrency = 4;

    /// <summary>The highest sequence this instance has seen (its own appends, reads and <see cref="RefreshCountAsync"/>).</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <inheritdoc />
    /// <remarks>True: a group commit stores one event per digest (servers sharing the database deduplicate there).</remarks>
    public bool DeduplicatesByDigest => true;

    /// <summary>Connects, runs the migrations the database lacks, and reads the current last sequence.</summary>
    public static async Task<PostgresLineageStore> OpenAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var dataSource = NpgsqlDataSource.Create(connectionString);
        try
        {
            await PostgresMigrations.RunAsync(dataSource, cancellationToken);
            var store = new PostgresLineageStore(dataSource, 0);
            await store.RefreshCountAsync(cancellationToken);
            return store;
        }
        catch
        {
            await dataSource.DisposeAsync();
            throw;
        }
    }

    /// <summary>Reads the database's last sequence (other instances' appends included) and returns it.</summary>
    public async Task<long> RefreshCountAsync(CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand("SELECT coalesce(max(seq), 0) FROM lineage_events");
        var last = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        Raise(last);
        return last;
    }

    /// <inheritdoc />
    public async ValueTask AppendAsync(LineageEvent lineageEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lineageEvent);
        var raw = LineageJson.SerializeToUtf8Bytes(lineageEvent);
        await AppendAsync(raw, lineageEvent.EventTime, EventDigest.Compute(raw), cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<StoredEvent> AppendAsync(ReadOnlyMemory<byte> raw, DateTimeOffset eventTime, EventDigest digest, CancellationToken cancellationToken = default)
    {
        LineageJson.TryDeserialize(raw.Span, out var parsed, out _);
        return AppendAsync(raw, eventTime, parsed, digest, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<StoredEvent> AppendAsync(ReadOnlyMemory<byte> raw, LineageEvent parsed, EventDigest digest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        return AppendAsync(raw, parsed.EventTime, parsed, digest, cancellationToken);
    }

    // The raw bytes go to PostgreSQL as they are, as the text column's UTF-8, and are read back the same way: no string is
    // made of them either way, and the stored text is exactly what was received. The door has checked they are UTF-8;
    // bytes from elsewhere that are not are refused here, for this append alone (in the database they would fail the
    // whole group they joined; decoding them, as before, replaced them unnoticed).
    private async ValueTask<StoredEvent> AppendAsync(ReadOnlyMemory<byte> raw, DateTimeOffset eventTime, LineageEvent? parsed, EventDigest digest, CancellationToken cancellationToken)
    {
        if (!System.Text.Unicode.Utf8.IsValid(raw.Span))
        {
            throw new ArgumentException($"the event's bytes are not UTF-8 text (from byte {FirstInvalidByte(raw.Span)} on); nothing was stored", nameof(raw));
        }

        byte[]? digestBytes = null;
        if (!digest.IsNone)
        {
            digestBytes = new byte[EventDigest.Size];
            digest.WriteTo(digestBytes);
        }

        if (!OneTransactionPerEvent)
        {
            // Queued synchronously, before any await, so concurrent appends are sequenced in the order they were called.
            return await EnqueueAsync(new PendingInsert(raw, eventTime, digest, parsed, digestBytes), cancellationToken);
        }

        // The comparison path: appends serialise on the advisory lock anyway; queueing them here (without a timeout)
        // instead of in the connection pool keeps a big batch from exhausting the pool and failing with a timeout.
        await _appendSlots.WaitAsync(cancellationToken);
        try
        {
            return await AppendLockedAsync(raw, eventTime, digest, parsed, digestBytes, cancellationToken);
        }
        finally
        {
            _appendSlots.Release();
        }
    }

    private async Task<StoredEvent> AppendLockedAsync(
        ReadOnlyMemory<byte> raw, DateTimeOffset eventTime, EventDigest digest, LineageEvent? parsed, byte[]? digestBytes, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(Command($"SELECT pg_advisory_xact_lock({AppendLockKey})"));
        batch.BatchCommands.Add(Command(
            """
            INSERT INTO lineage_events (seq, event_time, ingest_time, digest, raw, event)
            SELECT coalesce(max(seq), 0) + 1, $1, now(), $2, $3, $3::jsonb FROM lineage_events
            ON CONFLICT (digest) WHERE digest IS NOT NULL DO NOTHING
            RETURNING seq, ingest_time
            """,
            Parameter(eventTime.UtcDateTime, NpgsqlDbType.TimestampTz), Parameter((object?)digestBytes ?? DBNull.Value, NpgsqlDbType.Bytea), Parameter(raw, NpgsqlDbType.Text)));
        long sequence = 0;
        var ingestTime = DateTimeOffset.UtcNow;
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            await reader.NextResultAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                sequence = reader.GetInt64(0);
                ingestTime = new DateTimeOffset(reader.GetDateTime(1), TimeSpan.Zero);
            }
        }

        if (sequence == 0)
        {
            // Another instance stored the same event first: it is already durable, under its sequence.
            await transaction.RollbackAsync(cancellationToken);
            await using var existing = _dataSource.CreateCommand("SELECT seq, ingest_time, event_time, digest, raw FROM lineage_events WHERE digest = $1");
            existing.Parameters.Add(Parameter(digestBytes!, NpgsqlDbType.Bytea));
            await using var found = await existing.ExecuteReaderAsync(cancellationToken);
            await found.ReadAsync(cancellationToken);
            return Read(found);
        }

        if (parsed is not null)
        {
            await using var projections = new NpgsqlBatch(connection, transaction);
            PostgresProjections.Add(projections, parsed, eventTime.UtcDateTime);
            if (projections.BatchCommands.Count > 0)
            {
                await projections.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        Raise(sequence);
        return new StoredEvent(sequence, ingestTime, eventTime.ToUniversalTime(), digest, raw.ToArray());
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<StoredEvent> ReadAsync(long fromSequence = 1, long toSequence = long.MaxValue, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand("SELECT seq, ingest_time, event_time, digest, raw FROM lineage_events WHERE seq BETWEEN $1 AND $2 ORDER BY seq");
        command.Parameters.Add(Parameter(fromSequence, NpgsqlDbType.Bigint));
        command.Parameters.Add(Parameter(toSequence, NpgsqlDbType.Bigint));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var stored = Read(reader);
            Raise(stored.Sequence);
            yield return stored;
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<StoredEvent> ReadByEventTimeAsync(DateTimeOffset from, DateTimeOffset until, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand("SELECT seq, ingest_time, event_time, digest, raw FROM lineage_events WHERE event_time >= $1 AND event_time < $2 ORDER BY seq");
        command.Parameters.Add(Parameter(Clamp(from), NpgsqlDbType.TimestampTz));
        command.Parameters.Add(Parameter(Clamp(until), NpgsqlDbType.TimestampTz));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return Read(reader);
        }
    }

    /// <summary>
    /// One page of the events by event time (see <see cref="ILineageStore.ReadPageByEventTimeAsync"/>), answered by the
    /// database from its event-time index: the page with <c>ORDER BY event_time, seq LIMIT … OFFSET …</c> and the total with a count.
    /// </summary>
    public async Task<EventPage> ReadPageByEventTimeAsync(DateTimeOffset from, DateTimeOffset until, bool descending, int offset, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var order = descending ? "event_time DESC, seq DESC" : "event_time, seq";
        var page = new List<StoredEvent>(limit);
        await using (var command = _dataSource.CreateCommand(
            $"SELECT seq, ingest_time, event_time, digest, raw FROM lineage_events WHERE event_time >= $1 AND event_time < $2 ORDER BY {order} LIMIT $3 OFFSET $4"))
        {
            command.Parameters.Add(Parameter(Clamp(from), NpgsqlDbType.TimestampTz));
            command.Parameters.Add(Parameter(Clamp(until), NpgsqlDbType.TimestampTz));
            command.Parameters.Add(Parameter((long)limit, NpgsqlDbType.Bigint));
            command.Parameters.Add(Parameter((long)offset, NpgsqlDbType.Bigint));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                page.Add(Read(reader));
            }
        }

        await using var count = _dataSource.CreateCommand("SELECT count(*) FROM lineage_events WHERE event_time >= $1 AND event_time < $2");
        count.Parameters.Add(Parameter(Clamp(from), NpgsqlDbType.TimestampTz));
        count.Parameters.Add(Parameter(Clamp(until), NpgsqlDbType.TimestampTz));
        var total = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
        return new EventPage(page, total);
    }

    /// <summary>Commits what is queued, stops the group writer and closes the connection pool.</summary>
    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
        await _dataSource.DisposeAsync().ConfigureAwait(false);
    }

    internal static NpgsqlBatchCommand Command(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }

    internal static NpgsqlParameter Parameter(object value, NpgsqlDbType type) => new() { Value = value, NpgsqlDbType = type };

    private static DateTime Clamp(DateTimeOffset time) =>
        time <= DateTimeOffset.MinValue.AddDays(1) ? DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc)
        : time >= DateTimeOffset.MaxValue.AddDays(-1) ? DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc)
        : time.UtcDateTime;

    private static StoredEvent Read(NpgsqlDataReader reader)
    {
        var digest = reader.IsDBNull(3) ? EventDigest.None : EventDigest.FromBytes((byte[])reader.GetValue(3));
        return new StoredEvent(
            reader.GetInt64(0),
            new DateTimeOffset(reader.GetDateTime(1), TimeSpan.Zero),
            new DateTimeOffset(reader.GetDateTime(2), TimeSpan.Zero),
            digest,
            reader.GetFieldValue<byte[]>(4));
    }

    // Where `utf8` stops being valid UTF-8.
    private static int FirstInvalidByte(ReadOnlySpan<byte> utf8)
    {
        System.Text.Unicode.Utf8.ToUtf16(utf8, new char[utf8.Length], out var read, out _, replaceInvalidSequences: false);
        return read;
    }

    private void Raise(long sequence)
    {
        var current = Interlocked.Read(ref _count);
        while (sequence > current)
        {
            var seen = Interlocked.CompareExchange(ref _count, sequence, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}

using System.Threading.Channels;
using Npgsql;
using NpgsqlTypes;
using Tributary.Model;
using Tributary.Storage;

namespace Tributary.Server.Postgres;

/// <summary>
/// Group commit: one writer takes every append queued while the previous transaction committed and stores them in
/// one transaction of three round trips — the advisory lock with the last sequence and the copies already stored of
/// the group's digests; then every new event in one multi-row insert (sequences assigned here in queue order, so they
/// stay gapless, and a copy of an earlier event of the same group or of a stored one takes none and answers with the
/// first copy) and one multi-row upsert per projection table; then the commit. Nothing of a group is acknowledged
/// before that commit; if it fails, every append of the group fails and nothing of it is stored, so a retry stores
/// each event once.
/// </summary>
/// <remarks>
/// Two groups are in flight: while one holds the lock in the database, the next is folded and encoded here and its
/// lock request already waits in the database, so it starts the moment the first commits. The next group asks for the
/// lock only once the one before holds it, which keeps the sequences in queue order.
/// </remarks>
public sealed partial class PostgresLineageStore
{
    // Bounds one transaction's batch (and the rows a failure throws back) while leaving room to amortise the commit.
    private const int MaxGroup = 512;

    private readonly Channel<PendingInsert> _pending = Channel.CreateUnbounded<PendingInsert>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    /// <summary>
    /// When true, each append takes its own transaction (what Marquez does). Kept only so <c>tributary bench postgres</c>
    /// can measure group commit against it in the same run; the default, false, is group commit.
    /// </summary>
    public bool OneTransactionPerEvent { get; set; }

    /// <summary>How many group-commit transactions this instance has committed (with <see cref="GroupedEvents"/>, the mean group size).</summary>
    public long GroupCommits => Interlocked.Read(ref _groupCommits);

    /// <summary>How many appends those group-commit transactions carried, copies included.</summary>
    public long GroupedEvents => Interlocked.Read(ref _groupedEvents);

    private long _groupCommits;
    private long _groupedEvents;

    private async Task<StoredEvent> EnqueueAsync(PendingInsert pending, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_pending.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(PostgresLineageStore));
        }

        // A cancelled wait does not withdraw the event: it may still commit, unacknowledged, and a retry dedups it.
        return await pending.Done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task WriteGroupsAsync()
    {
        Task? previous = null;
        var previousLocked = Task.CompletedTask;
        while (await _pending.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            var group = new List<PendingInsert>(MaxGroup);
            while (group.Count < MaxGroup && _pending.Reader.TryRead(out var next))
            {
                group.Add(next);
            }

            var locked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var commit = CommitAndSettleAsync(group, previousLocked, locked);
            previousLocked = locked.Task;
            if (previous is not null)
            {
                await previous.ConfigureAwait(false);
            }

            previous = commit;
        }

        if (previous is not null)
        {
            await previous.ConfigureAwait(false);
        }
    }

    // Never throws: a failure fails every append of the group, and the next group is let through to the lock.
    private async Task CommitAndSettleAsync(List<PendingInsert> group, Task previousLocked, TaskCompletionSource locked)
    {
        try
        {
            var stored = await CommitGroupAsync(group, previousLocked, locked).ConfigureAwait(false);
            for (var i = 0; i < group.Count; i++)
            {
                group[i].Done.TrySetResult(stored[i]);
            }
        }
#pragma warning disable CA1031 // Every append of the group gets the failure; the writer goes on with the next group.
        catch (Exception failure)
#pragma warning restore CA1031
        {
            for (var i = 0; i < group.Count; i++)
            {
                group[i].Done.TrySetException(failure);
            }
        }
        finally
        {
            locked.TrySetResult();
        }
    }

    private async Task<StoredEvent[]> CommitGroupAsync(List<PendingInsert> group, Task previousLocked, TaskCompletionSource locked)
    {
        // Before the lock: the group's digests and its projections, folded on the assumption that none is stored yet.
        var digests = new List<byte[]>(group.Count);
        foreach (var p in group)
        {
            if (p.DigestBytes is not null)
            {
                digests.Add(p.DigestBytes);
            }
        }

        var projections = Fold(group, null);
        await using var connection = await _dataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
        await previousLocked.ConfigureAwait(false);

        // First round trip: the lock, the last sequence and the transaction's time, and any copies already stored.
        var known = new Dictionary<EventDigest, StoredEvent>();
        long last;
        DateTimeOffset ingestTime;
        await using (var look = new NpgsqlBatch(connection, transaction))
        {
            look.BatchCommands.Add(Command($"SELECT pg_advisory_xact_lock({AppendLockKey})"));
            look.BatchCommands.Add(Command("SELECT coalesce(max(seq), 0), now() FROM lineage_events"));
            look.BatchCommands.Add(Command(
                "SELECT seq, ingest_time, event_time, digest, raw FROM lineage_events WHERE digest = ANY($1)",
                Parameter(digests.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Bytea)));
            await using var reader = await look.ExecuteReaderAsync().ConfigureAwait(false);
            locked.TrySetResult();
            await reader.NextResultAsync().ConfigureAwait(false);
            await reader.ReadAsync().ConfigureAwait(false);
            last = reader.GetInt64(0);
            ingestTime = new DateTimeOffset(reader.GetDateTime(1), TimeSpan.Zero);
            await reader.NextResultAsync().ConfigureAwait(false);
            while (await reader.ReadAsync().ConfigureAwait(false))
            {
                var existing = Read(reader);
                known[existing.Digest] = existing;
            }
        }

        if (known.Count > 0)
        {
            // Rare: another instance stored some of these events first; their projections are already written.
            projections = Fold(group, known);
        }

        // Sequences in queue order, gapless: a copy of a stored event, or of an earlier one of this group, takes none
        // and answers with the first copy.
        var stored = new StoredEvent[group.Count];
        var sequences = new List<long>(group.Count);
        var eventTimes = new List<DateTime>(group.Count);
        var digestValues = new List<object>(group.Count);
        var texts = new List<string>(group.Count);
        for (var i = 0; i < group.Count; i++)
        {
            var p = group[i];
            if (!p.Digest.IsNone && known.TryGetValue(p.Digest, out var copy))
            {
                stored[i] = copy;
                continue;
            }

            stored[i] = new StoredEvent(++last, ingestTime, p.EventTime.ToUniversalTime(), p.Digest, p.Raw.ToArray());
            if (!p.Digest.IsNone)
            {
                known[p.Digest] = stored[i];
            }

            sequences.Add(last);
            eventTimes.Add(p.EventTime.UtcDateTime);
            digestValues.Add((object?)p.DigestBytes ?? DBNull.Value);
            texts.Add(p.Text);
        }

        // Second round trip: every new event in one multi-row insert, then one upsert per projection table.
        if (sequences.Count > 0)
        {
            await using var writes = new NpgsqlBatch(connection, transaction);
            writes.BatchCommands.Add(Command(
                """
                INSERT INTO lineage_events (seq, event_time, ingest_time, digest, raw, event)
                SELECT s, t, $3, d, r, r::jsonb FROM unnest($1::bigint[], $2::timestamptz[], $4::bytea[], $5::text[]) AS u(s, t, d, r)
                """,
                Parameter(sequences.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Bigint),
                Parameter(eventTimes.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.TimestampTz),
                Parameter(ingestTime.UtcDateTime, NpgsqlDbType.TimestampTz),
                Parameter(digestValues.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Bytea),
                Parameter(texts.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text)));
            foreach (var command in projections)
            {
                writes.BatchCommands.Add(command);
            }
            await writes.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        await transaction.CommitAsync().ConfigureAwait(false);
        Raise(sequences.Count > 0 ? last : 0);
        Interlocked.Increment(ref _groupCommits);
        Interlocked.Add(ref _groupedEvents, group.Count);
        return stored;
    }

    // The projection upserts of the group's events that will be stored: the first copy of each digest, less those in stored.
    private static List<NpgsqlBatchCommand> Fold(List<PendingInsert> group, Dictionary<EventDigest, StoredEvent>? stored)
    {
        var projections = new PostgresGroupProjections();
        var seen = new HashSet<EventDigest>();
        foreach (var p in group)
        {
            if (!p.Digest.IsNone && ((stored is not null && stored.ContainsKey(p.Digest)) || !seen.Add(p.Digest)))
            {
                continue;
            }

            if (p.Parsed is { } parsed)
            {
                projections.Add(parsed, p.EventTime.UtcDateTime);
            }
        }

        return projections.ToCommands();
    }

    private sealed record PendingInsert(ReadOnlyMemory<byte> Raw, DateTimeOffset EventTime, EventDigest Digest, string Text, LineageEvent? Parsed, byte[]? DigestBytes)
    {
        public TaskCompletionSource<StoredEvent> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

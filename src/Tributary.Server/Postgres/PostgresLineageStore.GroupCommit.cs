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
        var group = new List<PendingInsert>(MaxGroup);
        var stored = new StoredEvent[MaxGroup];
        while (await _pending.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (group.Count < MaxGroup && _pending.Reader.TryRead(out var next))
            {
                group.Add(next);
            }

            try
            {
                await CommitGroupAsync(group, stored).ConfigureAwait(false);
                for (var i = 0; i < group.Count; i++)
                {
                    group[i].Done.TrySetResult(stored[i]);
                }
            }
            catch (Exception failure)
            {
                for (var i = 0; i < group.Count; i++)
                {
                    group[i].Done.TrySetException(failure);
                }
            }

            Array.Clear(stored);
            group.Clear();
        }
    }

    private async Task CommitGroupAsync(List<PendingInsert> group, StoredEvent[] stored)
    {
        await using var connection = await _dataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);

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
                Parameter(group.Where(p => p.DigestBytes is not null).Select(p => p.DigestBytes!).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Bytea)));
            await using var reader = await look.ExecuteReaderAsync().ConfigureAwait(false);
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

        // Sequences in queue order, gapless: a copy of a stored event, or of an earlier one of this group, takes none
        // and answers with the first copy.
        var sequences = new List<long>(group.Count);
        var eventTimes = new List<DateTime>(group.Count);
        var digests = new List<object>(group.Count);
        var texts = new List<string>(group.Count);
        var projections = new PostgresGroupProjections();
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
            digests.Add((object?)p.DigestBytes ?? DBNull.Value);
            texts.Add(p.Text);
            if (p.Parsed is { } parsed)
            {
                projections.Add(parsed, p.EventTime.UtcDateTime);
            }
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
                Parameter(digests.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Bytea),
                Parameter(texts.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text)));
            projections.AddTo(writes);
            await writes.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        await transaction.CommitAsync().ConfigureAwait(false);
        Raise(sequences.Count > 0 ? last : 0);
    }

    private sealed record PendingInsert(ReadOnlyMemory<byte> Raw, DateTimeOffset EventTime, EventDigest Digest, string Text, LineageEvent? Parsed, byte[]? DigestBytes)
    {
        public TaskCompletionSource<StoredEvent> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

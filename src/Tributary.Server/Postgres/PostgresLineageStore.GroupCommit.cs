using System.Threading.Channels;
using Npgsql;
using NpgsqlTypes;
using Tributary.Model;
using Tributary.Storage;

namespace Tributary.Server.Postgres;

/// <summary>
/// Group commit: one writer takes every append queued while the previous transaction committed and stores them in
/// one transaction — the advisory lock, one INSERT per event sent as a single batch (each one's
/// <c>max(seq) + 1</c> sees the rows before it, so sequences stay gapless and a copy of an earlier event in the same
/// group conflicts on its digest like a copy from another group), then every inserted event's projections as a
/// second batch, then one commit. Nothing of a group is acknowledged before that commit; if it fails, every append
/// of the group fails and nothing of it is stored, so a retry stores each event once.
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
        var sequences = new long[group.Count];
        var ingestTimes = new DateTimeOffset[group.Count];
        await using (var connection = await _dataSource.OpenConnectionAsync().ConfigureAwait(false))
        {
            await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
            await using (var inserts = new NpgsqlBatch(connection, transaction))
            {
                inserts.BatchCommands.Add(Command($"SELECT pg_advisory_xact_lock({AppendLockKey})"));
                for (var i = 0; i < group.Count; i++)
                {
                    var p = group[i];
                    inserts.BatchCommands.Add(Command(
                        """
                        INSERT INTO lineage_events (seq, event_time, ingest_time, digest, raw, event)
                        SELECT coalesce(max(seq), 0) + 1, $1, now(), $2, $3, $3::jsonb FROM lineage_events
                        ON CONFLICT (digest) WHERE digest IS NOT NULL DO NOTHING
                        RETURNING seq, ingest_time
                        """,
                        Parameter(p.EventTime.UtcDateTime, NpgsqlDbType.TimestampTz),
                        Parameter((object?)p.DigestBytes ?? DBNull.Value, NpgsqlDbType.Bytea),
                        Parameter(p.Text, NpgsqlDbType.Text)));
                }

                await using var reader = await inserts.ExecuteReaderAsync().ConfigureAwait(false);
                for (var i = 0; i < group.Count; i++)
                {
                    await reader.NextResultAsync().ConfigureAwait(false);
                    if (await reader.ReadAsync().ConfigureAwait(false))
                    {
                        sequences[i] = reader.GetInt64(0);
                        ingestTimes[i] = new DateTimeOffset(reader.GetDateTime(1), TimeSpan.Zero);
                    }
                }
            }

            // Projections only for the events this group inserted: a duplicate was projected when it was first stored.
            await using (var projections = new NpgsqlBatch(connection, transaction))
            {
                for (var i = 0; i < group.Count; i++)
                {
                    if (sequences[i] != 0 && group[i].Parsed is { } parsed)
                    {
                        PostgresProjections.Add(projections, parsed, group[i].EventTime.UtcDateTime);
                    }
                }

                if (projections.BatchCommands.Count > 0)
                {
                    await projections.ExecuteNonQueryAsync().ConfigureAwait(false);
                }
            }

            await transaction.CommitAsync().ConfigureAwait(false);
        }

        long last = 0;
        for (var i = 0; i < group.Count; i++)
        {
            var p = group[i];
            if (sequences[i] != 0)
            {
                stored[i] = new StoredEvent(sequences[i], ingestTimes[i], p.EventTime.ToUniversalTime(), p.Digest, p.Raw.ToArray());
                last = Math.Max(last, sequences[i]);
            }
        }

        Raise(last);

        // A copy of an event already stored (earlier in this group or by anyone before) answers with that first
        // copy, read after the commit so a copy of an event of this same group finds it.
        for (var i = 0; i < group.Count; i++)
        {
            if (sequences[i] == 0)
            {
                await using var existing = _dataSource.CreateCommand("SELECT seq, ingest_time, event_time, digest, raw FROM lineage_events WHERE digest = $1");
                existing.Parameters.Add(Parameter(group[i].DigestBytes!, NpgsqlDbType.Bytea));
                await using var found = await existing.ExecuteReaderAsync().ConfigureAwait(false);
                if (!await found.ReadAsync().ConfigureAwait(false))
                {
                    throw new InvalidOperationException("an event conflicted on its digest, but no stored event has that digest");
                }

                stored[i] = Read(found);
            }
        }
    }

    private sealed record PendingInsert(ReadOnlyMemory<byte> Raw, DateTimeOffset EventTime, EventDigest Digest, string Text, LineageEvent? Parsed, byte[]? DigestBytes)
    {
        public TaskCompletionSource<StoredEvent> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

using System.Threading.Channels;
using Npgsql;
using NpgsqlTypes;
using Tributary.Model;
using Tributary.Storage;

namespace Tributary.Server.Postgres;

/// <summary>
/// Group commit: one writer takes every append queued while the previous transaction committed and stores them in
/// one transaction. Before the lock, the copies already stored of the group's digests are looked up and the whole
/// transaction is planned (its parameter arrays built). Then two round trips: the transaction's start, the advisory
/// lock and the last sequence; then every new event in one multi-row insert (numbered in the database from the last
/// sequence, in queue order, so they stay gapless; a copy of an earlier event of the same group or of a stored one
/// takes none and answers with the first copy), one multi-row upsert per projection table, and the commit. Nothing of a group is acknowledged
/// before that commit; if it fails, every append of the group fails and nothing of it is stored, so a retry stores
/// each event once. If another instance stored a copy between the look and the lock, the insert breaks the digest's
/// uniqueness, nothing is stored, and the group is written again the careful way (the look under the lock).
/// </summary>
/// <remarks>
/// Two groups are in flight: while one holds the lock in the database, the next is planned here and its lock request
/// already waits in the database, so it starts the moment the first commits, and holds the lock only while the
/// database works and for one turn of this process. The next group asks for the lock only once the one before holds
/// it, which keeps the sequences in queue order (except for a group written again after such a race, which takes its
/// sequences after the next group's).
/// </remarks>
public sealed partial class PostgresLineageStore
{
    // Bounds one transaction's batch (and the rows a failure throws back) while leaving room to amortise the commit.
    // On a quiet machine `bench postgres` took 4,370-4,655 events/s with groups of 512, 4,846-5,172 with 1,024 and
    // 4,549-4,768 with 2,048 (interleaved runs): fewer commits pay until two groups no longer overlap enough.
    private const int MaxGroup = 1024;

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
        // Before the lock, while the group before holds it: the copies already stored of the group's digests, and the
        // whole transaction planned. Another instance may store a copy after this look (or the group before may hold
        // one); the insert then breaks the digest's uniqueness and the group is written again below.
        var digests = Digests(group);
        await using var connection = await _dataSource.OpenConnectionAsync().ConfigureAwait(false);
        var stored = new Dictionary<EventDigest, StoredEvent>();
        if (digests.Length > 0)
        {
            await using var look = new NpgsqlCommand(CopiesOfDigests, connection);
            look.Parameters.Add(Parameter(digests, NpgsqlDbType.Array | NpgsqlDbType.Bytea));
            await using var reader = await look.ExecuteReaderAsync().ConfigureAwait(false);
            await ReadCopiesAsync(reader, stored).ConfigureAwait(false);
        }

        var write = PostgresGroupWrite.Plan(group, stored);
        await previousLocked.ConfigureAwait(false);
        try
        {
            // Two round trips. The first opens the transaction and takes the lock; it is small, so its answer comes the
            // moment the lock is granted (a batch carrying the events too would stall in the socket behind the waiting
            // lock, and the next group could not know when to ask). The second carries everything already planned: the
            // new events, the projections and the commit, so the lock is held only while the database works.
            long last;
            DateTimeOffset ingestTime;
            await using (var take = new NpgsqlBatch(connection))
            {
                take.BatchCommands.Add(Command("BEGIN"));
                take.BatchCommands.Add(Command($"SELECT pg_advisory_xact_lock({AppendLockKey})"));
                take.BatchCommands.Add(Command(LastSequenceAndNow));
                // The reader starts at the first statement that returns rows: the lock's, answered once it is granted.
                await using var reader = await take.ExecuteReaderAsync().ConfigureAwait(false);
                locked.TrySetResult();
                (last, ingestTime) = await ReadLastAsync(reader).ConfigureAwait(false);
            }

            await using (var writes = new NpgsqlBatch(connection))
            {
                write.AddTo(writes);
                writes.BatchCommands.Add(Command("COMMIT"));
                await writes.ExecuteNonQueryAsync().ConfigureAwait(false);
            }

            return Committed(group, write, last, ingestTime);
        }
        catch (PostgresException race) when (race.SqlState == PostgresErrorCodes.UniqueViolation && race.ConstraintName == DigestIndex)
        {
            // Rare: a copy was stored after the look. Nothing of the group was; look again under the lock and write it.
            await RollBackAsync(connection).ConfigureAwait(false);
            locked.TrySetResult();
            return await CommitGroupLockedAsync(connection, group, digests).ConfigureAwait(false);
        }
        catch
        {
            // The transaction was opened by hand, so it is closed by hand (its lock with it) before the connection goes back.
            await RollBackAsync(connection).ConfigureAwait(false);
            throw;
        }
    }

    private static async Task RollBackAsync(NpgsqlConnection connection)
    {
        if (connection.State != System.Data.ConnectionState.Open)
        {
            return;
        }

        try
        {
            await using var rollback = new NpgsqlCommand("ROLLBACK", connection);
            await rollback.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A connection that cannot roll back is broken; the server ends its transaction when it closes.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    // The careful way, three round trips: the lock, then the look for copies under it, then the writes, then the commit.
    private async Task<StoredEvent[]> CommitGroupLockedAsync(NpgsqlConnection connection, List<PendingInsert> group, byte[][] digests)
    {
        await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
        var stored = new Dictionary<EventDigest, StoredEvent>();
        await using (var look = new NpgsqlBatch(connection, transaction))
        {
            look.BatchCommands.Add(Command($"SELECT pg_advisory_xact_lock({AppendLockKey})"));
            look.BatchCommands.Add(Command(CopiesOfDigests, Parameter(digests, NpgsqlDbType.Array | NpgsqlDbType.Bytea)));
            await using var reader = await look.ExecuteReaderAsync().ConfigureAwait(false);
            await reader.NextResultAsync().ConfigureAwait(false);
            await ReadCopiesAsync(reader, stored).ConfigureAwait(false);
        }

        var write = PostgresGroupWrite.Plan(group, stored);
        long last;
        DateTimeOffset ingestTime;
        await using (var writes = new NpgsqlBatch(connection, transaction))
        {
            writes.BatchCommands.Add(Command(LastSequenceAndNow));
            write.AddTo(writes);
            await using var reader = await writes.ExecuteReaderAsync().ConfigureAwait(false);
            (last, ingestTime) = await ReadLastAsync(reader, first: true).ConfigureAwait(false);
            while (await reader.NextResultAsync().ConfigureAwait(false))
            {
            }
        }

        await transaction.CommitAsync().ConfigureAwait(false);
        return Committed(group, write, last, ingestTime);
    }

    private StoredEvent[] Committed(List<PendingInsert> group, PostgresGroupWrite write, long last, DateTimeOffset ingestTime)
    {
        Raise(last + write.NewEvents);
        Interlocked.Increment(ref _groupCommits);
        Interlocked.Add(ref _groupedEvents, group.Count);
        return write.Settle(group, last, ingestTime);
    }

    // The last sequence before the group's events and the transaction's time: the next result, or the current one.
    private static async Task<(long Last, DateTimeOffset IngestTime)> ReadLastAsync(NpgsqlDataReader reader, bool first = false)
    {
        if (!first)
        {
            await reader.NextResultAsync().ConfigureAwait(false);
        }

        await reader.ReadAsync().ConfigureAwait(false);
        return (reader.GetInt64(0), new DateTimeOffset(reader.GetDateTime(1), TimeSpan.Zero));
    }

    // The stored copies the current result lists (CopiesOfDigests), by digest.
    private static async Task ReadCopiesAsync(NpgsqlDataReader reader, Dictionary<EventDigest, StoredEvent> stored)
    {
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            var existing = Read(reader);
            stored[existing.Digest] = existing;
        }
    }

    private static byte[][] Digests(List<PendingInsert> group)
    {
        var digests = new List<byte[]>(group.Count);
        foreach (var p in group)
        {
            if (p.DigestBytes is not null)
            {
                digests.Add(p.DigestBytes);
            }
        }

        return [.. digests];
    }

    private const string DigestIndex = "lineage_events_digest";
    private const string CopiesOfDigests = "SELECT seq, ingest_time, event_time, digest, raw FROM lineage_events WHERE digest = ANY($1)";
    private const string LastSequenceAndNow = "SELECT coalesce(max(seq), 0), now() FROM lineage_events";

    /// <summary>An append waiting in the queue for its group's transaction.</summary>
    internal sealed record PendingInsert(ReadOnlyMemory<byte> Raw, DateTimeOffset EventTime, EventDigest Digest, LineageEvent? Parsed, byte[]? DigestBytes)
    {
        /// <summary>Completed with the stored event once the group committed, or with the group's failure.</summary>
        public TaskCompletionSource<StoredEvent> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

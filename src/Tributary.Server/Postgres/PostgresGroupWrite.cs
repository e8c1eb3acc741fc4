using Npgsql;
using NpgsqlTypes;
using Tributary.Storage;

namespace Tributary.Server.Postgres;

/// <summary>
/// What one group-commit transaction writes, planned before it holds the lock: the group's new events in queue order
/// (a copy of a stored event, or of an earlier one of the group, is not new and answers with the first copy) and the
/// projection upserts of those new events. The sequences are not known until the lock is held: the insert numbers
/// the new events from the last stored sequence upwards in the database itself, and <see cref="Settle"/> gives each
/// append its place once that last sequence is read.
/// </summary>
internal sealed class PostgresGroupWrite
{
    // Numbered in the database under the lock: the last sequence plus the event's place among the group's new events.
    private const string InsertEvents = """
        INSERT INTO lineage_events (seq, event_time, ingest_time, digest, raw, event)
        SELECT (SELECT coalesce(max(seq), 0) FROM lineage_events) + u.o, u.t, now(), u.d, u.r, u.r::jsonb
        FROM unnest($1::timestamptz[], $2::bytea[], $3::text[]) WITH ORDINALITY AS u(t, d, r, o)
        """;

    private readonly StoredEvent?[] _copies;
    private readonly int[] _firsts;
    private readonly int[] _places;
    private readonly DateTime[] _eventTimes;
    private readonly object[] _digests;
    private readonly ReadOnlyMemory<byte>[] _raws;
    private readonly List<NpgsqlBatchCommand> _projections;

    private PostgresGroupWrite(
        StoredEvent?[] copies, int[] firsts, int[] places, DateTime[] eventTimes, object[] digests, ReadOnlyMemory<byte>[] raws, List<NpgsqlBatchCommand> projections)
    {
        _copies = copies;
        _firsts = firsts;
        _places = places;
        _eventTimes = eventTimes;
        _digests = digests;
        _raws = raws;
        _projections = projections;
    }

    /// <summary>How many of the group's appends are new events (the others are copies).</summary>
    public int NewEvents => _raws.Length;

    /// <summary>
    /// Plans a group against the copies already stored (<paramref name="stored"/>, by digest): which appends are new,
    /// in queue order, and the projections of exactly those.
    /// </summary>
    public static PostgresGroupWrite Plan(IReadOnlyList<PostgresLineageStore.PendingInsert> group, Dictionary<EventDigest, StoredEvent> stored)
    {
        var copies = new StoredEvent?[group.Count];
        var firsts = new int[group.Count];
        var places = new int[group.Count];
        var eventTimes = new DateTime[group.Count];
        var digests = new object[group.Count];
        var raws = new ReadOnlyMemory<byte>[group.Count];
        var firstOfGroup = new Dictionary<EventDigest, int>();
        var projections = new PostgresGroupProjections();
        var fresh = 0;
        for (var i = 0; i < group.Count; i++)
        {
            var p = group[i];
            firsts[i] = i;
            if (!p.Digest.IsNone)
            {
                if (stored.TryGetValue(p.Digest, out var copy))
                {
                    copies[i] = copy;
                    continue;
                }

                if (firstOfGroup.TryGetValue(p.Digest, out var first))
                {
                    firsts[i] = first;
                    continue;
                }

                firstOfGroup.Add(p.Digest, i);
            }

            eventTimes[fresh] = p.EventTime.UtcDateTime;
            digests[fresh] = (object?)p.DigestBytes ?? DBNull.Value;
            raws[fresh] = p.Raw;
            places[i] = ++fresh;
            if (p.Parsed is { } parsed)
            {
                projections.Add(parsed, p.EventTime.UtcDateTime);
            }
        }

        Array.Resize(ref eventTimes, fresh);
        Array.Resize(ref digests, fresh);
        Array.Resize(ref raws, fresh);
        return new PostgresGroupWrite(copies, firsts, places, eventTimes, digests, raws, projections.ToCommands());
    }

    /// <summary>Adds the insert of the new events and the projection upserts to a batch that holds the lock.</summary>
    public void AddTo(NpgsqlBatch batch)
    {
        if (NewEvents == 0)
        {
            return;
        }

        batch.BatchCommands.Add(PostgresLineageStore.Command(
            InsertEvents,
            PostgresLineageStore.Parameter(_eventTimes, NpgsqlDbType.Array | NpgsqlDbType.TimestampTz),
            PostgresLineageStore.Parameter(_digests, NpgsqlDbType.Array | NpgsqlDbType.Bytea),
            PostgresLineageStore.Parameter(_raws, NpgsqlDbType.Array | NpgsqlDbType.Text)));
        foreach (var command in _projections)
        {
            batch.BatchCommands.Add(command);
        }
    }

    /// <summary>Each append's stored event, once the transaction committed on top of <paramref name="last"/>.</summary>
    public StoredEvent[] Settle(IReadOnlyList<PostgresLineageStore.PendingInsert> group, long last, DateTimeOffset ingestTime)
    {
        var stored = new StoredEvent[group.Count];
        for (var i = 0; i < group.Count; i++)
        {
            // A later copy of an event of the group answers with the first copy (always earlier, so already settled).
            var p = group[i];
            stored[i] = _copies[i] ?? (_firsts[i] != i ? stored[_firsts[i]]
                : new StoredEvent(last + _places[i], ingestTime, p.EventTime.ToUniversalTime(), p.Digest, p.Raw.ToArray()));
        }

        return stored;
    }
}

using System.Runtime.CompilerServices;
using System.Text;
using Tributary.Storage.Parquet;

namespace Tributary.Storage.Lake;

public sealed partial class LineageMetadataRepository
{
    private static readonly string[] EventColumns = ["sequence", "event_time", "ingest_time", "digest", "raw"];
    private static readonly string[] DigestColumns = ["sequence", "digest"];

    /// <summary>
    /// The lake's events whose event time lies in [<paramref name="from"/>, <paramref name="until"/>), in sequence
    /// order. Only the date partitions and row groups that can hold such events are read.
    /// </summary>
    public async IAsyncEnumerable<StoredEvent> ReadEventsAsync(DateTimeOffset from, DateTimeOffset until, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var files = EventFiles(from, until, committedOnly: true);
        foreach (var stored in Merge(files, g => Overlaps(g.StatisticsOf("event_time"), from, until), (_, time) => time >= from && time < until))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return stored;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <summary>The lake's events with sequences from <paramref name="fromSequence"/> to <paramref name="toSequence"/> (both included), in order.</summary>
    public async IAsyncEnumerable<StoredEvent> ReadEventsAsync(long fromSequence = 1, long toSequence = long.MaxValue, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var files = EventFiles(fromSequence, toSequence);
        foreach (var stored in Merge(files, g => MayHold(g, fromSequence, toSequence), (sequence, _) => sequence >= fromSequence && sequence <= toSequence))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return stored;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <summary>
    /// The digests of the lake's events with sequences from <paramref name="fromSequence"/> to
    /// <paramref name="toSequence"/> (both included), in order: only the sequence and digest columns are read, never
    /// the events' raw JSON, so an ingest door opening over a compacted store reads a small part of it.
    /// </summary>
    public async IAsyncEnumerable<StoredDigest> ReadDigestsAsync(long fromSequence = 1, long toSequence = long.MaxValue, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var files = EventFiles(fromSequence, toSequence);

        // A batch's events are split over one file per event date: each batch's digests are gathered and put in order.
        foreach (var batch in files.GroupBy(f => (f.First, f.Last)).OrderBy(b => b.Key.First))
        {
            var digests = new List<StoredDigest>();
            foreach (var file in batch)
            {
                cancellationToken.ThrowIfCancellationRequested();
                ReadDigests(file.Path, fromSequence, toSequence, digests);
            }

            digests.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
            foreach (var digest in digests)
            {
                yield return digest;
            }
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    private void ReadDigests(string path, long fromSequence, long toSequence, List<StoredDigest> digests)
    {
        if (!File.Exists(path))
        {
            return;
        }

        using var reader = ParquetReader.Open(path);
        Counters.FileOpened();
        foreach (var group in reader.RowGroups)
        {
            if (!MayHold(group, fromSequence, toSequence))
            {
                Counters.RowGroupSkipped();
                continue;
            }

            Counters.RowGroupRead();
            var columns = reader.ReadRowGroup(group.Index, DigestColumns);
            for (var r = 0; r < group.RowCount; r++)
            {
                if (columns[0].GetInt64(r) is { } sequence && sequence >= fromSequence && sequence <= toSequence)
                {
                    digests.Add(new StoredDigest(sequence, DigestOf(columns[1], r)));
                }
            }
        }
    }

    private static EventDigest DigestOf(ParquetColumnData column, int row) =>
        column.GetString(row) is { Length: EventDigest.Size * 2 } hex ? EventDigest.FromBytes(Convert.FromHexString(hex)) : EventDigest.None;

    // The committed event files that may hold sequences from `from` to `to`, by their names.
    private IEnumerable<(string Path, long First, long Last)> EventFiles(long from, long to) =>
        EventFiles(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, committedOnly: true).Where(f => f.Last >= from && f.First <= to);

    // Whether a row group may hold sequences from `from` to `to`, by its statistics (one without them may).
    private static bool MayHold(ParquetRowGroupInfo group, long from, long to) =>
        group.StatisticsOf("sequence") is not { Min: long min, Max: long max } || (max >= from && min <= to);

    private IEnumerable<(string Path, long First, long Last)> EventFiles(DateTimeOffset from, DateTimeOffset until, bool committedOnly)
    {
        var committed = committedOnly ? LakeManifest.Read(Root).EventsThrough : long.MaxValue;
        return LakeTables.DatePartitions(Path.Combine(Root, LakeTables.Events), from, until)
            .SelectMany(p => Directory.EnumerateFiles(p.Folder, "events-*.parquet"))
            .Select(path => LakeTables.TryParseEventFileName(Path.GetFileName(path), out var first, out var last) ? (path, first, last) : (path, -1, -1))
            .Where(f => f.first > 0 && f.last <= committed)
            .ToList();
    }

    /// <summary>Reads event files in sequence order: batches one after the other, and the date files of one batch merged.</summary>
    private IEnumerable<StoredEvent> Merge(IEnumerable<(string Path, long First, long Last)> files, Func<ParquetRowGroupInfo, bool> keepGroup, Func<long, DateTimeOffset, bool> keepEvent)
    {
        foreach (var batch in files.GroupBy(f => (f.First, f.Last)).OrderBy(b => b.Key.First))
        {
            var cursors = new PriorityQueue<IEnumerator<StoredEvent>, long>();
            try
            {
                foreach (var file in batch)
                {
                    var cursor = ScanEvents(file.Path, keepGroup, keepEvent).GetEnumerator();
                    if (cursor.MoveNext())
                    {
                        cursors.Enqueue(cursor, cursor.Current.Sequence);
                    }
                    else
                    {
                        cursor.Dispose();
                    }
                }

                while (cursors.TryDequeue(out var cursor, out _))
                {
                    yield return cursor.Current;
                    if (cursor.MoveNext())
                    {
                        cursors.Enqueue(cursor, cursor.Current.Sequence);
                    }
                    else
                    {
                        cursor.Dispose();
                    }
                }
            }
            finally
            {
                while (cursors.TryDequeue(out var cursor, out _))
                {
                    cursor.Dispose();
                }
            }
        }
    }

    // Reads the events of a file that pass `keepEvent`, judging each row by its sequence and event time first: a row
    // group where every row passes is read whole, one where only some do has just their pages read, so reading a
    // few events never decodes (or copies) the raw JSON of their neighbours.
    private IEnumerable<StoredEvent> ScanEvents(string path, Func<ParquetRowGroupInfo, bool> keepGroup, Func<long, DateTimeOffset, bool> keepEvent)
    {
        if (!File.Exists(path))
        {
            yield break;
        }

        using var reader = ParquetReader.Open(path);
        Counters.FileOpened();
        foreach (var group in reader.RowGroups)
        {
            if (!keepGroup(group))
            {
                Counters.RowGroupSkipped();
                continue;
            }

            Counters.RowGroupRead();
            var keys = reader.ReadRowGroup(group.Index, KeyColumns);
            var rows = new List<int>();
            for (var r = 0; r < group.RowCount; r++)
            {
                if (keys[0].GetInt64(r) is { } sequence && keys[1].GetTimestamp(r) is { } time && keepEvent(sequence, time))
                {
                    rows.Add(r);
                }
            }

            if (rows.Count == 0)
            {
                continue;
            }

            IReadOnlyList<ParquetColumnData> data;
            if (rows.Count == group.RowCount)
            {
                data = reader.ReadRowGroup(group.Index, EventColumns);
            }
            else
            {
                var columns = new ParquetColumnData[EventColumns.Length];
                for (var c = 0; c < columns.Length; c++)
                {
                    columns[c] = reader.ReadRows(group.Index, EventColumns[c], rows);
                }

                data = columns;
            }

            for (var r = 0; r < data[0].Count; r++)
            {
                yield return ReadEvent(data, r);
            }
        }
    }

    private static StoredEvent ReadEvent(IReadOnlyList<ParquetColumnData> columns, int row)
    {
        return new StoredEvent(
            columns[0].GetInt64(row)!.Value,
            columns[2].GetTimestamp(row)!.Value,
            columns[1].GetTimestamp(row)!.Value,
            DigestOf(columns[3], row),
            Encoding.UTF8.GetBytes(columns[4].GetString(row)!));
    }

    private void WriteEventFile(string path, StoredEvent[] rows) =>
        WriteTable(path, LakeTables.EventSchema, rows.Length, (from, count) => EventColumnsOf(rows.AsSpan(from, count).ToArray()), "events");

    private static IReadOnlyList<ParquetColumnData> EventColumnsOf(IReadOnlyList<StoredEvent> rows)
    {
        var s = LakeTables.EventSchema.Columns;
        return
        [
            ParquetColumnData.FromInt64s(s[0], [.. rows.Select(e => (long?)e.Sequence)]),
            ParquetColumnData.FromTimestamps(s[1], [.. rows.Select(e => (DateTimeOffset?)e.EventTime)]),
            ParquetColumnData.FromTimestamps(s[2], [.. rows.Select(e => (DateTimeOffset?)e.IngestTime)]),
            ParquetColumnData.FromUtf8(s[3], DigestsOf(rows)),
            // The stored bytes are the column's UTF-8 as they are: no string of every event made and encoded again.
            ParquetColumnData.FromUtf8(s[4], [.. rows.Select(e => (ReadOnlyMemory<byte>?)e.Raw)]),
        ];
    }

    // Each digest as its 64 lower-case hex digits in UTF-8, written straight into shared blocks: a string per event
    // (made, then encoded back to UTF-8) was a twentieth of compacting.
    private static ReadOnlyMemory<byte>?[] DigestsOf(IReadOnlyList<StoredEvent> rows)
    {
        var blocks = new ByteBlocks();
        var digests = new ReadOnlyMemory<byte>?[rows.Count];
        for (var i = 0; i < digests.Length; i++)
        {
            if (rows[i].Digest is { IsNone: false } digest)
            {
                digests[i] = blocks.Take(EventDigest.Size * 2, out var room);
                digest.WriteHex(room);
            }
        }

        return digests;
    }
}

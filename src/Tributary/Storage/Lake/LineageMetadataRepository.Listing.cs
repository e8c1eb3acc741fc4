using System.Collections.Concurrent;
using System.Text;
using Tributary.Storage.Parquet;

namespace Tributary.Storage.Lake;

/// <summary>Where one event is in the lake: its file, its row group and its row in the group.</summary>
internal readonly record struct LakeLocation(string Path, int Group, int Row);

public sealed partial class LineageMetadataRepository
{
    private const int MaxCachedSummaries = 16_384;
    private static readonly string[] KeyColumns = ["sequence", "event_time"];

    // Each event file's row groups as their footer describes them; files never change in place (retention replaces a
    // file whole), so an entry stands while the file's length and time stamp do.
    private readonly ConcurrentDictionary<string, FileSummary> _summaries = new(StringComparer.Ordinal);

    /// <summary>
    /// The lake's events with a sequence up to <paramref name="throughSequence"/> and an event time in
    /// [<paramref name="from"/>, <paramref name="until"/>), as runs a listing pages through (see <see cref="EventPager"/>):
    /// one per row group that can hold such events, found by date folder and then by the group's event-time statistics.
    /// A group wholly inside the range is described by its footer alone and read (its sequence and event-time columns)
    /// only if a page falls in it; a group that straddles the range is read now, to count it exactly.
    /// </summary>
    internal List<EventRun> EventRuns(DateTimeOffset from, DateTimeOffset until, long throughSequence)
    {
        var runs = new List<EventRun>();
        foreach (var file in EventFiles(from, until, committedOnly: true))
        {
            if (file.First > throughSequence || Summarise(file.Path) is not { } summary)
            {
                continue;
            }

            foreach (var group in summary.Groups)
            {
                if (group.MaxTicks < from.UtcTicks || group.MinTicks >= until.UtcTicks || group.MinSequence > throughSequence)
                {
                    Counters.RowGroupSkipped();
                    continue;
                }

                var path = file.Path;
                var index = group.Index;
                if (group.MinTicks >= from.UtcTicks && group.MaxTicks < until.UtcTicks && group.MaxSequence <= throughSequence)
                {
                    runs.Add(new EventRun(
                        EventKey.Of(group.MinTicks, group.MinSequence), EventKey.Of(group.MaxTicks, group.MaxSequence), group.RowCount,
                        () => LoadKeys(path, index, from, until, throughSequence)));
                    continue;
                }

                var keys = LoadKeys(path, index, from, until, throughSequence);
                if (keys.Count > 0)
                {
                    var (lower, upper) = (keys[0].Key, keys[0].Key);
                    foreach (var (key, _) in keys)
                    {
                        lower = key.CompareTo(lower) < 0 ? key : lower;
                        upper = key.CompareTo(upper) > 0 ? key : upper;
                    }

                    runs.Add(new EventRun(lower, upper, keys.Count, () => keys));
                }
            }
        }

        return runs;
    }

    // The keys of one row group's events inside the range, read from its sequence and event-time columns only.
    private List<(EventKey Key, EventPlace Place)> LoadKeys(string path, int group, DateTimeOffset from, DateTimeOffset until, long throughSequence)
    {
        Counters.RowGroupRead();
        using var reader = ParquetReader.Open(path);
        Counters.FileOpened();
        var columns = reader.ReadRowGroup(group, KeyColumns);
        var sequences = columns[0].Longs;
        var times = columns[1].Longs;
        var keys = new List<(EventKey, EventPlace)>(sequences.Length);
        for (var row = 0; row < sequences.Length; row++)
        {
            if (sequences[row] is not { } sequence || times[row] is not { } micros || sequence > throughSequence)
            {
                continue;
            }

            var ticks = ParquetColumnData.FromMicros(micros).UtcTicks;
            if (ticks >= from.UtcTicks && ticks < until.UtcTicks)
            {
                keys.Add((EventKey.Of(ticks, sequence), new EventPlace(true, new LakeLocation(path, group, row), default)));
            }
        }

        return keys;
    }

    /// <summary>Reads the events at <paramref name="locations"/> (in that order), opening each file once and reading only the pages that hold them.</summary>
    internal StoredEvent[] ReadAt(IReadOnlyList<LakeLocation> locations)
    {
        var result = new StoredEvent[locations.Count];
        var byGroup = new Dictionary<(string Path, int Group), List<int>>();
        for (var i = 0; i < locations.Count; i++)
        {
            var key = (locations[i].Path, locations[i].Group);
            if (!byGroup.TryGetValue(key, out var list))
            {
                byGroup[key] = list = [];
            }

            list.Add(i);
        }

        foreach (var fileGroups in byGroup.GroupBy(g => g.Key.Path, StringComparer.Ordinal))
        {
            using var reader = ParquetReader.Open(fileGroups.Key);
            Counters.FileOpened();
            foreach (var ((_, group), indexes) in fileGroups)
            {
                var rows = new int[indexes.Count];
                for (var i = 0; i < rows.Length; i++)
                {
                    rows[i] = locations[indexes[i]].Row;
                }

                var columns = new ParquetColumnData[EventColumns.Length];
                for (var c = 0; c < columns.Length; c++)
                {
                    columns[c] = reader.ReadRows(group, EventColumns[c], rows);
                }

                for (var i = 0; i < rows.Length; i++)
                {
                    result[indexes[i]] = ReadEvent(columns, i);
                }
            }
        }

        return result;
    }

    private FileSummary? Summarise(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            return null;
        }

        if (_summaries.TryGetValue(path, out var cached) && cached.Length == info.Length && cached.Written == info.LastWriteTimeUtc)
        {
            return cached;
        }

        using var reader = ParquetReader.Open(path);
        Counters.FileOpened();
        var groups = new GroupSummary[reader.RowGroups.Count];
        foreach (var group in reader.RowGroups)
        {
            var (minSequence, maxSequence) = group.StatisticsOf("sequence") is { Min: long min, Max: long max } ? (min, max) : (long.MinValue, long.MaxValue);
            var (minTicks, maxTicks) = group.StatisticsOf("event_time") is { Min: DateTimeOffset first, Max: DateTimeOffset last }
                ? (first.UtcTicks, last.UtcTicks)
                : (DateTimeOffset.MinValue.UtcTicks, DateTimeOffset.MaxValue.UtcTicks); // no statistics: the group is read, never assumed
            groups[group.Index] = new GroupSummary(group.Index, group.RowCount, minSequence, maxSequence, minTicks, maxTicks);
        }

        if (_summaries.Count >= MaxCachedSummaries)
        {
            _summaries.Clear();
        }

        var summary = new FileSummary(info.Length, info.LastWriteTimeUtc, groups);
        _summaries[path] = summary;
        return summary;
    }

    private sealed record FileSummary(long Length, DateTime Written, GroupSummary[] Groups);

    private readonly record struct GroupSummary(int Index, long RowCount, long MinSequence, long MaxSequence, long MinTicks, long MaxTicks);
}

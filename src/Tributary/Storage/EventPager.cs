namespace Tributary.Storage;

/// <summary>Where one event of a listing is: a row of the lake or a record of the log.</summary>
internal readonly record struct EventPlace(bool InLake, Lake.LakeLocation Lake, LogLocation Log);

/// <summary>
/// Some events of a listing (a lake row group, a log segment) known by bounds before they are read: every event's key
/// lies between <see cref="Lower"/> and <see cref="Upper"/>, and there are <see cref="Count"/> of them. <see cref="Load"/>
/// reads their keys (only the events inside the listing's range).
/// </summary>
internal sealed class EventRun(EventKey lower, EventKey upper, long count, Func<List<(EventKey Key, EventPlace Place)>> load)
{
    public EventKey Lower { get; } = lower;

    public EventKey Upper { get; } = upper;

    public long Count { get; } = count;

    public List<(EventKey Key, EventPlace Place)> Load() => load();
}

/// <summary>
/// Finds a page of a listing ordered by event time (then sequence) from runs of events known by their bounds, reading
/// only the runs the page falls in. Runs are taken in listing order of their bounds and grouped into clusters that
/// overlap; a cluster that ends before the next one begins holds exactly the next <c>n</c> places of the listing, so
/// a cluster before the page is counted, never read, and one after it is never touched. With events stored roughly
/// in time order (how they arrive), a cluster is one row group, and any page, however deep, costs one or two.
/// </summary>
internal static class EventPager
{
    public static (List<EventPlace> Page, long Total) Page(List<EventRun> runs, bool descending, long offset, int limit)
    {
        var total = 0L;
        foreach (var run in runs)
        {
            total += run.Count;
        }

        // Listing order: newest first when descending, so runs by their upper bound, latest first.
        runs.Sort((a, b) => descending ? b.Upper.CompareTo(a.Upper) : a.Lower.CompareTo(b.Lower));
        var page = new List<EventPlace>(limit);
        var end = offset + limit;
        var position = 0L;
        var i = 0;
        while (i < runs.Count && position < end)
        {
            // A cluster: runs that overlap the ones before them in listing order.
            var first = i;
            var edge = descending ? runs[i].Lower : runs[i].Upper;
            var count = runs[i].Count;
            i++;
            while (i < runs.Count && (descending ? runs[i].Upper.CompareTo(edge) >= 0 : runs[i].Lower.CompareTo(edge) <= 0))
            {
                edge = descending ? Min(edge, runs[i].Lower) : Max(edge, runs[i].Upper);
                count += runs[i].Count;
                i++;
            }

            if (position + count <= offset)
            {
                position += count; // wholly before the page: counted from the footers, not read
                continue;
            }

            var loaded = new List<(EventKey Key, EventPlace Place)>();
            for (var r = first; r < i; r++)
            {
                loaded.AddRange(runs[r].Load());
            }

            // Keys and places in two arrays sorted together: the keys compare directly, and the places (bigger) only move.
            var keys = new EventKey[loaded.Count];
            var places = new EventPlace[loaded.Count];
            for (var k = 0; k < keys.Length; k++)
            {
                (keys[k], places[k]) = loaded[k];
            }

            Array.Sort(keys, places);
            for (var k = 0; k < keys.Length && position < end; k++, position++)
            {
                if (position >= offset)
                {
                    page.Add(places[descending ? keys.Length - 1 - k : k]);
                }
            }
        }

        return (page, total);
    }

    private static EventKey Min(EventKey a, EventKey b) => a.CompareTo(b) <= 0 ? a : b;

    private static EventKey Max(EventKey a, EventKey b) => a.CompareTo(b) >= 0 ? a : b;
}

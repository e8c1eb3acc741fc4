namespace Tributary.Storage;

/// <summary>Where an event sits in a listing by event time: its time (UTC ticks, to the microsecond the lake keeps) and then its sequence.</summary>
internal readonly record struct EventKey(long Ticks, long Sequence) : IComparable<EventKey>
{
    /// <summary>The key of an event time and sequence, the time cut to whole microseconds as the lake stores it, so an event sorts the same before and after compaction.</summary>
    public static EventKey Of(long ticks, long sequence) => new(ticks - (((ticks % 10) + 10) % 10), sequence);

    public int CompareTo(EventKey other) => Ticks != other.Ticks ? Ticks.CompareTo(other.Ticks) : Sequence.CompareTo(other.Sequence);
}

/// <summary>
/// Keeps the first <c>k</c> events of a listing by event time (newest first when descending) out of any number
/// offered, with the one that would drop out next at hand, so a source can stop reading once nothing it has left
/// could enter. Memory is O(k), however many events are offered.
/// </summary>
internal sealed class EventTimeSelection<T>
{
    private readonly PriorityQueue<(EventKey Key, T Item), EventKey> _kept;
    private readonly int _capacity;
    private readonly bool _descending;

    public EventTimeSelection(int capacity, bool descending)
    {
        _capacity = Math.Max(0, capacity);
        _descending = descending;

        // The root is the kept event that comes last in the listing: the smallest key when newest come first.
        _kept = new PriorityQueue<(EventKey, T), EventKey>(descending ? Comparer<EventKey>.Default : Comparer<EventKey>.Create((a, b) => b.CompareTo(a)));
    }

    /// <summary>True when an event with <paramref name="key"/> would be kept (or a source whose best event has this key may hold one that would).</summary>
    public bool CanEnter(EventKey key)
    {
        if (_kept.Count < _capacity)
        {
            return true;
        }

        if (_capacity == 0 || !_kept.TryPeek(out _, out var last))
        {
            return false;
        }

        return _descending ? key.CompareTo(last) > 0 : key.CompareTo(last) < 0;
    }

    /// <summary>Offers one event; it is kept when it is among the first <c>k</c> so far.</summary>
    public void Offer(EventKey key, T item)
    {
        if (!CanEnter(key))
        {
            return;
        }

        if (_kept.Count == _capacity)
        {
            _kept.Dequeue();
        }

        _kept.Enqueue((key, item), key);
    }

    /// <summary>The kept events in the listing's order.</summary>
    public List<(EventKey Key, T Item)> InOrder()
    {
        var list = new List<(EventKey Key, T Item)>(_kept.Count);
        foreach (var (element, _) in _kept.UnorderedItems)
        {
            list.Add(element);
        }

        list.Sort((a, b) => _descending ? b.Key.CompareTo(a.Key) : a.Key.CompareTo(b.Key));
        return list;
    }
}

/// <summary>One segment's records as a listing reads them: the file, the first sequence, and each record's offset and event time.</summary>
internal sealed record SegmentRecords(string Path, long FirstSequence, long Count, long Length, long[] Offsets, long[] EventTicks);

/// <summary>Where one record of the log is: its segment file, its offset, and the committed end of the file.</summary>
internal readonly record struct LogLocation(string Path, long Offset, long End);

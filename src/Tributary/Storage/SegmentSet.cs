namespace Tributary.Storage;

/// <summary>The ordered segments of a store. The writer changes them; readers take consistent views under one lock.</summary>
internal sealed class SegmentSet
{
    private readonly List<Segment> _segments = [];
    private readonly Lock _lock = new();

    /// <summary>The newest segment, the one being appended to.</summary>
    public Segment Last
    {
        get
        {
            lock (_lock)
            {
                return _segments[^1];
            }
        }
    }

    /// <summary>The number of segments.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _segments.Count;
            }
        }
    }

    /// <summary>The segments now, oldest first.</summary>
    public List<Segment> Snapshot()
    {
        lock (_lock)
        {
            return [.. _segments];
        }
    }

    /// <summary>Adds a segment at the end.</summary>
    public void Add(Segment segment)
    {
        lock (_lock)
        {
            _segments.Add(segment);
        }
    }

    /// <summary>
    /// Removes the leading segments whose records all have sequences up to <paramref name="sequence"/>, never the
    /// newest one, and returns them.
    /// </summary>
    public List<Segment> RemoveThrough(long sequence)
    {
        lock (_lock)
        {
            var removed = new List<Segment>();
            while (_segments.Count > 1 && _segments[0].LastSequence <= sequence)
            {
                removed.Add(_segments[0]);
                _segments.RemoveAt(0);
            }

            return removed;
        }
    }

    /// <summary>The sequence of the first record the segments can hold (the first segment's first sequence), or 1.</summary>
    public long FirstSequence
    {
        get
        {
            lock (_lock)
            {
                return _segments.Count == 0 ? 1 : _segments[0].FirstSequence;
            }
        }
    }

    /// <summary>Runs a change to the segments' index under the lock, so no reader sees it half done.</summary>
    public void Update<TState>(TState state, Action<TState> update)
    {
        lock (_lock)
        {
            update(state);
        }
    }

    /// <summary>Every segment's records (offsets and event times) with their file and first sequence, as known now.</summary>
    public List<SegmentRecords> RecordsSnapshot()
    {
        lock (_lock)
        {
            var result = new List<SegmentRecords>(_segments.Count);
            foreach (var s in _segments)
            {
                var (count, offsets, ticks) = s.Records();
                if (count > 0)
                {
                    result.Add(new SegmentRecords(s.Path, s.FirstSequence, count, s.Length, offsets, ticks));
                }
            }

            return result;
        }
    }

    /// <summary>The views a reader needs for records with sequence numbers from <paramref name="fromSequence"/> to <paramref name="toSequence"/>.</summary>
    public List<SegmentView> ViewsFrom(long fromSequence, long toSequence = long.MaxValue)
    {
        lock (_lock)
        {
            var views = new List<SegmentView>();
            foreach (var s in _segments)
            {
                if (s.Count == 0 || s.LastSequence < fromSequence)
                {
                    continue;
                }

                if (s.FirstSequence > toSequence)
                {
                    break;
                }

                // From the first record asked for to the end of the last, not from a sparse checkpoint to the end of the
                // segment: a duplicate's original is read back this way, one event at a time.
                var end = toSequence < s.LastSequence ? s.OffsetOf(toSequence + 1) : s.Length;
                views.Add(new SegmentView(s.Path, s.OffsetOf(fromSequence), end, s.MinEventTicks, s.MaxEventTicks));
            }

            return views;
        }
    }
}

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

    /// <summary>Adds a segment at the end.</summary>
    public void Add(Segment segment)
    {
        lock (_lock)
        {
            _segments.Add(segment);
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

    /// <summary>The views a reader needs for records with sequence numbers from <paramref name="fromSequence"/> on.</summary>
    public List<SegmentView> ViewsFrom(long fromSequence)
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

                views.Add(new SegmentView(s.Path, s.OffsetBefore(fromSequence), s.Length, s.MinEventTicks, s.MaxEventTicks));
            }

            return views;
        }
    }
}

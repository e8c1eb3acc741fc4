namespace Tributary.Storage;

/// <summary>
/// One segment file and what the store knows about it without reading it: its committed length, its records and a
/// sparse index (every <see cref="CheckpointInterval"/>th record's offset) for reading from a sequence number.
/// Mutated only by the writer, under the <see cref="SegmentSet"/> lock.
/// </summary>
internal sealed class Segment
{
    /// <summary>How many records lie between two index checkpoints.</summary>
    public const int CheckpointInterval = 1024;

    private readonly List<long> _checkpoints = [];

    public Segment(string path, long firstSequence)
    {
        Path = path;
        FirstSequence = firstSequence;
        Length = RecordFormat.SegmentHeaderSize;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>The sequence number of the first record in the file.</summary>
    public long FirstSequence { get; }

    /// <summary>Bytes that are durable and valid; readers never go past this.</summary>
    public long Length { get; set; }

    /// <summary>The number of records.</summary>
    public long Count { get; private set; }

    /// <summary>The smallest event time of any record, in UTC ticks.</summary>
    public long MinEventTicks { get; private set; } = long.MaxValue;

    /// <summary>The largest event time of any record, in UTC ticks.</summary>
    public long MaxEventTicks { get; private set; } = long.MinValue;

    /// <summary>The last sequence number in the file, or <c>FirstSequence - 1</c> when it is empty.</summary>
    public long LastSequence => FirstSequence + Count - 1;

    /// <summary>Records one more record at <paramref name="offset"/>, ending at <paramref name="end"/>.</summary>
    public void Add(long offset, long end, long eventTicks)
    {
        if (Count % CheckpointInterval == 0)
        {
            _checkpoints.Add(offset);
        }

        Count++;
        Length = end;
        MinEventTicks = Math.Min(MinEventTicks, eventTicks);
        MaxEventTicks = Math.Max(MaxEventTicks, eventTicks);
    }

    /// <summary>The offset of the nearest indexed record at or before <paramref name="sequence"/>.</summary>
    public long OffsetBefore(long sequence)
    {
        if (sequence <= FirstSequence || _checkpoints.Count == 0)
        {
            return RecordFormat.SegmentHeaderSize;
        }

        var index = (int)Math.Min((sequence - FirstSequence) / CheckpointInterval, _checkpoints.Count - 1);
        return _checkpoints[index];
    }
}

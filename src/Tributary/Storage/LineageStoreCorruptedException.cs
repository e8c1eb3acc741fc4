namespace Tributary.Storage;

/// <summary>
/// The store found damage to events it had acknowledged (not a torn last write, which it repairs by itself), so it
/// refuses to open rather than silently lose them. The message names the file, the byte offset and the cause.
/// </summary>
public sealed class LineageStoreCorruptedException : IOException
{
    /// <summary>Creates the exception for damage found in <paramref name="segmentPath"/> at <paramref name="offset"/>.</summary>
    public LineageStoreCorruptedException(string segmentPath, long offset, long sequence, string reason)
        : base($"The event store is damaged in {segmentPath} at byte {offset}, where event {sequence} should be: {reason}. " +
               "Events before it are intact. Keep a copy of the store folder before repairing it.")
    {
        SegmentPath = segmentPath;
        Offset = offset;
        Sequence = sequence;
        Reason = reason;
    }

    /// <summary>The damaged segment file.</summary>
    public string SegmentPath { get; }

    /// <summary>The byte offset of the damage in <see cref="SegmentPath"/>.</summary>
    public long Offset { get; }

    /// <summary>The sequence number of the first event that could not be read.</summary>
    public long Sequence { get; }

    /// <summary>What is wrong, for example <c>checksum mismatch</c>.</summary>
    public string Reason { get; }
}

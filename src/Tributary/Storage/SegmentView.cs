namespace Tributary.Storage;

/// <summary>A consistent, immutable slice of one segment for a reader: where to start, where to stop.</summary>
/// <param name="Path">The segment file.</param>
/// <param name="Start">The offset of the first record to read.</param>
/// <param name="End">The committed length when the read began.</param>
/// <param name="MinEventTicks">The smallest event time in the segment.</param>
/// <param name="MaxEventTicks">The largest event time in the segment.</param>
internal readonly record struct SegmentView(string Path, long Start, long End, long MinEventTicks, long MaxEventTicks);

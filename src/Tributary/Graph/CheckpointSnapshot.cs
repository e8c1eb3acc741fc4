namespace Tributary.Graph;

// A checkpoint serialised in memory, not yet written anywhere (or being written by `writing`, which reads the body's
// segments): the graph it came from may change meanwhile. Disposing it stops that writer, then frees the segments.
internal sealed class CheckpointSnapshot(byte[] header, SegmentedBuffer body, long tablesAt, CheckpointFileWriter? writing = null) : IDisposable
{
    /// <summary>Where the body's string and list tables start, counted from the body's start.</summary>
    public long TablesAt => tablesAt;

    /// <summary>The body's length in bytes (the file holds a header and a trailer besides).</summary>
    public long Length => body.WrittenCount;

    /// <summary>Hands the checkpoint file's bytes to <paramref name="write"/> in order, a piece at a time.</summary>
    public void ForEach(Action<ReadOnlySpan<byte>> write)
    {
        write(header);
        body.ForEach(write);
        write(LineageGraph.CheckpointTrailer(tablesAt, body.WrittenCount, body.Crc32C()));
    }

    /// <summary>Writes the checkpoint file's bytes to <paramref name="destination"/>.</summary>
    public void CopyTo(Stream destination) => ForEach(destination.Write);

    /// <summary>Stops the file writer reading the body, if any, and frees the body's segments; the snapshot is not used afterwards.</summary>
    public void Dispose()
    {
        writing?.Dispose();
        body.Dispose();
    }
}
